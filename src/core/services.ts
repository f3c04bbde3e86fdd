/**
 * Services people receive (MISSION capability 6): kinds, the minimal outcome each kind records, and the date
 * rules. Every service is an offer: a declined offer is recorded (status 'declined') and never blocks anything.
 */
import { addMonths } from './certificate.ts';
import type { LocalizedText } from './errors.ts';

export const SERVICE_KINDS = [
  'reproductive_checkup',
  'prenatal_care',
  'contraceptive_counselling',
  'mental_health_counselling',
  'health_education',
  // Free technical services people request (issue 26 part 3): basic public health services, never targets.
  'iud_insertion',
  'iud_removal',
  'implant_insertion',
  'implant_removal',
  'tubal_ligation',
  'vasectomy',
  // A follow-up visit after one of them (its schedule: core/services-technical.ts).
  'technical_follow_up',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const SERVICE_STATUSES = ['done', 'declined'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const SERVICE_KIND_LABELS: Record<ServiceKind, LocalizedText> = {
  reproductive_checkup: { zh: '生殖健康检查', en: 'Reproductive-health check-up' },
  prenatal_care: { zh: '孕产期保健', en: 'Prenatal / perinatal care' },
  contraceptive_counselling: { zh: '避孕节育咨询', en: 'Contraceptive counselling' },
  mental_health_counselling: { zh: '心理健康咨询', en: 'Mental-health counselling' },
  health_education: { zh: '健康教育', en: 'Health education' },
  iud_insertion: { zh: '放环', en: 'IUD insertion' },
  iud_removal: { zh: '取环', en: 'IUD removal' },
  implant_insertion: { zh: '皮埋放置', en: 'Implant insertion' },
  implant_removal: { zh: '皮埋取出', en: 'Implant removal' },
  tubal_ligation: { zh: '输卵管结扎', en: 'Tubal ligation' },
  vasectomy: { zh: '输精管结扎', en: 'Vasectomy' },
  technical_follow_up: { zh: '术后随访', en: 'Follow-up visit' },
};

/**
 * The outcome fields each kind may record (the minimum a follow-up needs; nothing else is accepted).
 * - check-up: whether a follow-up referral was advised;
 * - prenatal care: the visit type;
 * - contraceptive counselling: the method discussed (the person's own answer goes to contraceptive_in_use);
 * - mental-health counselling: a case plan and the follow-up count (report 4's 心理咨询 with 个案跟踪);
 * - health education: topic and form (lecture, leaflet, outreach day).
 */
export const OUTCOME_FIELDS: Record<ServiceKind, readonly string[]> = {
  reproductive_checkup: ['result', 'referralAdvised'],
  prenatal_care: ['visit', 'gestationWeeks'],
  contraceptive_counselling: ['methodDiscussed'],
  mental_health_counselling: ['casePlan', 'followUpWeeks', 'closed'],
  health_education: ['topic', 'form'],
  iud_insertion: ['note'],
  iud_removal: ['note'],
  implant_insertion: ['note'],
  implant_removal: ['note'],
  tubal_ligation: ['note'],
  vasectomy: ['note'],
  technical_follow_up: ['note'],
};

/** Months until the next offer of the same kind, when a service does not say (check-ups every 6 months). */
export const DEFAULT_NEXT_DUE_MONTHS: Partial<Record<ServiceKind, number>> = {
  reproductive_checkup: 6,
  contraceptive_counselling: 12,
};

export interface ServiceDateFacts {
  serviceDate: string;
  birthDate: string;
  today: string;
  nextDueOn?: string | null | undefined;
}

export interface DateProblem {
  path: 'serviceDate' | 'nextDueOn';
  problem: LocalizedText;
}

/** A service cannot be dated in the future or before the person was born; a next date lies after it. */
export function serviceDateProblems(f: ServiceDateFacts): DateProblem[] {
  const out: DateProblem[] = [];
  if (f.serviceDate > f.today) {
    out.push({ path: 'serviceDate', problem: { zh: '不能晚于今天', en: 'must not be in the future' } });
  }
  if (f.serviceDate < f.birthDate) {
    out.push({ path: 'serviceDate', problem: { zh: '不能早于出生日期', en: 'must not be before the birth date' } });
  }
  if (f.nextDueOn && f.nextDueOn <= f.serviceDate) {
    out.push({ path: 'nextDueOn', problem: { zh: '须晚于服务日期', en: 'must be after the service date' } });
  }
  return out;
}

/** The next due date stored with a record: the one given, else the kind's default interval (done or declined). */
export function nextDueDate(kind: ServiceKind, serviceDate: string, given?: string | null): string | null {
  if (given) return given;
  const months = DEFAULT_NEXT_DUE_MONTHS[kind];
  return months ? addMonths(serviceDate, months) : null;
}

/** Only the answer at contraceptive counselling counts for contraceptive prevalence; other kinds store null. */
export function contraceptiveAnswer(kind: ServiceKind, status: ServiceStatus, answer?: boolean | null): boolean | null {
  if (kind !== 'contraceptive_counselling' || status !== 'done') return null;
  return answer ?? null;
}

/** Outcome keys that the kind does not define. */
export function unknownOutcomeKeys(kind: ServiceKind, outcome: Record<string, unknown>): string[] {
  const allowed = OUTCOME_FIELDS[kind];
  return Object.keys(outcome).filter((k) => !allowed.includes(k));
}
