/** Converting between the person form's values and the API's PersonInput, and mapping API issues to fields. */
import dayjs, { type Dayjs } from 'dayjs';
import { oneOf } from '../api/narrow';
import type { Body } from '../api/types';
import {
  type ErrorIssue,
  HOUSING_TYPES,
  type HousingType,
  type MaritalStatus,
  type Person,
  type PersonInput,
  type Sex,
} from '../types';

export interface ChildValues {
  name?: string;
  sex?: Sex;
  birthDate?: Dayjs | null;
}

export interface PersonFormValues {
  idNumber?: string;
  name?: string;
  hukouDivision?: string;
  residenceDivision?: string;
  residenceAddress?: string;
  arrivedOn?: Dayjs | null;
  departedOn?: Dayjs | null;
  maritalStatus?: MaritalStatus;
  spouseName?: string;
  spouseIdNumber?: string;
  children?: ChildValues[];
  phone?: string;
  employer?: string;
  landlord?: string;
  housingType?: HousingType | null;
}

const DATE = 'YYYY-MM-DD';

function day(value: string | null | undefined): Dayjs | null {
  return value ? dayjs(value, DATE) : null;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function valuesFromPerson(person: Person): PersonFormValues {
  return {
    idNumber: person.idNumberMasked,
    name: person.name,
    hukouDivision: person.hukouDivision.code,
    residenceDivision: person.residenceDivision.code,
    residenceAddress: person.residenceAddress ?? '',
    arrivedOn: day(person.arrivedOn),
    departedOn: day(person.departedOn),
    maritalStatus: person.maritalStatus,
    spouseName: person.spouseName ?? '',
    spouseIdNumber: person.spouseIdNumberMasked ?? '',
    children: (person.children ?? []).map((child) => ({ ...child, birthDate: day(child.birthDate) })),
    phone: person.phone ?? '',
    employer: person.employer ?? '',
    landlord: person.landlord ?? '',
    housingType: oneOf(person.housingType, HOUSING_TYPES) ?? null,
  };
}

/** Everything the form holds, as the API wants it (empty optional text → null). */
export function inputFromValues(values: PersonFormValues): PersonInput {
  return {
    idNumber: (values.idNumber ?? '').trim(),
    name: (values.name ?? '').trim(),
    hukouDivision: values.hukouDivision ?? '',
    residenceDivision: values.residenceDivision ?? '',
    residenceAddress: text(values.residenceAddress),
    arrivedOn: values.arrivedOn ? values.arrivedOn.format(DATE) : null,
    departedOn: values.departedOn ? values.departedOn.format(DATE) : null,
    maritalStatus: values.maritalStatus ?? 'unmarried',
    spouseName: text(values.spouseName),
    spouseIdNumber: text(values.spouseIdNumber),
    children: (values.children ?? []).map((child) => ({
      name: (child.name ?? '').trim(),
      sex: child.sex ?? 'M',
      birthDate: child.birthDate ? child.birthDate.format(DATE) : '',
    })),
    phone: text(values.phone),
    employer: text(values.employer),
    // 自有住房 has no landlord: a hidden field's old value is not sent.
    landlord: values.housingType === 'own' ? null : text(values.landlord),
    housingType: values.housingType ?? null,
  };
}

/** For create: leave out empty optional fields rather than sending nulls. */
export function createBody(values: PersonFormValues): PersonInput {
  const input = inputFromValues(values);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    body[key] = value;
  }
  return body as unknown as PersonInput;
}

type PersonPatch = Body<'/api/persons/{id}', 'patch'>;

/** For edit: only what changed (the ID number is never re-sent; the form shows it masked). */
export function patchBody(values: PersonFormValues, original: Person, version: number): PersonPatch {
  const next = inputFromValues(values);
  const before = inputFromValues(valuesFromPerson(original));
  const patch: Record<string, unknown> = { version };
  for (const key of Object.keys(next) as (keyof PersonInput)[]) {
    if (key === 'idNumber') continue;
    if (key === 'spouseIdNumber' && next.spouseIdNumber === before.spouseIdNumber) continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) patch[key] = next[key];
  }
  return patch as PersonPatch;
}

export type NamePath = (string | number)[];

/** `children.0.birthDate` → `['children', 0, 'birthDate']`. */
export function namePathOf(path: string): NamePath {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const FORM_FIELDS = new Set<string>([
  'idNumber',
  'name',
  'hukouDivision',
  'residenceDivision',
  'residenceAddress',
  'arrivedOn',
  'departedOn',
  'maritalStatus',
  'spouseName',
  'spouseIdNumber',
  'children',
  'phone',
  'employer',
  'landlord',
  'housingType',
]);

const CHILD_FIELDS = new Set(['name', 'sex', 'birthDate']);

export interface MappedIssues {
  fields: { name: NamePath; errors: string[] }[];
  /** Issues with no matching field on the form; shown in the general message. */
  general: ErrorIssue[];
}

export function mapIssues(issues: ErrorIssue[], values: PersonFormValues): MappedIssues {
  const byPath = new Map<string, { name: NamePath; errors: string[] }>();
  const general: ErrorIssue[] = [];
  const childCount = values.children?.length ?? 0;
  for (const issue of issues) {
    let name = namePathOf(issue.path);
    const [head, index, leaf] = name;
    if (head === 'spouseId') name = ['spouseIdNumber'];
    else if (typeof head !== 'string' || !FORM_FIELDS.has(head)) {
      general.push(issue);
      continue;
    } else if (head === 'children' && name.length > 1) {
      const valid =
        typeof index === 'number' && index < childCount && typeof leaf === 'string' && CHILD_FIELDS.has(leaf);
      if (!valid) {
        general.push(issue);
        continue;
      }
      name = ['children', index, leaf];
    } else if (head !== 'children') {
      name = [head];
    }
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byPath.set(key, entry);
  }
  return { fields: [...byPath.values()], general };
}
