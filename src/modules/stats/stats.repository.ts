/**
 * SQL over the rollups. Every query reads stat_rollup by its primary key prefix (measure, division, period),
 * never person or event tables, so an answer costs the same at 400 people or 10 million.
 */
import { sql } from 'kysely';
import { birthYearRange, type MeasureQuery } from '../../core/indicators.ts';
import type { ChildbearingAgeRule } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';

/**
 * A point-in-time query or a range of months 'YYYY-MM'. A point is now (rollup period '') or, with `asOf`, the
 * month-end history of that month (stat_snapshot): a closed period's stock. A range with `history` reads the
 * months' history too (a closed period's arrivals).
 */
export type Window = { point: true; asOf?: string | null } | { from: string; to: string; history?: boolean };

export type GroupColumn = 'division_code' | 'period' | 'sex' | 'birth_year' | 'detail';

export interface SumOptions {
  divisions: readonly string[];
  window: Window;
  refYear: number;
  rule: ChildbearingAgeRule;
  groupBy: readonly GroupColumn[];
}

export interface SumRow {
  division_code?: string;
  period?: string;
  sex?: string;
  birth_year?: number;
  detail?: string;
  value: number;
}

export async function sumMeasure(db: Db, q: MeasureQuery, o: SumOptions): Promise<SumRow[]> {
  if (o.divisions.length === 0) return [];
  if ('point' in o.window && o.window.asOf) {
    const month = o.window.asOf;
    const rows = await snapshotCells(db, q, { divisions: o.divisions, months: [month], rule: o.rule }, o.groupBy);
    return rows.map(({ month: _, ...r }) => r);
  }
  if (!('point' in o.window) && o.window.history) {
    const months = monthRange(o.window.from, o.window.to);
    const rows = await snapshotCells(db, q, { divisions: o.divisions, months, rule: o.rule }, o.groupBy);
    return rows.map(({ month, ...r }) => (o.groupBy.includes('period') ? { ...r, period: month } : r));
  }
  let query = db
    .selectFrom('stat_rollup')
    .where('measure', '=', q.measure)
    .where('division_code', 'in', [...o.divisions]);
  query =
    'point' in o.window
      ? query.where('period', '=', '')
      : query.where('period', '>=', o.window.from).where('period', '<=', o.window.to);
  if (q.sex) query = query.where('sex', '=', q.sex);
  const years = birthYearRange(q.ages, o.refYear, o.rule);
  if (years) query = query.where('birth_year', '>=', years.from).where('birth_year', '<=', years.to);
  if (q.detail) query = query.where('detail', '=', q.detail === 'refYear' ? String(o.refYear) : q.detail);
  if (q.detailLike) query = query.where('detail', 'like', q.detailLike);
  const rows = await query
    .select([...o.groupBy])
    .select(sql<string>`sum(value)`.as('value'))
    .groupBy([...o.groupBy])
    .execute();
  return rows.map((r) => ({ ...(r as Omit<SumRow, 'value'>), value: Number(r.value) }));
}

/** Measures kept month by month in stat_snapshot (migrations T19 and 2026-12-07T04): counts and rates' parts. */
export function isSnapshotMeasure(measure: string): boolean {
  return (
    measure === 'arrived.in' ||
    /^(pop|cba|mwcba|mwcba_cert|mwcba_contra|mwcba_verified|mwcba_checkup)\.(in|out|local)$/.test(measure)
  );
}

/** The months 'YYYY-MM' from `from` to `to`, inclusive. */
function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; ) {
    out.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  return out;
}

interface SnapshotOptions {
  divisions: readonly string[];
  months: readonly string[];
  rule: ChildbearingAgeRule;
}

/** Month-end sums from stat_snapshot, by division and month; ages in the reference year of each month's year. */
export async function sumSnapshots(
  db: Db,
  q: MeasureQuery,
  o: SnapshotOptions,
): Promise<{ division_code: string; month: string; value: number }[]> {
  const rows = await snapshotCells(db, q, o, ['division_code']);
  return rows.map((r) => ({ division_code: r.division_code as string, month: r.month, value: r.value }));
}

async function snapshotCells(
  db: Db,
  q: MeasureQuery,
  o: SnapshotOptions,
  groupBy: readonly GroupColumn[],
): Promise<(SumRow & { month: string })[]> {
  if (o.divisions.length === 0 || o.months.length === 0) return [];
  const columns = groupBy.filter((c): c is Exclude<GroupColumn, 'period'> => c !== 'period');
  const out: (SumRow & { month: string })[] = [];
  // One query per calendar year, since the childbearing range moves with the reference year.
  for (const year of [...new Set(o.months.map((m) => m.slice(0, 4)))]) {
    const months = o.months.filter((m) => m.startsWith(year));
    let query = db
      .selectFrom('stat_snapshot')
      .where('measure', '=', q.measure)
      .where('division_code', 'in', [...o.divisions])
      .where('month', 'in', months);
    if (q.sex) query = query.where('sex', '=', q.sex);
    const years = birthYearRange(q.ages, Number(year), o.rule);
    if (years) query = query.where('birth_year', '>=', years.from).where('birth_year', '<=', years.to);
    if (q.detail) query = query.where('detail', '=', q.detail === 'refYear' ? year : q.detail);
    if (q.detailLike) query = query.where('detail', 'like', q.detailLike);
    const rows = await query
      .select([...columns, 'month', sql<string>`sum(value)`.as('value')])
      .groupBy([...columns, 'month'])
      .execute();
    for (const r of rows) out.push({ ...(r as Omit<SumRow, 'value'>), month: r.month, value: Number(r.value) });
  }
  return out;
}

/**
 * The months of a range that have a computed snapshot; `withRates`: only those that hold the rates' numerators
 * too (months computed before migration 2026-12-07T04 hold the population counts only).
 */
