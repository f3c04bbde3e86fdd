/** Shapes of the Liudong HTTP API (docs/API.md). */

export type Role =
  | 'county_admin'
  | 'township_officer'
  | 'village_manager'
  | 'provider'
  | 'dept_verifier'
  | 'auditor'
  | 'resident';

export type DivisionLevel = 1 | 2 | 3 | 4 | 5;

export interface DivisionRef {
  code: string;
  name: string;
  fullName: string;
  level: DivisionLevel;
}

export interface DivisionNode extends DivisionRef {
  parentCode: string | null;
  hasChildren: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  division: DivisionRef;
}

export type Sex = 'M' | 'F';
export type Flow = 'inflow' | 'outflow' | 'local';
export const MARITAL_STATUSES = ['unmarried', 'first_marriage', 'remarried', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];
export const HOUSING_TYPES = ['rented', 'employer_dorm', 'own', 'relative', 'other'] as const;
export type HousingType = (typeof HOUSING_TYPES)[number];
export const AGE_BANDS = ['0-14', '15-19', '20-29', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Child {
  name: string;
  sex: Sex;
  birthDate: string;
}

export interface PersonInput {
  idNumber: string;
  name: string;
  hukouDivision: string;
  residenceDivision: string;
  residenceAddress?: string | null;
  arrivedOn?: string | null;
  departedOn?: string | null;
  maritalStatus: MaritalStatus;
  spouseName?: string | null;
  spouseIdNumber?: string | null;
  spouseId?: string | null;
  children?: Child[];
  phone?: string | null;
  employer?: string | null;
  landlord?: string | null;
  housingType?: HousingType | null;
}

export interface Person extends Omit<PersonInput, 'idNumber' | 'hukouDivision' | 'residenceDivision'> {
  id: string;
  idNumberMasked: string;
  /** Present only after `?reveal=idNumber`. */
  idNumber?: string;
  /** When the id asked for was a merged record's (a tombstone): that record; this person is its survivor. */
  mergedFrom?: { id: string; idNumberMasked: string; mergedAt: string | null };
  sex: Sex;
  birthDate: string;
  age: number;
  flow: Flow;
  childbearingAge: boolean;
  hukouDivision: DivisionRef;
  residenceDivision: DivisionRef;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonSummary {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: Sex;
  birthDate: string;
  age: number;
  flow: Flow;
  maritalStatus: MaritalStatus;
  hukouDivision: DivisionRef;
  residenceDivision: DivisionRef;
  arrivedOn: string | null;
  childbearingAge: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The server stopped counting at `total`: more match. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export interface LocalizedText {
  zh: string;
  en: string;
}

/** Duplicate candidates returned on create; the contract leaves the shape open, so only `id` is relied on. */
export interface Duplicate {
  id?: string;
  personId?: string;
  name?: string;
  birthDate?: string;
  idNumberMasked?: string;
  /** The server sends both languages here (`{ zh, en }`), unlike error messages. */
  reason?: string | LocalizedText;
  residenceDivision?: DivisionRef;
}

export interface Actor {
  username: string;
  displayName: string;
  role: Role;
}

export interface HistoryEntry {
  version: number;
  at: string;
  kind: 'create' | 'update' | 'move' | 'certificate' | 'merge' | 'unmerge';
  actor: Actor;
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface Episode {
  residenceDivision: DivisionRef;
  address: string | null;
  arrivedOn: string | null;
  departedOn: string | null;
}

export interface AccessEntry {
  at: string;
  action: string;
  actor: Actor & { division: DivisionRef | null };
}

export interface ErrorIssue {
  path: string;
  message: string;
}
