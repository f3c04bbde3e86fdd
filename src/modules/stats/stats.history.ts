/**
 * Indicators month by month: events from their monthly rollup cells, balances and per-day rates month by month,
 * and population counts from the month-end snapshots (stat_snapshot, migration T19; the month in progress from
 * the live rollup). A past month without a snapshot, or a rate whose parts are not snapshotted, answers null:
 * unknown, never zero.
 */
import type { AppContext } from '../../context.ts';
import { type IndicatorDef, lastTwelveMonths, monthsEndingWith } from '../../core/indicators.ts';
import type { Db } from '../audit/audit.repository.ts';
import {
  fillSnapshots,
  isSnapshotMeasure,
  type SnapshotReason,
  snapshotMonths,
  sumMeasure,
  sumSnapshots,
} from './stats.repository.ts';
import { ageRule, type Cell, chinaToday, evaluate, toCell } from './stats.service.ts';

/** One cell per month (null: a future month, or a past one with nothing recorded to answer from). */
export async function monthlyCells(
  ctx: AppContext,
  def: IndicatorDef,
  division: string,
  months: readonly string[],
  suppress: boolean,
): Promise<(Cell | null)[]> {
  const current = chinaToday().slice(0, 7);
  const min = ctx.config.statsMinCell;
  if (def.period === 'month' && !def.balance && !def.denominatorPerDayOver) {
    const options = {
      divisions: [division],
      window: { from: months[0] as string, to: months[months.length - 1] as string },
      refYear: Number(current.slice(0, 4)),
      rule: ageRule(ctx),
      groupBy: ['period' as const],
    };
    const [nums, dens] = await Promise.all([
      sumMeasure(ctx.db, def.numerator, options),
      def.denominator ? sumMeasure(ctx.db, def.denominator, options) : Promise.resolve([]),
    ]);
    const num = new Map(nums.map((r) => [r.period as string, r.value]));
    const den = new Map(dens.map((r) => [r.period as string, r.value]));
    return months.map((m) =>
      m > current ? null : toCell(def, num.get(m) ?? 0, def.denominator ? (den.get(m) ?? 0) : null, suppress, min),
    );
  }
  const live = async (month: string) =>
    (await evaluate(ctx, def, [division], { kind: 'month', month }, suppress)).get(division) ?? null;
  if (def.period === 'month') return Promise.all(months.map((m) => (m > current ? null : live(m))));
  // A stock of people: month-end snapshots for past months, the live rollup for the month in progress.
  const snapshotted =
    isSnapshotMeasure(def.numerator.measure) && (!def.denominator || isSnapshotMeasure(def.denominator.measure));
  const past = months.filter((m) => m < current);
  // A rate's numerator is in the history only for months computed since migration 2026-12-07T04.
  const known =
    snapshotted && past.length
      ? await snapshotMonths(ctx.db, past[0] as string, current, Boolean(def.denominator))
      : new Set();
  const wanted = past.filter((m) => known.has(m));
  const options = { divisions: [division], months: wanted, rule: ageRule(ctx) };
  const [nums, dens] = await Promise.all([
    sumSnapshots(ctx.db, def.numerator, options),
    def.denominator ? sumSnapshots(ctx.db, def.denominator, options) : Promise.resolve([]),
  ]);
  const num = new Map(nums.map((r) => [r.month, r.value]));
  const den = new Map(dens.map((r) => [r.month, r.value]));
  return Promise.all(
    months.map(async (m) => {
      if (m === current) return live(m);
      if (!known.has(m)) return null;
      return toCell(def, num.get(m) ?? 0, def.denominator ? (den.get(m) ?? 0) : null, suppress, min);
    }),
  );
}

/** The complete months before `today`'s, oldest first. */
function completeMonths(today: string, count: number): string[] {
  return monthsEndingWith(lastTwelveMonths(today.slice(0, 7))[10] as string, count);
}

/**
 * Month-end snapshots the server keeps (at start and hourly): every one of the last twelve complete months that
 * has none yet is computed, so a month is recorded within an hour of its end. Nothing is written to a database
 * without people (a freshly migrated database must stay empty for `liudong restore`).
 */
export async function ensureSnapshots(db: Db, today = chinaToday()): Promise<string[]> {
  const months = completeMonths(today, 12);
  const known = await snapshotMonths(db, months[0] as string, months[11] as string, true);
  const missing = months.filter((m) => !known.has(m));
  if (missing.length === 0) return [];
  const anyone = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
  if (!anyone) return [];
  await fillSnapshots(db, missing[0] as string, missing[missing.length - 1] as string, 'scheduled');
  return missing;
}

/**
 * Recomputes the month-end snapshots of the last `count` complete months (`liudong stats snapshot` / rebuild).
 * This is the one way a closed month's history changes (a late registration with an earlier arrival date);
 * each run is recorded in stat_snapshot_run.
 */
export async function rebuildSnapshots(
  db: Db,
  count: number,
  today = chinaToday(),
  reason: SnapshotReason = 'command',
) {
  const months = completeMonths(today, count);
  const from = months[0] as string;
  const to = months[months.length - 1] as string;
  return { from, to, cells: await fillSnapshots(db, from, to, reason) };
}
