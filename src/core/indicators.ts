/**
 * Indicators (统计指标), defined once: a numerator over a denominator, both sums of rollup measures (see
 * migration T09 and docs/indicators.md). Pure: the stats module turns these into SQL over stat_rollup.
 * The definitions live by family in ./indicators/; this module assembles the registry and is the import path.
 *
 * Views for a population that moves: a person counts in the OUTFLOW view at every division that holds their
 * household registration (户籍地) but not their residence, and in the INFLOW view at every division that holds
 * their residence but not their registration. Stock ("point") indicators count the people registered and not
 * departed at the moment of the query; event indicators count what happened in a month or a year.
 */
import { COMMUNITY_INDICATORS, EXCHANGE_INDICATORS, SUPPLY_INDICATORS } from './indicators/activity.ts';
import { POPULATION_INDICATORS } from './indicators/population.ts';
import { CERTIFICATE_INDICATORS, SERVICE_INDICATORS } from './indicators/services.ts';
import type { IndicatorDef } from './indicators/types.ts';

export { DAYS_OF_SUPPLY_MONTHS } from './indicators/activity.ts';
export * from './indicators/periods.ts';
export * from './indicators/suppression.ts';
export type {
  IndicatorDef,
  IndicatorGroup,
  IndicatorPeriod,
  IndicatorView,
  MeasureQuery,
} from './indicators/types.ts';
export * from './indicators/values.ts';

export const INDICATORS: readonly IndicatorDef[] = [
  ...POPULATION_INDICATORS,
  ...CERTIFICATE_INDICATORS,
  ...SERVICE_INDICATORS,
  ...SUPPLY_INDICATORS,
  ...EXCHANGE_INDICATORS,
  ...COMMUNITY_INDICATORS,
];

export const INDICATOR_BY_CODE: ReadonlyMap<string, IndicatorDef> = new Map(INDICATORS.map((i) => [i.code, i]));

/** The key rates a dashboard leads with, in order. */
export const KEY_RATES = [
  'certificate_rate',
  'contraceptive_prevalence',
  'verification_rate',
  'checkup_coverage',
] as const;
