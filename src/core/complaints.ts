/**
 * Complaint deadlines (便民维权). Pure rules, no I/O.
 *
 * Working days follow the official Chinese public-holiday arrangement (国务院办公厅关于部分节假日安排的通知),
 * including the weekend days that become working days (调休), from the `chinese-days` package. Its data covers
 * 2004 to the latest year the State Council has announced (2026 in version 1.5.7); for a later year only
 * weekends are known until the package is updated (`npm update chinese-days` after each November's notice).
 */
import chineseDays from 'chinese-days';
import { addDays, addMonths } from './certificate.ts';

const { isWorkday } = chineseDays;

/** The last year whose holidays the installed calendar knows; later years count only weekends. */
export const HOLIDAY_CALENDAR_LAST_YEAR = 2026;

export const DEFAULT_RESPONSE_WORKING_DAYS = 5;

/** True on an official working day (a weekday that is not a public holiday, or a 调休 weekend day). */
export function isWorkingDay(date: string): boolean {
  return isWorkday(date);
}

/** The date `n` working days after `from` (the day of receipt does not count). */
export function addWorkingDays(from: string, n: number): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Response deadline for a consultation or complaint received on `receivedOn`. */
export function responseDueOn(receivedOn: string, workingDays = DEFAULT_RESPONSE_WORKING_DAYS): string {
  return addWorkingDays(receivedOn, workingDays);
}

export type ComplaintTiming = 'on_time' | 'due' | 'overdue' | 'late';

/**
 * Where a complaint stands on `today`: still open and not yet past its deadline ('due'), open past it
 * ('overdue', which escalates), answered by the deadline ('on_time') or after it ('late').
 */
export function complaintTiming(c: { dueOn: string; repliedOn: string | null }, today: string): ComplaintTiming {
  if (c.repliedOn) return c.repliedOn <= c.dueOn ? 'on_time' : 'late';
  return today > c.dueOn ? 'overdue' : 'due';
}

export type LegalRequestKind = 'administrative_review' | 'litigation';

/**
 * Statutory time limits, counted from the day the person knew or should have known of the administrative act:
 * - 行政复议 (administrative review): 60 days — 《中华人民共和国行政复议法》(2023年修订) 第二十条第一款
 *   ("自知道或者应当知道该行政行为之日起六十日内提出行政复议申请").
 * - 行政诉讼 (litigation): 6 months — 《中华人民共和国行政诉讼法》(2017年修正) 第四十六条第一款
 *   ("应当自知道或者应当知道作出行政行为之日起六个月内提出").
 * Longer limits set by other laws, and suspensions for force majeure, are for the legal officer to record.
 */
export const STATUTORY_LIMITS: Record<LegalRequestKind, { days?: number; months?: number; law: string }> = {
  administrative_review: { days: 60, law: '《行政复议法》第二十条' },
  litigation: { months: 6, law: '《行政诉讼法》第四十六条' },
};

export function statutoryDeadline(kind: LegalRequestKind, knownOn: string): string {
  const limit = STATUTORY_LIMITS[kind];
  return limit.months ? addMonths(knownOn, limit.months) : addDays(knownOn, limit.days ?? 0);
}
