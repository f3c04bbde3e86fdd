/**
 * Indicators month by month: events from their monthly rollup cells, balances and per-day rates month by month,
 * and population counts from the month-end snapshots (stat_snapshot, migration T19; the month in progress from
 * the live rollup). A past month without a snapshot, or a rate whose parts are not snapshotted, answers null:
 * unknown, never zero.
 */
import type { AppContext } from '../../context.ts';
import { type IndicatorDef, lastTwelveMonths, monthsEndingWith, type SuppressionCell } from '../../core/indicators.ts';
import type { Db } from '../../db/database.ts';
import {
  fillSnapshots,
  isSnapshotMeasure,
  type SnapshotReason,
  snapshotMonths,
  sumMeasure,
  sumSnapshots,
} from './stats.repository.ts';
import { ageRule, type Cell, chinaToday, evaluateOne, toCell } from './stats.service.ts';
import { type SliceSums, withheldDivisions, withheldParts } from './stats.suppression.ts';

/**
 * One cell per month (null: a future month, or a past one with nothing recorded to answer from). With `suppress`,
 * each month's cell is withheld as in that month's division tree; `period`, when the months add up to a period's
 * cell settled as given, also keeps any withheld month from being the only unknown under it.
 */
export async function monthlyCells(
  ctx: AppContext,
  def: IndicatorDef,
  division: string,
  months: readonly string[],
  suppress: boolean,
  period?: { withheld: boolean },
): Promise<(Cell | null)[]> {
  const current = chinaToday().slice(0, 7);
  const min = ctx.config.statsMinCell;
  const rate = !!def.denominator;
  const none = () => months.map(() => new Set<string>());
  // Per month: the raw sums (null: no answer) and whether the month's tree withholds the division.
  let raw: (SuppressionCell | null)[];
  let withheld: boolean[];
  if (def.period === 'month' && !def.balance && !def.denominatorPerDayOver) {
    const byMonth: SliceSums = async (codes) => {
      const options = {
        divisions: codes,
        window: { from: months[0] as string, to: months[months.length - 1] as string },
        refYear: Number(current.slice(0, 4)),
        rule: ageRule(ctx),
        groupBy: ['division_code' as const, 'period' as const],
      };
      const [nums, dens] = await Promise.all([
        sumMeasure(ctx.db, def.numerator, options),
        def.denominator ? sumMeasure(ctx.db, def.denominator, options) : Promise.resolve([]),
      ]);
      return months.map((m) => slice(codes, m, nums, dens, rate));
    };
    const own = await byMonth([division]);
    const hidden = suppress ? await withheldDivisions(ctx.db, [division], min, rate, byMonth) : none();
    raw = months.map((m, i) => (m > current ? null : (own[i]?.get(division) ?? null)));
    withheld = months.map((_, i) => hidden[i]?.has(division) ?? false);
  } else if (def.period === 'month') {
    // Balances and per-day rates: each month answered (and withheld) as its own period.
    const cells = await Promise.all(
      months.map((m) => (m > current ? null : evaluateOne(ctx, def, division, { kind: 'month', month: m }, suppress))),
    );
    if (!period || !suppress) return cells.map((c) => c?.cell ?? null);
    raw = cells.map((c) => c?.raw ?? null);
    withheld = cells.map((c) => c?.cell.suppressed ?? false);
  } else {
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
    const snap: SliceSums = async (codes) => {
      const options = { divisions: codes, months: wanted, rule: ageRule(ctx) };
      const [nums, dens] = await Promise.all([
        sumSnapshots(ctx.db, def.numerator, options),
        def.denominator ? sumSnapshots(ctx.db, def.denominator, options) : Promise.resolve([]),
      ]);
      const asRows = (rows: { division_code: string; month: string; value: number }[]) =>
        rows.map((r) => ({ division_code: r.division_code, period: r.month, value: r.value }));
      return wanted.map((m) => slice(codes, m, asRows(nums), asRows(dens), rate));
    };
    const own = await snap([division]);
    const hidden = suppress && wanted.length ? await withheldDivisions(ctx.db, [division], min, rate, snap) : [];
    const live = months.includes(current)
      ? await evaluateOne(ctx, def, division, { kind: 'month', month: current }, suppress)
      : null;
    raw = months.map((m) =>
      m === current ? (live?.raw ?? null) : known.has(m) ? (own[wanted.indexOf(m)]?.get(division) ?? null) : null,
    );
    withheld = months.map((m) =>
      m === current ? (live?.cell.suppressed ?? false) : (hidden[wanted.indexOf(m)]?.has(division) ?? false),
    );
  }
  if (suppress && period) {
    const parts = new Map(months.flatMap((m, i) => (raw[i] ? [[m, raw[i]] as const] : [])));
    const settled = new Set(months.filter((_, i) => withheld[i]));
    const hidden = withheldParts(parts, min, rate, period.withheld, settled);
    withheld = months.map((m) => hidden.has(m));
  }
  return months.map((_, i) => {
    const r = raw[i];
    return r ? toCell(def, r.numerator, r.denominator, withheld[i] ?? false) : null;
  });
}

/** One month's sums by division from grouped rows (missing: zero). */
function slice(
  codes: readonly string[],
  month: string,
  nums: { division_code?: string; period?: string; value: number }[],
  dens: { division_code?: string; period?: string; value: number }[],
  rate: boolean,
): Map<string, SuppressionCell> {
  const at = (rows: typeof nums, c: string) =>
    rows.filter((r) => r.division_code === c && r.period === month).reduce((a, r) => a + r.value, 0);
  return new Map(codes.map((c) => [c, { numerator: at(nums, c), denominator: rate ? at(dens, c) : null }]));
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
