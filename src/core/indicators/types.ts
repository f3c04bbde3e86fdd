/**
 * The shape of an indicator (统计指标): a numerator over a denominator, both sums of rollup measures (migration
 * T09 and docs/indicators.md), and the one helper every definition goes through.
 */
import type { DivisionLevel } from '../divisions.ts';
import type { LocalizedText } from '../errors.ts';
import type { AgeBand } from '../person.ts';

/** A sum over stat_rollup rows of one measure. */
export interface MeasureQuery {
  measure: string;
  /** Only people of childbearing age in the reference year, or one age band. Ages are reference year − birth year. */
  ages?: 'childbearing' | AgeBand;
  sex?: 'M' | 'F';
  /** Exact detail; 'refYear' means the reference year itself (e.g. the year of the last check-up). */
  detail?: string;
  /** SQL LIKE pattern on the detail, e.g. '%:done'. */
  detailLike?: string;
}

export type IndicatorPeriod = 'point' | 'month';
export type IndicatorGroup =
  | 'population'
  | 'certificates'
  | 'services'
  | 'supply'
  | 'exchange'
  | 'births'
  | 'community';
export type IndicatorView = 'inflow' | 'outflow' | 'place';

export interface IndicatorDef {
  code: string;
  name: LocalizedText;
  group: IndicatorGroup;
  view: IndicatorView;
  numerator: MeasureQuery;
  denominator?: MeasureQuery;
  /** 100 for a percentage, 1000 for per mille, 1 for a count (or a plain ratio such as days). */
  factor: 1 | 100 | 1000;
  /** 'point': people registered at the time of the query; 'month': events, summed over the months asked for. */
  period: IndicatorPeriod;
  levels: readonly DivisionLevel[];
  /** What the numerator and denominator mean, for the docs and the dashboard's tooltips. */
  definition: LocalizedText;
  /** 'pending': its source table is being built by another issue; the measure name is reserved. */
  source: 'rollup' | 'pending';
  /** A running balance of monthly changes: the value at a period is the sum of every month up to its end. */
  balance?: boolean;
  /**
   * The denominator is an average per day over this many calendar months ending with the period's last month
   * (the current month counting only its days so far), e.g. days of supply = stock ÷ units dispensed per day.
   */
  denominatorPerDayOver?: number;
  /** Breakdowns the API offers besides child divisions and months. */
  breakdowns?: readonly ('sex' | 'ageBand' | 'detail')[];
}

export const ALL_LEVELS: readonly DivisionLevel[] = [1, 2, 3, 4, 5];
export const CB = 'childbearing' as const;

type Pair = readonly [zh: string, en: string];

export interface IndicatorSpec
  extends Omit<IndicatorDef, 'name' | 'definition' | 'factor' | 'period' | 'levels' | 'source'> {
  name: Pair;
  definition: Pair;
  factor?: IndicatorDef['factor'];
  period?: IndicatorPeriod;
  levels?: readonly DivisionLevel[];
  source?: IndicatorDef['source'];
}

/**
 * One definition with the usual defaults: a count (factor 1) without a denominator, a percentage with one;
 * 'point' period; valid at every level; answered from the rollups.
 */
export function indicator(spec: IndicatorSpec): IndicatorDef {
  const { name, definition, ...rest } = spec;
  return {
    factor: spec.denominator ? 100 : 1,
    period: 'point',
    levels: ALL_LEVELS,
    source: 'rollup',
    ...rest,
    name: { zh: name[0], en: name[1] },
    definition: { zh: definition[0], en: definition[1] },
  };
}

/** The two flow views of one population measure, e.g. 'pop' → pop.in (inflow) and pop.out (outflow). */
export const FLOWS = [
  { view: 'inflow', suffix: 'in', code: 'inflow', zh: '流入', en: 'Inflow' },
  { view: 'outflow', suffix: 'out', code: 'outflow', zh: '流出', en: 'Outflow' },
] as const;

/** A count of events by the place they happened, with a breakdown by detail (kind, method, status). */
export function placeEvents(
  code: string,
  group: IndicatorDef['group'],
  name: Pair,
  numerator: IndicatorDef['numerator'],
  definition: Pair,
): IndicatorDef {
  return indicator({
    code,
    name,
    group,
    view: 'place',
    numerator,
    period: 'month',
    definition,
    breakdowns: ['detail'],
  });
}
