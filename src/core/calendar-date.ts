/**
 * The one rule for a calendar date (YYYY-MM-DD) anywhere in the platform: a day that exists, inside bounds the
 * database and the work can hold. PostgreSQL has no year 0 (`0000-01-01` failed as a 500), and JavaScript's
 * Date rolls 2026-02-30 over into March, so a date is checked by its fields, never by `Date.parse`.
 */
import { chinaToday } from './china-time.ts';
import type { LocalizedText } from './errors.ts';

/** Nothing we record happened before 1900 (birth dates of the oldest residents included). */
export const EARLIEST_DATE = '1900-01-01';
/** Far enough ahead for due dates, validity and planned work; a query beyond it is a typo. */
export const LATEST_DATE = '2099-12-31';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DATE_PROBLEMS = {
  format: { zh: '日期格式应为YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  unreal: { zh: '不是有效日期', en: 'is not a real date' },
  tooEarly: { zh: `不能早于${EARLIEST_DATE}`, en: `must not be before ${EARLIEST_DATE}` },
  tooLate: { zh: `不能晚于${LATEST_DATE}`, en: `must not be after ${LATEST_DATE}` },
  future: { zh: '不能晚于今天', en: 'must not be in the future' },
} satisfies Record<string, LocalizedText>;

/** True when y-m-d names a day of the Gregorian calendar (months 1–12, the month's real length). */
export function isRealDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface DateBounds {
  /** 'today' for events that cannot lie ahead (births, arrivals, complaints received). */
  notAfter?: 'today';
}

/** The problem with a date text, or null when it is a real day within bounds. */
export function dateProblem(text: string, bounds: DateBounds = {}, today = chinaToday()): LocalizedText | null {
  const parts = SHAPE.exec(text);
  if (!parts) return DATE_PROBLEMS.format;
  if (!isRealDay(Number(parts[1]), Number(parts[2]), Number(parts[3]))) return DATE_PROBLEMS.unreal;
  if (text < EARLIEST_DATE) return DATE_PROBLEMS.tooEarly;
  if (text > LATEST_DATE) return DATE_PROBLEMS.tooLate;
  if (bounds.notAfter === 'today' && text > today) return DATE_PROBLEMS.future;
  return null;
}

export const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month YYYY-MM within the same bounds (rosters, periods). */
export function isBoundedMonth(text: string): boolean {
  return MONTH_SHAPE.test(text) && text >= EARLIEST_DATE.slice(0, 7) && text <= LATEST_DATE.slice(0, 7);
}
