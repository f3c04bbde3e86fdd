/**
 * Service deadlines from the document's targets, as work items (due, overdue, done):
 * - an arriving person is registered and their certificate checked within 15 days (done when a check is
 *   recorded, including "holds no certificate": nobody is refused anything for lacking one);
 * - a married woman of childbearing age who arrives is offered a free check-up within 1 month;
 * - after that, a check-up is offered every 6 months;
 * - a certificate expiring within 30 days is due for renewal (done when it was renewed).
 * Check-up items are never "done" yet: service records arrive with issue #4, and until then the registry
 * holds no check-up, so the periodic cycle is anchored on the arrival date. No state is invented.
 */
import { addDays, addMonths } from './certificate.ts';
import { type ChildbearingAgeRule, isChildbearingAge, isMarried, type MaritalStatus } from './person.ts';

export interface DeadlineRules {
  arrivalDays: number;
  firstCheckupMonths: number;
  checkupIntervalMonths: number;
  /** Certificates expiring within this many days are listed; also the horizon for upcoming check-ups. */
  expiryNoticeDays: number;
  /** Items whose deadline passed longer ago than this are no longer listed (history, not work). */
  lookbackDays: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  arrivalDays: 15,
  firstCheckupMonths: 1,
  checkupIntervalMonths: 6,
  expiryNoticeDays: 30,
  lookbackDays: 365,
};

export const WORK_KINDS = [
  'arrival_check',
  'first_checkup',
  'periodic_checkup',
  'certificate_expiry',
  'exchange_reply',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
export const WORK_STATUSES = ['due', 'overdue', 'done'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

export interface WorkItem {
  kind: WorkKind;
  personId: string;
  /** Where the work is done: the residence for arrivals and check-ups, the issuing office for renewals. */
  division: string;
  dueOn: string;
  status: WorkStatus;
  doneOn: string | null;
  certificateId: string | null;
}

export interface ArrivalFacts {
  personId: string;
  hukouDivision: string;
  residenceDivision: string;
  arrivedOn: string | null;
  departedOn: string | null;
  sex: 'M' | 'F';
  birthDate: string;
  maritalStatus: MaritalStatus;
  /** Date of the first certificate check recorded on or after arrival, if any. */
  firstCheckOn: string | null;
}

/** Floating population: living outside the county of household registration (first 6 digits differ). */
export function isArrival(p: Pick<ArrivalFacts, 'hukouDivision' | 'residenceDivision' | 'arrivedOn' | 'departedOn'>) {
  return (
    p.arrivedOn !== null && p.departedOn === null && p.hukouDivision.slice(0, 6) !== p.residenceDivision.slice(0, 6)
  );
}

function statusOf(dueOn: string, doneOn: string | null, today: string): WorkStatus {
  if (doneOn) return 'done';
  return dueOn < today ? 'overdue' : 'due';
}

function inWindow(dueOn: string, today: string, rules: DeadlineRules): boolean {
  return dueOn >= addDays(today, -rules.lookbackDays);
}

export function arrivalItems(
  p: ArrivalFacts,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
  childbearing?: ChildbearingAgeRule,
): WorkItem[] {
  if (!isArrival(p) || !p.arrivedOn) return [];
  const base = { personId: p.personId, division: p.residenceDivision, certificateId: null };
  const items: WorkItem[] = [];
  const checkDue = addDays(p.arrivedOn, rules.arrivalDays);
  if (inWindow(checkDue, today, rules)) {
    items.push({
      ...base,
      kind: 'arrival_check',
      dueOn: checkDue,
      doneOn: p.firstCheckOn,
      status: statusOf(checkDue, p.firstCheckOn, today),
    });
  }
  const woman = p.sex === 'F' && isMarried(p.maritalStatus) && isChildbearingAge(p, today, childbearing);
  if (!woman) return items;
  const firstDue = addMonths(p.arrivedOn, rules.firstCheckupMonths);
  if (inWindow(firstDue, today, rules)) {
    items.push({
      ...base,
      kind: 'first_checkup',
      dueOn: firstDue,
      doneOn: null,
      status: statusOf(firstDue, null, today),
    });
  }
  // The latest cycle date that has come within the reminder horizon.
  const horizon = addDays(today, rules.expiryNoticeDays);
  let cycle: string | null = null;
  for (let k = 1; ; k++) {
    const next = addMonths(firstDue, k * rules.checkupIntervalMonths);
    if (next > horizon) break;
    cycle = next;
  }
  if (cycle && inWindow(cycle, today, rules)) {
    items.push({ ...base, kind: 'periodic_checkup', dueOn: cycle, doneOn: null, status: statusOf(cycle, null, today) });
  }
  return items;
}

export interface CertificateExpiryFacts {
  certificateId: string;
  personId: string;
  issuerDivision: string;
  status: 'valid' | 'revoked' | 'replaced';
  expiresOn: string;
  /** When a replacing certificate was issued, if any. */
  replacedOn: string | null;
}

export function certificateExpiryItem(
  c: CertificateExpiryFacts,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): WorkItem | null {
  const notice = addDays(c.expiresOn, -rules.expiryNoticeDays);
  if (c.expiresOn > addDays(today, rules.expiryNoticeDays) || !inWindow(c.expiresOn, today, rules)) return null;
  const base = {
    kind: 'certificate_expiry' as const,
    personId: c.personId,
    division: c.issuerDivision,
    dueOn: c.expiresOn,
    certificateId: c.certificateId,
  };
  if (c.status === 'valid') return { ...base, doneOn: null, status: statusOf(c.expiresOn, null, today) };
  // Renewed: replaced within the notice period before expiry (an earlier correction is not a renewal).
  if (c.status === 'replaced' && c.replacedOn && c.replacedOn >= notice)
    return { ...base, doneOn: c.replacedOn, status: 'done' };
  return null;
}

export type Counts = Record<WorkStatus, number>;

export function countItems(items: readonly WorkItem[]): Counts {
  const counts: Counts = { due: 0, overdue: 0, done: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}
