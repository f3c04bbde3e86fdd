/**
 * The home dashboard of one division and the answer for one indicator with a breakdown. Key rates against
 * targets, counts, the exchange and supply rates, 12-month trends (events by month; population at each month's
 * end, from the snapshots) and the child divisions.
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import {
  ageBandOfBirthYear,
  type IndicatorDef,
  KEY_RATES,
  lastTwelveMonths,
  meetsTarget,
  type PeriodSpec,
  periodEndMonth,
  periodMonths,
  periodRefYear,
  type SuppressionCell,
} from '../../core/indicators.ts';
import { getPath } from '../divisions/index.ts';
import { monthlyCells } from './stats.history.ts';
import { childDivisions, type GroupColumn, sumMeasure, type Window } from './stats.repository.ts';
import {
  ageRule,
  type Cell,
  chinaToday,
  effectiveTargets,
  evaluate,
  indicatorOrThrow,
  perDayWindow,
  periodStamp,
  scopedDivision,
  suppressionFor,
  toCell,
  type Viewer,
  windowOf,
} from './stats.service.ts';
import { withheldParts } from './stats.suppression.ts';

const TREND_CODES = ['arrivals', 'certificates_issued', 'certificate_checks', 'services_done'] as const;
/** Population at each month's end (stat_snapshot), drawn as its own chart: its scale is not the events'. */
const HISTORY_CODES = ['inflow_total', 'outflow_total', 'inflow_married_women', 'outflow_married_women'] as const;
/** Rates of the exchange and the supply (their periods are months, not "now"). */
const ACTIVITY_RATES = ['exchange_feedback_on_time', 'exchange_pairing_rate', 'stock_days_of_supply'] as const;
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
  // Months in China time, the rollups' calendar.
  const months = lastTwelveMonths(periodEndMonth(period, chinaToday()));
  // The twelve months add up to a published total of their own: none may be withheld alone.
  const trend = await Promise.all(
    TREND_CODES.map(async (c) => {
      const def = indicatorOrThrow(c);
      const cells = await monthlyCells(ctx, def, division.code, months, suppress, { withheld: false });
      return { code: c, name: def.name, values: cells.map((cell) => (cell ? cell.value : 0)) };
    }),
  );
  const history = await Promise.all(
    HISTORY_CODES.map(async (c) => {
      const def = indicatorOrThrow(c);
      const cells = await monthlyCells(ctx, def, division.code, months, suppress);
      return { code: c, name: def.name, values: cells.map((cell) => cell?.value ?? null) };
    }),
  );
  const activityRates = await Promise.all(
    ACTIVITY_RATES.map(async (c) => {
      const def = indicatorOrThrow(c);
      const cell = (await evaluate(ctx, def, one, period, suppress)).get(division.code) as Cell;
      return { code: c, name: def.name, definition: def.definition, factor: def.factor, ...cell };
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
    stamp: await periodStamp(ctx.db, period),
    refYear,
    suppression: suppress,
    minCell: ctx.config.statsMinCell,
    keyRates,
    counts,
    trend: { months, series: trend },
    history: { months, series: history },
    activityRates,
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
    stamp: await periodStamp(ctx.db, period),
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
  if (by === 'month') {
    const months = lastTwelveMonths(periodMonths(period).to).filter((x) => x >= periodMonths(period).from);
    // Months of events add up to the period's cell; stocks and balances are each their own total.
    const additive = def.period === 'month' && !def.balance && !def.denominatorPerDayOver;
    const cells = await monthlyCells(
      ctx,
      def,
      division.code,
      months,
      suppress,
      additive ? { withheld: cell.suppressed } : undefined,
    );
    return {
      ...base,
      breakdown: months.map((k, i) => ({
        key: k,
        label: k,
        ...(cells[i] ?? { numerator: null, denominator: null, value: null, suppressed: false }),
      })),
    };
  }
  const column: GroupColumn = by === 'sex' ? 'sex' : by === 'ageBand' ? 'birth_year' : 'detail';
  const refYear = periodRefYear(period);
  const window: Window = windowOf(def, period);
  const options = { divisions: [division.code], window, refYear, rule: ageRule(ctx), groupBy: [column] };
  const perDay = def.denominatorPerDayOver ? perDayWindow(def, period) : null;
  const [nums, dens] = await Promise.all([
    sumMeasure(ctx.db, def.numerator, options),
    def.denominator
      ? sumMeasure(ctx.db, def.denominator, perDay ? { ...options, window: perDay.window } : options)
      : Promise.resolve([]),
  ]);
  const keyOf = (r: { sex?: string; birth_year?: number; detail?: string; period?: string }) =>
    by === 'ageBand' ? ageBandOfBirthYear(r.birth_year ?? 0, refYear) : String(r[column] ?? '');
  const numBy = new Map<string, number>();
  const denBy = new Map<string, number>();
  for (const r of nums) numBy.set(keyOf(r), (numBy.get(keyOf(r)) ?? 0) + r.value);
  // A per-day denominator (days of supply) is the window's sum over its days.
  const perDayOf = (v: number) => (perDay ? (perDay.days > 0 ? v / perDay.days : 0) : v);
  for (const r of dens) denBy.set(keyOf(r), (denBy.get(keyOf(r)) ?? 0) + perDayOf(r.value));
  const keys = [...new Set([...numBy.keys(), ...denBy.keys()])].sort();
  const rate = !!def.denominator;
  const parts = new Map(
    keys.map((k) => [k, { numerator: numBy.get(k) ?? 0, denominator: rate ? (denBy.get(k) ?? 0) : null }] as const),
  );
  const withheld = suppress ? withheldParts(parts, ctx.config.statsMinCell, rate, cell.suppressed) : new Set();
  return {
    ...base,
    breakdown: keys.map((k) => {
      const p = parts.get(k) as SuppressionCell;
      return { key: k, label: k, ...toCell(def, p.numerator, p.denominator, withheld.has(k)) };
    }),
  };
}