export async function snapshotMonths(db: Db, from: string, to: string, withRates = false): Promise<Set<string>> {
  let query = db.selectFrom('stat_snapshot_month').select('month').where('month', '>=', from).where('month', '<=', to);
  if (withRates) query = query.where('rates', '=', true);
  const rows = await query.execute();
  return new Set(rows.map((r) => r.month));
}

/** When a month's history was last computed (null: never). */
export async function snapshotComputedAt(db: Db, month: string): Promise<Date | null> {
  const row = await db
    .selectFrom('stat_snapshot_month')
    .select('computed_at')
    .where('month', '=', month)
    .executeTakeFirst();
  return row ? new Date(row.computed_at) : null;
}

/** Why the month-end history was computed: the server's pass, the CLI, or a closed period asked for. */
export type SnapshotReason = 'scheduled' | 'command' | 'on_demand' | 'rebuild';

/**
 * Recomputes the month-end history of a range of months 'YYYY-MM' from residence episodes and the dated
 * certificates, checks and services, and records the run (stat_snapshot_run); returns cells written.
 */
export async function fillSnapshots(db: Db, from: string, to: string, reason: SnapshotReason = 'command') {
  const r = await sql<{ n: string }>`SELECT stat_snapshot_fill(${from}, ${to}) AS n`.execute(db);
  const cells = Number(r.rows[0]?.n ?? 0);
  await db.insertInto('stat_snapshot_run').values({ month_from: from, month_to: to, reason, cells }).execute();
  return cells;
}

/**
 * Makes sure a range of months' history exists (with the rates' parts) before a closed period is answered from
 * it: months never computed are computed once, run by run (a month already there is never recomputed here),
 * under a lock so two requests do not both fill them, and recorded. Nothing is written to a database without
 * people (a freshly migrated one must stay empty for restore).
 */
export async function ensureSnapshotMonths(db: Db, from: string, to: string): Promise<void> {
  const months = monthRange(from, to);
  if ((await snapshotMonths(db, from, to, true)).size === months.length) return;
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('stat_snapshot_fill'))`.execute(trx);
    const known = await snapshotMonths(trx, from, to, true);
    if (!(await trx.selectFrom('person').select('id').limit(1).executeTakeFirst())) return;
    let run: string[] = [];
    for (const m of [...months, null]) {
      if (m !== null && !known.has(m)) {
        run.push(m);
        continue;
      }
      if (run.length > 0) await fillSnapshots(trx, run[0] as string, run[run.length - 1] as string, 'on_demand');
      run = [];
    }
  });
}

export async function childDivisions(db: Db, code: string) {
  return db
    .selectFrom('division')
    .select(['code', 'name', 'level', 'has_children'])
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
}

export async function rebuildRollups(db: Db): Promise<void> {
  await sql`SELECT stat_rebuild()`.execute(db);
}

export async function expireCertificates(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`SELECT stat_expire_certificates() AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Every non-zero rollup cell, in key order: for comparing incremental and rebuilt rollups. */
export async function rollupSnapshot(db: Db): Promise<string[]> {
  const rows = await sql<{ k: string }>`SELECT concat_ws('|', measure, division_code, period, sex, birth_year, detail,
      value) AS k FROM stat_rollup WHERE value <> 0 ORDER BY measure, division_code, period, sex, birth_year, detail`.execute(
    db,
  );
  return rows.rows.map((r) => r.k);
}

/**
 * For the rest of the transaction, changed people go to stat_person_delta instead of the rollups (migrations
 * 2026-12-02T02 and 2026-12-03T01): for bulk writes, which call mergeRollupDeltas later.
 */
export async function deferRollups(db: Db): Promise<void> {
  await sql`SELECT set_config('liudong.stat_defer', 'on', true)`.execute(db);
}

/** Folds every committed deferred delta into stat_rollup; returns the number of cells changed. */
export async function mergeRollupDeltas(db: Db): Promise<number> {
  const r = await sql<{ n: string }>`SELECT stat_merge_deltas() AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Switches the statistics triggers off for a bulk load; `resumeRollups` switches them on and rebuilds. */
export async function pauseRollups(db: Db): Promise<void> {
  await sql`SELECT stat_set_triggers(false)`.execute(db);
}

/** Re-enables the triggers and rebuilds, if they were off; true when it did. */
export async function resumeRollups(db: Db): Promise<boolean> {
  const r = await sql<{ done: boolean }>`SELECT stat_resume() AS done`.execute(db);
  return r.rows[0]?.done === true;
}

/** Each code's chain of existing divisions from its province down to itself. */
export async function divisionChains(db: Db, codes: readonly string[]): Promise<Map<string, string[]>> {
  const prefixes = (c: string) => [2, 4, 6, 9, 12].map((n) => c.slice(0, n).padEnd(12, '0'));
  const wanted = [...new Set(codes.flatMap(prefixes))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('division').select(['code', 'level']).where('code', 'in', wanted).execute();
  const level = new Map(rows.map((r) => [r.code, r.level]));
  return new Map(
    codes.map((c) => [
      c,
      [...new Set(prefixes(c))].filter((p) => level.has(p)).sort((a, b) => (level.get(a) ?? 0) - (level.get(b) ?? 0)),
    ]),
  );
}

/** The child codes of several divisions at once. */
export async function childCodes(db: Db, parents: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(parents.map((p) => [p, []]));
  if (parents.length === 0) return out;
  const rows = await db
    .selectFrom('division')
    .select(['code', 'parent_code'])
    .where('parent_code', 'in', [...parents])
    .orderBy('code')
    .execute();
  for (const r of rows) if (r.parent_code) out.get(r.parent_code)?.push(r.code);
  return out;
}
