/**
 * Indicator answers from the rollups: one indicator for many divisions at once, the dashboard, breakdowns and
 * targets. Scope: the division asked for must be inside the user's subtree (else 404, like records).
 * Department users (and public exports) get small cells withheld; staff in scope see real counts.
 */
import type { AppContext } from '../../context.ts';
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError } from '../../core/errors.ts';
import {
  ageBandOfBirthYear,
  DEFAULT_TARGETS,
  INDICATOR_BY_CODE,
  INDICATORS,
  type IndicatorDef,
  indicatorValue,
  KEY_RATES,
  lastTwelveMonths,
  meetsTarget,
  type PeriodSpec,
  periodMonths,
  periodRefYear,
  rateSuppressed,
  suppressCount,
} from '../../core/indicators.ts';
import type { ChildbearingAgeRule } from '../../core/person.ts';
import type { Role } from '../../db/schema.ts';
import type { Db } from '../audit/audit.repository.ts';
import { type DivisionRef, divisionRefs, getDivision, getPath } from '../divisions/divisions.repository.ts';
import { today } from '../persons/persons.view.ts';
import { childDivisions, type GroupColumn, sumMeasure, type Window } from './stats.repository.ts';

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

function windowOf(def: IndicatorDef, period: PeriodSpec): Window {
  if (def.balance) return { from: '0000-00', to: periodMonths(period).to };
  return def.period === 'point' ? { point: true } : periodMonths(period);
}

function toCell(def: IndicatorDef, num: number, den: number | null, suppress: boolean, min: number): Cell {
  if (!suppress) return { numerator: num, denominator: den, value: indicatorValue(def, num, den), suppressed: false };
  if (def.denominator) {
    const hidden = rateSuppressed(num, den ?? 0, min);
    return hidden
      ? { numerator: suppressCount(num, min), denominator: suppressCount(den ?? 0, min), value: null, suppressed: true }
      : { numerator: num, denominator: den, value: indicatorValue(def, num, den), suppressed: false };
  }
  const shown = suppressCount(num, min);
  return { numerator: shown, denominator: null, value: shown, suppressed: shown === null };
}

