/** Periods of an indicator query (a month or a year) and the month arithmetic the answers need. */

/** Periods a query may ask for: now (the default), a month or a year. */
export type PeriodSpec = { kind: 'month'; month: string } | { kind: 'year'; year: number };

export function parsePeriod(text: string | undefined, today: string): PeriodSpec | null {
  if (!text) return { kind: 'year', year: Number(today.slice(0, 4)) };
  if (/^\d{4}$/.test(text)) return { kind: 'year', year: Number(text) };
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return { kind: 'month', month: text };
  return null;
}

export function periodRefYear(p: PeriodSpec): number {
  return p.kind === 'year' ? p.year : Number(p.month.slice(0, 4));
}

/** First and last 'YYYY-MM' of a period. */
export function periodMonths(p: PeriodSpec): { from: string; to: string } {
  return p.kind === 'year' ? { from: `${p.year}-01`, to: `${p.year}-12` } : { from: p.month, to: p.month };
}

/** The `n` calendar months ending with `month`, oldest first. */
export function monthsEndingWith(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

/** The twelve months up to and including `month`, oldest first. */
export function lastTwelveMonths(month: string): string[] {
  return monthsEndingWith(month, 12);
}

/** The last month of a period that has begun by `today` (a year still running ends with the current month). */
export function periodEndMonth(p: PeriodSpec, today: string): string {
  const to = periodMonths(p).to;
  const current = today.slice(0, 7);
  // Months compare as text ('YYYY-MM').
  return [to, current].sort()[0] as string;
}

/** Days in a run of whole months, the current month (of `today`) counting only its days so far. */
export function daysInMonths(months: readonly string[], today: string): number {
  let days = 0;
  for (const month of months) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    if (month === today.slice(0, 7)) days += Number(today.slice(8, 10));
    else if (month < today.slice(0, 7)) days += new Date(Date.UTC(y, m, 0)).getUTCDate();
  }
  return days;
}

/** The last day 'YYYY-MM-DD' of a period. */
export function periodLastDay(p: PeriodSpec): string {
  const [y, m] = periodMonths(p).to.split('-').map(Number) as [number, number];
  return `${periodMonths(p).to}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * What a period's figures stand as of: a period that has ended answers as of its last day, from the month-end
 * history (it is a fact and does not move); the period in progress (or one not begun) answers as of today.
 */
export interface PeriodAsOf {
  /** 'YYYY-MM-DD': the period's last day when closed, else today. */
  date: string;
  closed: boolean;
  /** The month-end snapshot a closed period's stock comes from ('YYYY-MM'), else null. */
  snapshotMonth: string | null;
}

export function periodAsOf(p: PeriodSpec, today: string): PeriodAsOf {
  const last = periodLastDay(p);
  return last < today
    ? { date: last, closed: true, snapshotMonth: periodMonths(p).to }
    : { date: today, closed: false, snapshotMonth: null };
}

/** "截至2026-11-30", or "截至2026-12-07（本期未结束）" for the period in progress. */
export function asOfLabel(a: PeriodAsOf): string {
  return a.closed ? `截至${a.date}` : `截至${a.date}（本期未结束）`;
}
