/**
 * SQL over the rollups. Every query reads stat_rollup by its primary key prefix (measure, division, period),
 * never person or event tables, so an answer costs the same at 400 people or 10 million.
 */
import { sql } from 'kysely';
import { birthYearRange, type MeasureQuery } from '../../core/indicators.ts';
import type { ChildbearingAgeRule } from '../../core/person.ts';
import type { Db } from '../audit/audit.repository.ts';

/** A point-in-time query (period '') or a range of months 'YYYY-MM'. */
export type Window = { point: true } | { from: string; to: string };

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

/** Measures kept month by month in stat_snapshot (migration T19): the population counts of stat_person_facts. */
export function isSnapshotMeasure(measure: string): boolean {
  return /^(pop|cba|mwcba)\.(in|out|local)$/.test(measure);
}

/** Month-end sums from stat_snapshot, by division and month; ages in the reference year of each month's year. */
export async function sumSnapshots(
  db: Db,
  q: MeasureQuery,
  o: { divisions: readonly string[]; months: readonly string[]; rule: ChildbearingAgeRule },
): Promise<{ division_code: string; month: string; value: number }[]> {
  if (o.divisions.length === 0 || o.months.length === 0) return [];
  const out: { division_code: string; month: string; value: number }[] = [];
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
      .select(['division_code', 'month', sql<string>`sum(value)`.as('value')])
      .groupBy(['division_code', 'month'])
      .execute();
    for (const r of rows) out.push({ division_code: r.division_code, month: r.month, value: Number(r.value) });
  }
  return out;
}

/** The months of a range that have a computed snapshot. */
export async function snapshotMonths(db: Db, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('stat_snapshot_month')
    .select('month')
    .where('month', '>=', from)
    .where('month', '<=', to)
    .execute();
  return new Set(rows.map((r) => r.month));
}

/** Recomputes the month-end counts of a range of months 'YYYY-MM' from residence episodes; returns cells written. */
export async function fillSnapshots(db: Db, from: string, to: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT stat_snapshot_fill(${from}, ${to}) AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
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
