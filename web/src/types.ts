/**
 * Shapes of the Liudong HTTP API the console shares across features, read off the generated OpenAPI types
 * (api/schema.gen.ts via api/types.ts): none is written by hand, so a field renamed on the server fails the
 * typecheck. The option lists below are the form's choices, checked against the server's enums.
 */
import type { Answer, Body, Item } from './api/types';

export type User = Answer<'/api/auth/me'>['user'];
export type Role = User['role'];
export type DivisionRef = User['division'];
export type DivisionLevel = 1 | 2 | 3 | 4 | 5;
export type DivisionNode = Item<Answer<'/api/divisions/{code}/children'>['items']>;

export type Person = Answer<'/api/persons/{id}'>['person'];
export type PersonSummary = Item<Answer<'/api/persons'>['items']>;
export type PersonPage = Answer<'/api/persons'>;
export type PersonInput = Body<'/api/persons'>;
export type Sex = Person['sex'];
export type Flow = Person['flow'];
export type MaritalStatus = Person['maritalStatus'];
export type HousingType = NonNullable<PersonInput['housingType']>;
export type Child = Item<Person['children']>;
export type Duplicate = Item<Answer<'/api/persons', 'post'>['duplicates']>;
export type LocalizedText = Duplicate['reason'];
export type HistoryEntry = Item<Answer<'/api/persons/{id}/history'>['items']>;
export type Actor = HistoryEntry['actor'];
export type Episode = Item<Answer<'/api/persons/{id}/episodes'>['items']>;
export type AccessEntry = Item<Answer<'/api/persons/{id}/access-log'>['items']>;

export const MARITAL_STATUSES = [
  'unmarried',
  'first_marriage',
  'remarried',
  'divorced',
  'widowed',
] as const satisfies readonly MaritalStatus[];
export const HOUSING_TYPES = [
  'rented',
  'employer_dorm',
  'own',
  'relative',
  'other',
] as const satisfies readonly HousingType[];
export const AGE_BANDS = ['0-14', '15-19', '20-29', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** An error issue as ApiError carries it (api.ts flattens the server's path to one string). */
export interface ErrorIssue {
  path: string;
  message: string;
}
