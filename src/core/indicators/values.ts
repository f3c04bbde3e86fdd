/** Pure arithmetic over indicator sums: age filters, values, rounding, small-cell suppression, targets. */
import { AGE_BANDS, type AgeBand, type ChildbearingAgeRule } from '../person.ts';
import type { IndicatorDef, MeasureQuery } from './types.ts';

/** Birth-year bounds (inclusive) of an age filter in a reference year. Age = reference year − birth year. */
export function birthYearRange(
  ages: MeasureQuery['ages'],
  refYear: number,
  rule: ChildbearingAgeRule,
): { from: number; to: number } | null {
  if (!ages) return null;
  if (ages === 'childbearing') return { from: refYear - rule.maxAge, to: refYear - rule.minAge };
  if (ages === '60+') return { from: 1, to: refYear - 60 };
  const [min, max] = ages.split('-').map(Number) as [number, number];
  return { from: refYear - max, to: refYear - min };
}

export function ageBandOfBirthYear(birthYear: number, refYear: number): AgeBand {
  const age = refYear - birthYear;
  for (const band of AGE_BANDS) {
    const range = birthYearRange(band, refYear, { minAge: 0, maxAge: 0 });
    if (range && birthYear >= range.from && birthYear <= range.to) return band;
  }
  return age < 0 ? '0-14' : '60+';
}

/** The value of a rate or count from its sums; null when the denominator is zero. */
export function indicatorValue(def: IndicatorDef, numerator: number, denominator: number | null): number | null {
  if (!def.denominator) return numerator;
  if (!denominator) return null;
  return Math.round((numerator / denominator) * def.factor * 100) / 100;
}

/** A rate as staff write it: at most two decimals, trailing zeros dropped (99.2%, 95.33%). */
export function formatRate(value: number | null, factor: 1 | 100 | 1000 = 100): string {
  if (value === null) return '—';
  const text = String(Math.round(value * 100) / 100);
  return factor === 100 ? `${text}%` : factor === 1000 ? `${text}‰` : text;
}

/**
 * Small-cell suppression for department users and public exports: a count under `min` (but not zero) is
 * withheld. A rate is withheld when its numerator, its denominator or their difference is such a count,
 * since any of them would let a reader work out a small group.
 */
export function suppressCount(value: number, min: number): number | null {
  return value > 0 && value < min ? null : value;
}

export function rateSuppressed(numerator: number, denominator: number, min: number): boolean {
  const small = (n: number) => n > 0 && n < min;
  return small(numerator) || small(denominator) || small(denominator - numerator);
}

export interface TargetCheck {
  comparator: '>=' | '<=';
  target: number;
}

/** Whether a measured value meets its target; null when nothing was measured. */
export function meetsTarget(value: number | null, t: TargetCheck): boolean | null {
  if (value === null) return null;
  return t.comparator === '>=' ? value >= t.target : value <= t.target;
}
/** Default responsibility targets (the source document's figures: 办证率 95%, 验证率 95%, 查体 85%). */
export const DEFAULT_TARGETS: readonly { indicator: string; comparator: '>=' | '<='; value: number }[] = [
  { indicator: 'certificate_rate', comparator: '>=', value: 95 },
  { indicator: 'verification_rate', comparator: '>=', value: 95 },
  { indicator: 'checkup_coverage', comparator: '>=', value: 85 },
  { indicator: 'contraceptive_prevalence', comparator: '>=', value: 90 },
];
