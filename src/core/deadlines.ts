/**
 * Service deadlines from the document's targets, as work items (due, overdue, done):
 * - an arriving person is registered and their certificate checked within 15 days (done when a check is
 *   recorded, including "holds no certificate": nobody is refused anything for lacking one);
 * - a married woman of childbearing age who arrives is offered a free check-up within 1 month;
 * - after that, a check-up is offered every 6 months;
 * - a certificate expiring within 30 days is due for renewal (done when it was renewed).
 * A check-up offer is satisfied by a reproductive-health check-up record on or after arrival, done or declined
 * (the offer was made; declining never blocks anything). Without one, the periodic cycle is anchored on the
 * arrival date; with one, on the latest check-up (its next due date, else the interval).
 * Other services with a next due date (counselling follow-ups, prenatal visits) are 'service_follow_up' items.
 * The origin office's list also names outflow married women without a valid certificate, to offer one
 * ('certificate_offer', 可提供办证服务): an offer, never overdue and never a sanction.
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
  'service_follow_up',
  'exchange_reply',
  'certificate_offer',
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
  /** For service follow-ups: which service is due. */
  serviceKind?: string;
  /** For exchange replies: the inbox message to answer. */
  messageId?: string;
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
  /** Dates of check-up records (done or declined), any order; the offer was made on each. */
  checkupsOn?: readonly string[];
  /** The next due date recorded with the latest check-up, if any. */
  nextCheckupDue?: string | null;
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
  const arrived = p.arrivedOn;
  const offers = [...(p.checkupsOn ?? [])].filter((d) => d >= arrived).sort();
  const firstDone = offers[0] ?? null;
  if (inWindow(firstDue, today, rules)) {
    items.push({
      ...base,
      kind: 'first_checkup',
      dueOn: firstDue,
      doneOn: firstDone,
      status: statusOf(firstDue, firstDone, today),
    });
  }
  const horizon = addDays(today, rules.expiryNoticeDays);
  const latest = offers[offers.length - 1];
  if (latest) {
    const next =
      p.nextCheckupDue && p.nextCheckupDue > latest ? p.nextCheckupDue : addMonths(latest, rules.checkupIntervalMonths);
    if (next <= horizon) {
      if (inWindow(next, today, rules)) {
        items.push({
          ...base,
          kind: 'periodic_checkup',
          dueOn: next,
          doneOn: null,
          status: statusOf(next, null, today),
        });
      }
      return items;
    }
    const previous = offers[offers.length - 2];
    if (previous) {
      // The latest check-up answered the cycle that followed the one before it.
      const answered = addMonths(previous, rules.checkupIntervalMonths);
      if (inWindow(answered, today, rules)) {
        items.push({ ...base, kind: 'periodic_checkup', dueOn: answered, doneOn: latest, status: 'done' });
      }
    }
    return items;
  }
  // The latest cycle date that has come within the reminder horizon.
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

/** What the origin knows of an outflow person, to offer them a certificate (可提供办证服务, issue 26 part 7). */
export interface OutflowFacts {
  personId: string;
  hukouDivision: string;
  residenceDivision: string;
  /** When they left (their arrival at the residence), if recorded. */
  arrivedOn: string | null;
  sex: 'M' | 'F';
  birthDate: string;
  maritalStatus: MaritalStatus;
  /** Whether the person holds a certificate that is valid today. */
  hasValidCertificate: boolean;
}

/**
 * An outflow married woman of childbearing age without a valid certificate can be offered one by her origin
 * office, which saves her a trip home when she needs it. An offer, never a requirement or a sanction: the item is
 * always "due", never overdue, and it leaves the list when a certificate is issued or she is no longer outflow.
 */
export function certificateOfferItem(
  p: OutflowFacts,
  today: string,
  childbearing?: ChildbearingAgeRule,
): WorkItem | null {
  const outflow = p.hukouDivision.slice(0, 6) !== p.residenceDivision.slice(0, 6);
  if (!outflow || p.hasValidCertificate || p.sex !== 'F' || !isMarried(p.maritalStatus)) return null;
  if (!isChildbearingAge(p, today, childbearing)) return null;
  return {
    kind: 'certificate_offer',
    personId: p.personId,
    division: p.hukouDivision,
    dueOn: p.arrivedOn && p.arrivedOn <= today ? p.arrivedOn : today,
    status: 'due',
    doneOn: null,
    certificateId: null,
  };
}

export type Counts = Record<WorkStatus, number>;

export function countItems(items: readonly WorkItem[]): Counts {
  const counts: Counts = { due: 0, overdue: 0, done: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}

export interface ServiceDueFacts {
  personId: string;
  division: string;
  serviceKind: string;
  /** From the latest record of this kind for the person. */
  nextDueOn: string;
}

/** An upcoming or overdue service (e.g. a counselling follow-up): listed once it comes within the horizon. */
export function serviceFollowUpItem(
  f: ServiceDueFacts,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): WorkItem | null {
  if (f.nextDueOn > addDays(today, rules.expiryNoticeDays) || !inWindow(f.nextDueOn, today, rules)) return null;
  return {
    kind: 'service_follow_up',
    personId: f.personId,
    division: f.division,
    dueOn: f.nextDueOn,
    status: statusOf(f.nextDueOn, null, today),
    doneOn: null,
    certificateId: null,
    serviceKind: f.serviceKind,
  };
}
