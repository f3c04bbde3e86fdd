/**
 * Community work vocabulary (issue 9, part B): visit purposes and outcomes, employer/landlord agreements,
 * outreach event kinds, with their Chinese names as a village office uses them. Shared by server and PDF.
 */
import type { LocalizedText } from './errors.ts';
import { FIELD_LABELS } from './person.ts';

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
export const PARTY_KINDS = ['employer', 'landlord'] as const;
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

/**
 * Field labels for error messages ("地址：不能为空"). Added to the shared table without replacing a label
 * another module already defined, so this module needs no edit of core/person.ts.
 */
const LABELS: Record<string, LocalizedText> = {
  divisionCode: { zh: '所属村（居）', en: 'Village' },
  address: { zh: '地址', en: 'Address' },
  members: { zh: '家庭成员', en: 'Members' },
  'members.personId': { zh: '家庭成员', en: 'Member' },
  'members.relation': { zh: '与户主关系', en: 'Relation' },
  representativeId: { zh: '联系村民代表', en: 'Village representative' },
  landlordId: { zh: '房东', en: 'Landlord' },
  employerId: { zh: '工作单位', en: 'Employer' },
  householdIds: { zh: '小组住户', en: 'Households' },
  leaderHouseholdId: { zh: '组长户', en: 'Leader household' },
  fromMonth: { zh: '起始月份', en: 'From month' },
  toMonth: { zh: '截止月份', en: 'To month' },
  months: { zh: '月数', en: 'Months' },
  dutyDate: { zh: '值班日期', en: 'Duty date' },
  activities: { zh: '值班情况', en: 'Activities' },
  issues: { zh: '发现的问题', en: 'Issues found' },
  visitedOn: { zh: '走访日期', en: 'Visit date' },
  purpose: { zh: '走访目的', en: 'Purpose' },
  outcome: { zh: '走访结果', en: 'Outcome' },
  personId: { zh: '人员', en: 'Person' },
  householdId: { zh: '住户', en: 'Household' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  industry: { zh: '行业', en: 'Industry' },
  signedOn: { zh: '签订日期', en: 'Signed on' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
  serviceDaysPerYear: { zh: '每年服务日', en: 'Service days a year' },
  title: { zh: '活动名称', en: 'Title' },
  place: { zh: '地点', en: 'Place' },
  heldOn: { zh: '活动日期', en: 'Date' },
  materialsCount: { zh: '发放宣传资料（份）', en: 'Materials handed out' },
  attendance: { zh: '参加人数', en: 'Attendance' },
  servicesCount: { zh: '现场服务人次', en: 'Services given' },
  serviceRecordIds: { zh: '关联服务记录', en: 'Linked services' },
  partyId: { zh: '举办单位', en: 'Host' },
};
for (const [key, label] of Object.entries(LABELS)) {
  if (!(key in FIELD_LABELS)) FIELD_LABELS[key] = label;
}
