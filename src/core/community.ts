/**
 * Community work vocabulary (issue 9, part B): visit purposes and outcomes, employer/landlord agreements,
 * outreach event kinds, with their Chinese names as a village office uses them. Shared by server and PDF.
 */
import type { LocalizedText } from './errors.ts';

export const HOUSEHOLD_RELATIONS = ['head', 'spouse', 'child', 'relative', 'other'] as const;
export const VISIT_PURPOSES = [
  'arrival_registration',
  'service_reminder',
  'health_education',
  'contraceptive_supply',
  'certificate',
  'follow_up',
  'other',
] as const;
export const VISIT_OUTCOMES = [
  'met',
  'not_home',
  'moved_away',
  'service_booked',
  'declined',
  'referred',
  'other',
] as const;
/** Community partners; property-management companies (物业服务企业) help in residential compounds (seed art. 31). */
export const PARTY_KINDS = ['employer', 'landlord', 'property_manager'] as const;
/** Cooperation: hosting a distribution point, paying for free services, service days held on site. */
export const AGREEMENT_KINDS = ['distribution_point', 'pays_free_services', 'onsite_service_days'] as const;
export const OUTREACH_KINDS = [
  'regulation_month',
  'holiday',
  'womens_day',
  'onsite_service_day',
  'health_talk',
  'other',
] as const;

export const RELATION_LABELS: Record<(typeof HOUSEHOLD_RELATIONS)[number], LocalizedText> = {
  head: { zh: '户主', en: 'Head' },
  spouse: { zh: '配偶', en: 'Spouse' },
  child: { zh: '子女', en: 'Child' },
  relative: { zh: '亲属', en: 'Relative' },
  other: { zh: '其他', en: 'Other' },
};

export const OUTREACH_KIND_LABELS: Record<(typeof OUTREACH_KINDS)[number], LocalizedText> = {
  regulation_month: { zh: '条例宣传月', en: 'Regulation publicity month' },
  holiday: { zh: '节假日宣传', en: 'Holiday outreach' },
  womens_day: { zh: '三八妇女节服务日', en: 'March 8 service day' },
  onsite_service_day: { zh: '企业（工地）服务日', en: 'On-site service day' },
  health_talk: { zh: '健康讲座', en: 'Health talk' },
  other: { zh: '其他', en: 'Other' },
};
