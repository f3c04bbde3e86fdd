/** Domain rules about persons that server, UI and CLI share. */

import { isWithin } from './divisions.ts';
import type { LocalizedText } from './errors.ts';
import { ageOn } from './id-number.ts';

export const MARITAL_STATUSES = ['unmarried', 'first_marriage', 'remarried', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

export const MARITAL_LABELS: Record<MaritalStatus, LocalizedText> = {
  unmarried: { zh: '未婚', en: 'Unmarried' },
  first_marriage: { zh: '初婚', en: 'First marriage' },
  remarried: { zh: '再婚', en: 'Remarried' },
  divorced: { zh: '离婚', en: 'Divorced' },
  widowed: { zh: '丧偶', en: 'Widowed' },
};

export const HOUSING_TYPES = ['rented', 'employer_dorm', 'own', 'relative', 'other'] as const;
export type HousingType = (typeof HOUSING_TYPES)[number];

export function isMarried(status: MaritalStatus): boolean {
  return status === 'first_marriage' || status === 'remarried';
}

export type FlowDirection = 'inflow' | 'outflow' | 'local';

/**
 * Flow is relative to a jurisdiction: a person registered (户籍) elsewhere but living here is inflow,
 * registered here but living elsewhere is outflow. Both inside → local (moved within the jurisdiction).
 */
export function flowDirection(hukou: string, residence: string, jurisdiction: string): FlowDirection {
  const hukouIn = isWithin(hukou, jurisdiction);
  const residenceIn = isWithin(residence, jurisdiction);
  if (residenceIn && !hukouIn) return 'inflow';
  if (hukouIn && !residenceIn) return 'outflow';
  return 'local';
}

/** A person belongs to a jurisdiction when registered (户籍) or living there; the API and the importer both ask this. */
export function inJurisdiction(hukou: string, residence: string, jurisdiction: string): boolean {
  return isWithin(hukou, jurisdiction) || isWithin(residence, jurisdiction);
}

export const OUTSIDE_JURISDICTION: LocalizedText = {
  zh: '户籍地或现居住地须在您的辖区内',
  en: 'household registration or residence must be inside your jurisdiction',
};

export interface ChildbearingAgeRule {
  minAge: number;
  maxAge: number;
}

/** 育龄: women aged 15–49 by default (configurable), and the spouses of married women in that range. */
export const DEFAULT_CHILDBEARING_AGE: ChildbearingAgeRule = { minAge: 15, maxAge: 49 };

export function isChildbearingAge(
  person: { sex: 'M' | 'F'; birthDate: string; maritalStatus: MaritalStatus; spouseBirthDate?: string | null },
  on: string,
  rule: ChildbearingAgeRule = DEFAULT_CHILDBEARING_AGE,
): boolean {
  const inRange = (birth: string) => {
    const age = ageOn(birth, on);
    return age >= rule.minAge && age <= rule.maxAge;
  };
  if (person.sex === 'F') return inRange(person.birthDate);
  return isMarried(person.maritalStatus) && !!person.spouseBirthDate && inRange(person.spouseBirthDate);
}

export const AGE_BANDS = ['0-14', '15-19', '20-29', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Birth-date bounds (inclusive) of an age band on a given day, for index-friendly SQL. */
export function ageBandBirthRange(band: AgeBand, on: string): { from: string | null; to: string | null } {
  const [minAge, maxAge] = band === '60+' ? [60, null] : (band.split('-').map(Number) as [number, number]);
  const shift = (years: number, extraDay: number) => {
    const [y, m, d] = on.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y - years, m - 1, d + extraDay));
    return date.toISOString().slice(0, 10);
  };
  return {
    // Oldest allowed: born the day after (maxAge+1) years ago.
    from: maxAge === null ? null : shift(maxAge + 1, 1),
    to: shift(minAge, 0),
  };
}

export { FIELD_LABELS, fieldLabel } from './field-labels.ts';
