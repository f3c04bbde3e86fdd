/**
 * Staff assessment as in report 4 (甬江街道): two scores out of 100, discipline weighted 40% and work 60%;
 * ranked; the first and second get their bonus raised 20% and 10%, the last and second-to-last lowered 20%
 * and 10%; last place two years running is flagged. The report's consequence for that (劝退) is a decision for
 * people, so the app only flags it.
 */

export interface AssessmentEntry {
  staffName: string;
  discipline: number;
  work: number;
}

export interface AssessmentResult extends AssessmentEntry {
  total: number;
  /** 1 = best; tied totals share a rank. */
  rank: number;
  /** Bonus adjustment in percent: +20, +10, 0, −10 or −20. */
  bonusAdjustment: number;
  lastPlace: boolean;
  /** Last place this year and last year. */
  flagged: boolean;
}

export const DISCIPLINE_WEIGHT = 0.4;
export const WORK_WEIGHT = 0.6;

export function assessmentTotal(discipline: number, work: number): number {
  return Math.round((discipline * DISCIPLINE_WEIGHT + work * WORK_WEIGHT) * 100) / 100;
}

/** Competition ranking ("1, 2, 2, 4") of values where `better(a, b)` says a ranks before b. */
function competitionRanks(totals: number[], better: (a: number, b: number) => boolean): number[] {
  return totals.map((t) => 1 + totals.filter((o) => better(o, t)).length);
}

/**
 * Ranks one unit's staff for a year. `lastYearLast` holds the names of last year's last place(s).
 * With fewer than four staff the top adjustments win over the bottom ones; someone who is both first and
 * last (everybody tied) gets no adjustment.
 */
export function rankAssessment(entries: readonly AssessmentEntry[], lastYearLast: ReadonlySet<string> = new Set()) {
  const totals = entries.map((e) => assessmentTotal(e.discipline, e.work));
  const ranks = competitionRanks(totals, (a, b) => a > b);
  const fromBottom = competitionRanks(totals, (a, b) => a < b);
  const results: AssessmentResult[] = entries.map((e, i) => {
    const rank = ranks[i] as number;
    const bottom = fromBottom[i] as number;
    const top = rank === 1 ? 20 : rank === 2 ? 10 : 0;
    const low = bottom === 1 ? -20 : bottom === 2 ? -10 : 0;
    const bonusAdjustment = entries.length < 2 || (top !== 0 && low !== 0 && rank === 1) ? 0 : top !== 0 ? top : low;
    const lastPlace = entries.length > 1 && bottom === 1 && rank !== 1;
    return {
      ...e,
      total: totals[i] as number,
      rank,
      bonusAdjustment,
      lastPlace,
      flagged: lastPlace && lastYearLast.has(e.staffName),
    };
  });
  return results.sort((a, b) => a.rank - b.rank || a.staffName.localeCompare(b.staffName, 'zh'));
}
