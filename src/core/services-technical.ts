/**
 * Free technical services (计划生育技术服务, issue 26 part 3): IUD and implant insertion and removal, tubal ligation
 * and vasectomy. People request them; each is a basic public health service with the person's signed informed
 * consent (知情同意), a follow-up schedule and a complications record. Nothing here counts towards a target, and
 * no rule may refuse or delay a removal: a removal needs only the person's own consent, never an earlier
 * insertion on record, a waiting time, a spouse or an approval.
 */
import { createHash } from 'node:crypto';
import { addMonths } from './certificate.ts';
import type { LocalizedText } from './errors.ts';
import type { ServiceKind } from './services.ts';

export const TECHNICAL_KINDS = [
  'iud_insertion',
  'iud_removal',
  'implant_insertion',
  'implant_removal',
  'tubal_ligation',
  'vasectomy',
] as const satisfies readonly ServiceKind[];
export type TechnicalKind = (typeof TECHNICAL_KINDS)[number];

export const REMOVAL_KINDS: readonly TechnicalKind[] = ['iud_removal', 'implant_removal'];

export function isTechnical(kind: string): kind is TechnicalKind {
  return (TECHNICAL_KINDS as readonly string[]).includes(kind);
}

/**
 * Months after the service at which a follow-up visit is offered (the usual 1, 3, 6 and 12 months after an
 * insertion; one visit after a removal). An offer like every other: a missed visit is a work-list item, nothing more.
 */
export const FOLLOW_UP_MONTHS: Record<TechnicalKind, readonly number[]> = {
  iud_insertion: [1, 3, 6, 12],
  iud_removal: [1],
  implant_insertion: [1, 3, 6, 12],
  implant_removal: [1],
  tubal_ligation: [1, 3, 12],
  vasectomy: [1, 3],
};

/** The date of the follow-up visit after `visitsDone` visits, or null when the schedule is complete. */
export function followUpDue(kind: TechnicalKind, serviceDate: string, visitsDone: number): string | null {
  const months = FOLLOW_UP_MONTHS[kind][visitsDone];
  return months === undefined ? null : addMonths(serviceDate, months);
}

export const PAYERS = ['public_health_funds', 'county_finance', 'employer', 'medical_insurance', 'self'] as const;
export type Payer = (typeof PAYERS)[number];

export const PAYER_LABELS: Record<Payer, LocalizedText> = {
  public_health_funds: { zh: '基本公共卫生服务经费', en: 'Basic public health service funds' },
  county_finance: { zh: '县级财政', en: 'County finance' },
  employer: { zh: '用人单位', en: 'Employer' },
  medical_insurance: { zh: '医疗保险', en: 'Medical insurance' },
  self: { zh: '个人自付', en: 'Self-paid' },
};

/** What services given before payers were recorded are counted under (migration 2026-12-09T16; README). */
export const LEGACY_PAYER: Payer = 'public_health_funds';

export interface ConsentText {
  version: string;
  text: string;
  /** Each point the person confirms; a checklist consent must tick all of them. */
  items: Record<string, string>;
}

/**
 * The consent texts in use, by version. A new wording is a new version; old versions stay so that a signed
 * consent can always be shown with the exact text it was signed under (its SHA-256 is stored with it).
 */
export const CONSENT_TEXTS: Record<string, ConsentText> = {
  '2026-12': {
    version: '2026-12',
    text:
      '计划生育技术服务知情同意书（2026-12版）\n' +
      '本人自愿申请本项免费技术服务。医务人员已向本人说明：手术或操作的方法、可能的风险与并发症、' +
      '术后注意事项和随访安排，以及可选择的其他方法。本人可随时改变决定，取出或停止无须任何理由，' +
      '也不需要任何人批准。本人的信息仅用于本次服务和随访。',
    items: {
      voluntary: '本人自愿申请，未受任何人强迫',
      explained: '已了解方法、风险、并发症和随访安排',
      alternatives: '已了解可选择的其他方法',
      withdraw: '已了解可随时改变决定，取出不需要理由或批准',
    },
  },
};
export const CURRENT_CONSENT_VERSION = '2026-12';

export function consentTextHash(version: string): string | null {
  const t = CONSENT_TEXTS[version];
  return t ? createHash('sha256').update(t.text, 'utf8').digest('hex') : null;
}

export const COMPLICATION_KINDS = ['bleeding', 'infection', 'pain', 'displacement', 'other'] as const;
export const COMPLICATION_LABELS: Record<(typeof COMPLICATION_KINDS)[number], LocalizedText> = {
  bleeding: { zh: '出血', en: 'Bleeding' },
  infection: { zh: '感染', en: 'Infection' },
  pain: { zh: '疼痛', en: 'Pain' },
  displacement: { zh: '移位或脱落', en: 'Displacement or expulsion' },
  other: { zh: '其他', en: 'Other' },
};
