/**
 * Indicator answers from the rollups: one indicator for many divisions at once, the dashboard, breakdowns and
 * targets. Scope: the division asked for must be inside the user's subtree (else 404, like records).
 * Department users (and public exports) get small cells withheld (stats.suppression.ts); staff in scope see
 * real counts.
 */

import type { AppContext } from '../../context.ts';
import { chinaMinuteOf, chinaToday } from '../../core/china-time.ts';
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError } from '../../core/errors.ts';
import {
  asOfLabel,
  DEFAULT_TARGETS,
  daysInMonths,
  INDICATOR_BY_CODE,
  INDICATORS,
  type IndicatorDef,
  indicatorValue,
  monthsEndingWith,
  type PeriodSpec,
  periodAsOf,
  periodEndMonth,
  periodMonths,
  periodRefYear,
  SUPPRESSION_FAMILIES,
  type SuppressionCell,
} from '../../core/indicators.ts';
import type { ChildbearingAgeRule } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { type DivisionRef, divisionRefs, getDivision } from '../divisions/index.ts';
import {
  ensureSnapshotMonths,
  type GroupColumn,
  isSnapshotMeasure,
  snapshotComputedAt,
  sumMeasure,
  type Window,
} from './stats.repository.ts';
import { withheldFamily } from './stats.suppression.ts';

export const STATS_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager', 'dept_verifier'];
export const TARGET_ROLES: readonly Role[] = ['county_admin', 'township_officer'];

export interface Viewer {
  role: Role;
  divisionCode: string;
}