/** One indicator for several divisions at once: two grouped queries, whatever the number of divisions. */
export async function evaluate(
  ctx: AppContext,
  def: IndicatorDef,
  divisions: readonly string[],
  period: PeriodSpec,
  suppress: boolean,
): Promise<Map<string, Cell>> {
  const options = {
    divisions,
    window: windowOf(def, period),
    refYear: periodRefYear(period),
    rule: ageRule(ctx),
    groupBy: ['division_code'] as GroupColumn[],
  };
  const [nums, dens] = await Promise.all([
    sumMeasure(ctx.db, def.numerator, options),
    def.denominator ? sumMeasure(ctx.db, def.denominator, options) : Promise.resolve([]),
  ]);
  const num = new Map(nums.map((r) => [r.division_code as string, r.value]));
  const den = new Map(dens.map((r) => [r.division_code as string, r.value]));
  const out = new Map<string, Cell>();
  for (const d of divisions) {
    out.set(
      d,
      toCell(def, num.get(d) ?? 0, def.denominator ? (den.get(d) ?? 0) : null, suppress, ctx.config.statsMinCell),
    );
  }
  return out;
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

const TREND_CODES = ['arrivals', 'certificates_issued', 'certificate_checks', 'services_done'] as const;
const CHILD_CODES = [
  'inflow_total',
  'outflow_total',
  'outflow_married_women',
  'inflow_married_women',
  ...KEY_RATES,
] as const;

/** The home dashboard of one division: key rates against targets, counts, a 12-month trend, child divisions. */
export async function dashboard(ctx: AppContext, viewer: Viewer, code: string | undefined, period: PeriodSpec) {
  const division = await scopedDivision(ctx.db, viewer, code);
  const suppress = suppressionFor(viewer, false);
  const refYear = periodRefYear(period);
  const targets = await effectiveTargets(ctx.db, division.code, refYear);
  const one = [division.code];
  const keyRates = await Promise.all(
    KEY_RATES.map(async (c) => {
      const def = indicatorOrThrow(c);
      const cell = (await evaluate(ctx, def, one, period, suppress)).get(division.code) as Cell;
      const target = targets.get(c) ?? null;
      return {
        code: c,
        name: def.name,
        definition: def.definition,
        ...cell,
        target,
        meets: target ? meetsTarget(cell.value, { comparator: target.comparator, target: target.value }) : null,
      };
    }),
  );
  const countCodes = [
    'inflow_total',
    'inflow_male',
    'inflow_female',
    'outflow_total',
    'outflow_male',
    'outflow_female',
    'inflow_childbearing',
    'outflow_married_women',
  ];
  const counts = await Promise.all(
    countCodes.map(async (c) => {
      const def = indicatorOrThrow(c);
      const cell = (await evaluate(ctx, def, one, period, suppress)).get(division.code) as Cell;
      return { code: c, name: def.name, value: cell.value, suppressed: cell.suppressed };
    }),
  );
  const lastMonth =
    period.kind === 'month'
      ? period.month
      : `${period.year}-12` < today().slice(0, 7)
        ? `${period.year}-12`
        : today().slice(0, 7);
  const months = lastTwelveMonths(lastMonth);
  const trend = await Promise.all(
    TREND_CODES.map(async (c) => {
      const def = indicatorOrThrow(c);
      const rows = await sumMeasure(ctx.db, def.numerator, {
        divisions: one,
        window: { from: months[0] as string, to: months[11] as string },
        refYear,
        rule: ageRule(ctx),
        groupBy: ['period'],
      });
      const byMonth = new Map(rows.map((r) => [r.period as string, r.value]));
      return {
        code: c,
        name: def.name,
        values: months.map((m) =>
          suppress ? suppressCount(byMonth.get(m) ?? 0, ctx.config.statsMinCell) : (byMonth.get(m) ?? 0),
        ),
      };
    }),
  );
  const children = await childDivisions(ctx.db, division.code);
  const childCodes = children.map((c) => c.code);
  const childValues = new Map<string, Record<string, Cell>>();
  for (const c of childCodes) childValues.set(c, {});
  for (const ic of CHILD_CODES) {
    const cells = await evaluate(ctx, indicatorOrThrow(ic), childCodes, period, suppress);
    for (const [d, cell] of cells) (childValues.get(d) as Record<string, Cell>)[ic] = cell;
  }
  return {
    division,
    path: await getPath(ctx.db, division.code),
    asOf: today(),
    refYear,
    suppression: suppress,
    minCell: ctx.config.statsMinCell,
    keyRates,
    counts,
    trend: { months, series: trend },
    childIndicators: CHILD_CODES.map((c) => ({
      code: c,
      name: indicatorOrThrow(c).name,
      factor: indicatorOrThrow(c).factor,
    })),
    children: children.map((c) => ({
      code: c.code,
      name: c.name,
      level: c.level,
      hasChildren: c.has_children,
      values: childValues.get(c.code) ?? {},
    })),
  };
}

export type Breakdown = 'division' | 'sex' | 'ageBand' | 'detail' | 'month';

/** One indicator, its value at the division and a breakdown. */
export async function indicatorAnswer(
  ctx: AppContext,
  viewer: Viewer,
  def: IndicatorDef,
  code: string | undefined,
  period: PeriodSpec,
  by: Breakdown | undefined,
  publicExport: boolean,
) {
  const division = await scopedDivision(ctx.db, viewer, code);
  const suppress = suppressionFor(viewer, publicExport);
  const cell = (await evaluate(ctx, def, [division.code], period, suppress)).get(division.code) as Cell;
  const base = {
    indicator: {
      code: def.code,
      name: def.name,
      definition: def.definition,
      factor: def.factor,
      period: def.period,
      view: def.view,
      source: def.source,
    },
    division,
    period,
    asOf: today(),
    suppression: suppress,
    ...cell,
  };
  if (!by) return { ...base, breakdown: null };
  if (by === 'division') {
    const children = await childDivisions(ctx.db, division.code);
    const cells = await evaluate(
      ctx,
      def,
      children.map((c) => c.code),
      period,
      suppress,
    );
    return {
      ...base,
      breakdown: children.map((c) => ({
        key: c.code,
        label: c.name,
        hasChildren: c.has_children,
        ...(cells.get(c.code) as Cell),
      })),
    };
  }
  const column: GroupColumn =
    by === 'sex' ? 'sex' : by === 'ageBand' ? 'birth_year' : by === 'detail' ? 'detail' : 'period';
  const refYear = periodRefYear(period);
  const window: Window =
    by === 'month' ? { from: periodMonths(period).from, to: periodMonths(period).to } : windowOf(def, period);
  const options = { divisions: [division.code], window, refYear, rule: ageRule(ctx), groupBy: [column] };
  const [nums, dens] = await Promise.all([
    sumMeasure(ctx.db, def.numerator, options),
    def.denominator ? sumMeasure(ctx.db, def.denominator, options) : Promise.resolve([]),
  ]);
  const keyOf = (r: { sex?: string; birth_year?: number; detail?: string; period?: string }) =>
    by === 'ageBand' ? ageBandOfBirthYear(r.birth_year ?? 0, refYear) : String(r[column] ?? '');
  const numBy = new Map<string, number>();
  const denBy = new Map<string, number>();
  for (const r of nums) numBy.set(keyOf(r), (numBy.get(keyOf(r)) ?? 0) + r.value);
  for (const r of dens) denBy.set(keyOf(r), (denBy.get(keyOf(r)) ?? 0) + r.value);
  const keys = [...new Set([...numBy.keys(), ...denBy.keys()])].sort();
  return {
    ...base,
    breakdown: keys.map((k) => ({
      key: k,
      label: k,
      ...toCell(
        def,
        numBy.get(k) ?? 0,
        def.denominator ? (denBy.get(k) ?? 0) : null,
        suppress,
        ctx.config.statsMinCell,
      ),
    })),
  };
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