export interface Cell {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

export const DIVISION = { zh: '行政区划', en: 'Division' };

/** Small cells are withheld for department users and for anything marked public. */
export function suppressionFor(viewer: Viewer, publicExport: boolean): boolean {
  return publicExport || viewer.role === 'dept_verifier';
}

export function ageRule(ctx: AppContext): ChildbearingAgeRule {
  return { minAge: ctx.config.childbearingMinAge, maxAge: ctx.config.childbearingMaxAge };
}

/** The division asked for, checked against the viewer's scope: outside or unknown answers 404. */
export async function scopedDivision(db: Db, viewer: Viewer, code: string | undefined): Promise<DivisionRef> {
  const target = code ?? viewer.divisionCode;
  if (!isWithin(target, viewer.divisionCode)) throw AppError.notFound(DIVISION);
  const node = await getDivision(db, target);
  if (!node) throw AppError.notFound(DIVISION);
  return { code: node.code, name: node.name, fullName: node.fullName, level: node.level };
}

// The rollups' months are China-time months.
export { chinaToday };

/**
 * The months a numerator (or a plain denominator) sums over. A stock of people ("point") is now for the period in
 * progress, and the month-end history at the period's end for a period that has ended.
 */
export function windowOf(def: IndicatorDef, period: PeriodSpec, today = chinaToday()): Window {
  if (def.balance) return { from: '0000-00', to: periodMonths(period).to };
  const asOf = periodAsOf(period, today);
  if (def.period === 'point') return { point: true, asOf: asOf.snapshotMonth };
  // Arrivals come from people: a closed period counts those known when its months' history was computed.
  const history = asOf.closed && isSnapshotMeasure(def.numerator.measure);
  return history ? { ...periodMonths(period), history } : periodMonths(period);
}

/** A per-day denominator (days of supply): its months and the number of days they cover so far. */
export function perDayWindow(def: IndicatorDef, period: PeriodSpec, today = chinaToday()) {
  const months = monthsEndingWith(periodEndMonth(period, today), def.denominatorPerDayOver ?? 1);
  return {
    window: { from: months[0] as string, to: months[months.length - 1] as string },
    days: daysInMonths(months, today),
  };
}

/** A cell as answered: a withheld one carries no figure at all, so nothing in it gives the count back. */
export function toCell(def: IndicatorDef, num: number, den: number | null, withheld: boolean): Cell {
  if (withheld) return { numerator: null, denominator: null, value: null, suppressed: true };
  const shownDen = den !== null && def.denominatorPerDayOver ? Math.round(den * 100) / 100 : den;
  return { numerator: num, denominator: shownDen, value: indicatorValue(def, num, den), suppressed: false };
}

/** Raw sums of one indicator by division (two grouped queries, whatever the number of divisions). */
export async function divisionSums(
  ctx: AppContext,
  def: IndicatorDef,
  divisions: readonly string[],
  period: PeriodSpec,
): Promise<Map<string, SuppressionCell>> {
  const options = {
    divisions,
    window: windowOf(def, period),
    refYear: periodRefYear(period),
    rule: ageRule(ctx),
    groupBy: ['division_code'] as GroupColumn[],
  };
  const perDay = def.denominatorPerDayOver ? perDayWindow(def, period) : null;
  const w = options.window;
  if ('point' in w && w.asOf) await ensureSnapshotMonths(ctx.db, w.asOf, w.asOf);
  if (!('point' in w) && w.history) await ensureSnapshotMonths(ctx.db, w.from, w.to);
  const [nums, dens] = await Promise.all([
    sumMeasure(ctx.db, def.numerator, options),
    def.denominator
      ? sumMeasure(ctx.db, def.denominator, perDay ? { ...options, window: perDay.window } : options)
      : Promise.resolve([]),
  ]);
  const num = new Map(nums.map((r) => [r.division_code as string, r.value]));
  // A per-day average, to two decimals as shown; the value divides by the unrounded average.
  const den = new Map(
    dens.map((r) => [r.division_code as string, perDay ? (perDay.days > 0 ? r.value / perDay.days : 0) : r.value]),
  );
  return new Map(
    divisions.map((d) => [d, { numerator: num.get(d) ?? 0, denominator: def.denominator ? (den.get(d) ?? 0) : null }]),
  );
}

/** One indicator for several divisions at once; withheld cells (when `suppress`) settled down the whole tree. */
export async function evaluate(
  ctx: AppContext,
  def: IndicatorDef,
  divisions: readonly string[],
  period: PeriodSpec,
  suppress: boolean,
): Promise<Map<string, Cell>> {
  const answers = await evaluateWithSums(ctx, def, divisions, period, suppress);
  return new Map([...answers].map(([d, a]) => [d, a.cell]));
}

/** One division's cell and the sums behind it. */
export async function evaluateOne(
  ctx: AppContext,
  def: IndicatorDef,
  division: string,
  period: PeriodSpec,
  suppress: boolean,
): Promise<{ cell: Cell; raw: SuppressionCell }> {
  return (await evaluateWithSums(ctx, def, [division], period, suppress)).get(division) as {
    cell: Cell;
    raw: SuppressionCell;
  };
}

export async function evaluateWithSums(
  ctx: AppContext,
  def: IndicatorDef,
  divisions: readonly string[],
  period: PeriodSpec,
  suppress: boolean,
): Promise<Map<string, { cell: Cell; raw: SuppressionCell }>> {
  const sums = await divisionSums(ctx, def, divisions, period);
  const withheld = suppress ? await withheldOf(ctx, def, divisions, period) : new Set<string>();
  return new Map(
    [...sums].map(([d, raw]) => [d, { raw, cell: toCell(def, raw.numerator, raw.denominator, withheld.has(d)) }]),
  );
}

/** The divisions whose cell is withheld, settled with the indicators published beside it (its family). */
async function withheldOf(ctx: AppContext, def: IndicatorDef, divisions: readonly string[], period: PeriodSpec) {
  const family = (SUPPRESSION_FAMILIES.find((f) => f.includes(def.code)) ?? [def.code]).map(indicatorOrThrow);
  const sets = await withheldFamily(
    ctx.db,
    divisions,
    ctx.config.statsMinCell,
    family.map((d) => !!d.denominator),
    (codes) => Promise.all(family.map((d) => divisionSums(ctx, d, codes, period))),
  );
  return sets[family.findIndex((d) => d.code === def.code)] as Set<string>;
}

/** What a period's answers stand as of, for labels: "截至…", and where a closed period's stock comes from. */
export interface PeriodStamp {
  /** 'YYYY-MM-DD': the period's last day when it has ended, else today. */
  asOf: string;
  closed: boolean;
  /** "截至2026-11-30" or "截至2026-12-07（本期未结束）". */
  label: string;
  /** A closed period: the month-end history its stock comes from and when that was computed. */
  history: { month: string; computedAt: string | null } | null;
}

export async function periodStamp(db: Db, period: PeriodSpec, today = chinaToday()): Promise<PeriodStamp> {
  const a = periodAsOf(period, today);
  if (!a.snapshotMonth) return { asOf: a.date, closed: false, label: asOfLabel(a), history: null };
  await ensureSnapshotMonths(db, a.snapshotMonth, a.snapshotMonth);
  const at = await snapshotComputedAt(db, a.snapshotMonth);
  return {
    asOf: a.date,
    closed: true,
    label: asOfLabel(a),
    history: { month: a.snapshotMonth, computedAt: at ? chinaMinuteOf(at) : null },
  };
}

/** The 统计时点 line of a report or summary: "截至…", and for a closed period the history it comes from. */
export function stampText(s: PeriodStamp): string {
  return s.history ? `${s.label}（${s.history.month}月末数据，计算于${s.history.computedAt ?? '—'}）` : s.label;
}

export function indicatorOrThrow(code: string): IndicatorDef {
  const def = INDICATOR_BY_CODE.get(code);
  if (!def) throw AppError.notFound({ zh: '统计指标', en: 'Indicator' });
  return def;
}

export interface EffectiveTarget {
  indicator: string;
  comparator: '>=' | '<=';
  value: number;
  /** Where the target was set: this unit, a unit above, or the built-in default. */
  setAt: string | null;
}

/** Each indicator's target for a unit and year: its own, else the nearest unit above's, else the default. */
export async function effectiveTargets(db: Db, division: string, year: number): Promise<Map<string, EffectiveTarget>> {
  const ancestors: string[] = [];
  for (let level = levelOf(division); level >= 1; level--) {
    const len = [2, 4, 6, 9, 12][level - 1] as number;
    ancestors.push(division.slice(0, len).padEnd(12, '0'));
  }
  const rows = await db
    .selectFrom('stat_target')
    .select(['division_code', 'indicator', 'comparator', 'value'])
    .where('division_code', 'in', ancestors)
    .where('year', '=', year)
    .execute();
  const out = new Map<string, EffectiveTarget>();
  for (const t of DEFAULT_TARGETS) out.set(t.indicator, { ...t, setAt: null });
  // Deepest unit wins: walk from the top down.
  for (const code of [...ancestors].reverse()) {
    for (const r of rows.filter((x) => x.division_code === code)) {
      out.set(r.indicator, { indicator: r.indicator, comparator: r.comparator, value: Number(r.value), setAt: code });
    }
  }
  return out;
}

export function catalogue() {
  return INDICATORS.map((d) => ({
    code: d.code,
    name: d.name,
    group: d.group,
    view: d.view,
    factor: d.factor,
    period: d.period,
    levels: d.levels,
    definition: d.definition,
    source: d.source,
    breakdowns: d.breakdowns ?? [],
  }));
}

export async function refsFor(db: Db, codes: string[]) {
  return divisionRefs(db, codes);
}
