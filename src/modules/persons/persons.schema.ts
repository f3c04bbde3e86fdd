/** Request schemas for /api/persons. Domain checks come from core so the importer and API agree. */

import { z } from 'zod';
import type { LocalizedText } from '../../core/errors.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { AGE_BANDS, HOUSING_TYPES, MARITAL_STATUSES } from '../../core/person.ts';
import { ROLES } from '../../core/roles.ts';
import { DateText, DivisionRef, Instant, Items, Localized } from '../../http/response-fields.ts';
import { cleanString, dateField, linesText, lineText, optionalLine, uuid } from '../../http/schema-fields.ts';

const msg = (text: LocalizedText) => ({ params: text });
/** A pattern check whose failure message is ours in both languages. */
const matching = (re: RegExp, text: LocalizedText) => z.string().refine((v) => re.test(v), msg(text));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idNumber = cleanString('line')
  .min(1)
  .transform((value, ctx) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.problem.en, params: parsed.problem });
      return z.NEVER;
    }
    return parsed.value.idNumber;
  });

const date = dateField();
const pastDate = dateField({ notAfter: 'today' });

export const divisionCode = matching(/^\d{12}$/, { zh: '应为12位区划代码', en: 'must be a 12-digit division code' });
const optionalText = optionalLine;

const child = z.strictObject({
  name: lineText(50),
  sex: z.enum(['M', 'F']),
  birthDate: pastDate,
});

export const personFields = {
  idNumber,
  name: lineText(50),
  hukouDivision: divisionCode,
  residenceDivision: divisionCode,
  residenceAddress: optionalText(200),
  arrivedOn: pastDate.nullish().transform((v) => v ?? null),
  departedOn: date.nullish().transform((v) => v ?? null),
  maritalStatus: z.enum(MARITAL_STATUSES),
  spouseName: optionalText(50),
  spouseIdNumber: idNumber.nullish().transform((v) => v ?? null),
  spouseId: matching(UUID, { zh: '编号格式不正确', en: 'is not a valid record id' })
    .nullish()
    .transform((v) => v ?? null),
  children: z.array(child).max(20),
  phone: cleanString('line')
    .refine(
      (v) => v === '' || /^[0-9+\- ]{5,20}$/.test(v),
      msg({ zh: '应为5–20位电话号码', en: 'must be a phone number of 5–20 digits' }),
    )
    .nullish()
    .transform((v) => (v ? v : null)),
  employer: optionalText(100),
  landlord: optionalText(100),
  housingType: z
    .enum(HOUSING_TYPES)
    .nullish()
    .transform((v) => v ?? null),
};

const departAfterArrive = (v: { arrivedOn?: string | null; departedOn?: string | null }) =>
  !v.arrivedOn || !v.departedOn || v.departedOn >= v.arrivedOn;
const departIssue = {
  path: ['departedOn'],
  params: { zh: '离开时间：不能早于来本地时间', en: 'Departure date: must not be before the arrival date' },
};

/**
 * A person in their own home (自有住房) has no landlord (issue 21 part 6). A request that gives both is refused;
 * changing an existing person to 自有住房 clears the landlord on record (persons.service.ts), as the office would.
 */
export const OWN_HOME_LANDLORD = {
  zh: '自有住房的人员不登记房东',
  en: 'is not recorded for a person in their own home',
};
const noLandlordAtHome = (v: { housingType?: string | null; landlord?: string | null }) =>
  !(v.housingType === 'own' && v.landlord);
const landlordIssue = {
  path: ['landlord'],
  params: { zh: `房东：${OWN_HOME_LANDLORD.zh}`, en: `Landlord: ${OWN_HOME_LANDLORD.en}` },
};

/** Arrival cannot precede birth (the birth date comes from the ID number); a patch without one is checked by the service. */
const ARRIVAL_BEFORE_BIRTH = { zh: '不能早于出生日期', en: 'must not be before the birth date' };
export function arrivedBeforeBirth(arrivedOn: string | null | undefined, birthDate: string | null): boolean {
  return Boolean(arrivedOn && birthDate && arrivedOn < birthDate);
}
const arriveAfterBirth = (v: { idNumber?: string; arrivedOn?: string | null }) => {
  const id = v.idNumber ? parseIdNumber(v.idNumber) : null;
  return !arrivedBeforeBirth(v.arrivedOn, id?.ok ? id.value.birthDate : null);
};
const arrivalIssue = { path: ['arrivedOn'], params: ARRIVAL_BEFORE_BIRTH };
export const arrivalBeforeBirthProblem = ARRIVAL_BEFORE_BIRTH;

export const PersonCreate = z
  .strictObject({ ...personFields, children: personFields.children.default([]) })
  .partial({
    residenceAddress: true,
    arrivedOn: true,
    departedOn: true,
    spouseName: true,
    spouseIdNumber: true,
    spouseId: true,
    phone: true,
    employer: true,
    landlord: true,
    housingType: true,
  })
  .refine(departAfterArrive, departIssue)
  .refine(arriveAfterBirth, arrivalIssue)
  .refine(noLandlordAtHome, landlordIssue);
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonPatch = z
  .strictObject({ ...personFields, version: z.number().int().min(1) })
  .partial()
  .required({ version: true })
  .refine(departAfterArrive, departIssue)
  .refine(arriveAfterBirth, arrivalIssue)
  .refine(noLandlordAtHome, landlordIssue);
export type PersonPatch = z.infer<typeof PersonPatch>;

export const PersonListQuery = z.strictObject({
  q: lineText(40, 0).optional(),
  flow: z.enum(['inflow', 'outflow', 'local']).optional(),
  sex: z.enum(['M', 'F']).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  maritalStatus: z.enum(MARITAL_STATUSES).optional(),
  division: divisionCode.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PersonListQuery = z.infer<typeof PersonListQuery>;

export const PersonIdParam = z.strictObject({
  id: matching(UUID, { zh: '编号格式不正确', en: 'is not a valid record id' }),
});
export const PersonGetQuery = z.strictObject({ reveal: z.literal('idNumber').optional() });
export const PersonLookupQuery = z.strictObject({ idNumber });

export const BreakGlassBody = z.strictObject({
  idNumber,
  reason: linesText(500, 0).refine(
    (v) => v.length >= 10,
    msg({ zh: '请具体说明理由（至少10个字）', en: 'state the reason (at least 10 characters)' }),
  ),
});

// Answers (persons.view.ts shapes them); the serializer refuses a field not declared here.

const Sex = z.enum(['M', 'F']);
const ChildBody = z.object({ name: z.string(), sex: Sex, birthDate: DateText });

export const PersonSummaryBody = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  sex: Sex,
  birthDate: DateText,
  age: z.number(),
  flow: z.enum(['inflow', 'outflow', 'local']),
  maritalStatus: z.enum(MARITAL_STATUSES),
  hukouDivision: DivisionRef,
  residenceDivision: DivisionRef,
  arrivedOn: DateText.nullable(),
  childbearingAge: z.boolean(),
});

export const PersonDetailBody = PersonSummaryBody.extend({
  residenceAddress: z.string().nullable(),
  departedOn: DateText.nullable(),
  spouseId: z.string().nullable(),
  spouseName: z.string().nullable(),
  spouseIdNumberMasked: z.string().nullable(),
  children: z.array(ChildBody),
  phone: z.string().nullable(),
  employer: z.string().nullable(),
  landlord: z.string().nullable(),
  housingType: z.string().nullable(),
  version: z.number(),
  createdAt: Instant,
  updatedAt: Instant,
  /** Only with ?reveal=idNumber (audited as person.read_id_number). */
  idNumber: z.string().optional(),
  /** When the id or ID number asked for is a merged record's: that record, now a tombstone pointing here. */
  mergedFrom: z.object({ id: z.string(), idNumberMasked: z.string(), mergedAt: Instant.nullable() }).optional(),
});

export const PersonBody = z.object({ person: PersonDetailBody });

/** One scored part of a duplicate score (src/core/dedup/score.ts). */
export const ScorePartBody = z.object({
  field: z.string(),
  level: z.string(),
  weight: z.number(),
  label: Localized,
});

export const PossibleDuplicateBody = z.object({
  id: z.string(),
  name: z.string(),
  birthDate: DateText,
  idNumberMasked: z.string(),
  /** The agreeing parts (拼音相同 · 出生日期相同 …), or "same name and birth date" below the threshold. */
  reason: Localized,
  score: z.number(),
  /** At or above the "likely" threshold. */
  likely: z.boolean(),
  parts: z.array(ScorePartBody),
});

export const PersonCreatedBody = PersonBody.extend({ duplicates: z.array(PossibleDuplicateBody) });

/** An update that changed a compared field lists possible duplicates again. */
export const PersonUpdatedBody = PersonBody.extend({ duplicates: z.array(PossibleDuplicateBody).optional() });

export const PersonPageBody = z.object({
  items: z.array(PersonSummaryBody),
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});

export const BreakGlassResult = z.object({
  personId: z.string(),
  expiresAt: z.string().nullable(),
  inScope: z.boolean(),
});

const ActorBody = z.object({
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
});

export const PersonHistoryBody = Items(
  z.object({
    version: z.number(),
    at: Instant,
    kind: z.enum(['create', 'update', 'move', 'certificate', 'merge', 'unmerge']),
    actor: ActorBody,
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  }),
);

export const PersonEpisodesBody = Items(
  z.object({
    residenceDivision: DivisionRef,
    address: z.string().nullable(),
    arrivedOn: DateText.nullable(),
    departedOn: DateText.nullable(),
  }),
);

export const PersonAccessLogBody = Items(
  z.object({
    at: Instant,
    action: z.string(),
    actor: z.object({
      username: z.string().nullable(),
      displayName: z.string().nullable(),
      role: z.string().nullable(),
      division: DivisionRef.nullable(),
    }),
  }),
);

/** The fields a merge takes from either record (persons.merge.ts); the rest of the survivor stays. */
export const MERGE_FIELD_NAMES = [
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
  'spouseId',
  'children',
  'phone',
  'employer',
  'landlord',
  'housingType',
] as const;
export type MergeField = (typeof MERGE_FIELD_NAMES)[number];

const SAME_RECORD = {
  path: ['mergedId'],
  params: { zh: '不能与保留的记录相同', en: 'must differ from the record kept' },
};

const MergePair = {
  survivorId: uuid,
  mergedId: uuid,
};

export const PersonMergeBody = z
  .strictObject({
    ...MergePair,
    fieldChoices: z.partialRecord(z.enum(MERGE_FIELD_NAMES), z.enum(['survivor', 'merged'])).default({}),
    // The console asks for one; the API takes a merge without (the queue's contract: survivorId, mergedId, fieldChoices).
    reason: lineText(500, 0).default(''),
  })
  .refine((b) => b.survivorId !== b.mergedId, SAME_RECORD);
export type PersonMergeBody = z.infer<typeof PersonMergeBody>;

export const PersonMergePreviewQuery = z
  .strictObject(MergePair)
  .refine((b) => b.survivorId !== b.mergedId, SAME_RECORD);

export const MergeIdParam = z.object({ mergeId: uuid });

/** Rows that move (or moved), by table. */
const MovedCounts = z.record(z.string(), z.number());

export const PersonMergePreviewBody = z.object({
  survivor: PersonDetailBody,
  merged: PersonDetailBody,
  /** The fields whose values differ, with each record's value as history shows it (ID numbers masked). */
  differences: z.array(z.object({ field: z.enum(MERGE_FIELD_NAMES), survivor: z.unknown(), merged: z.unknown() })),
  moves: MovedCounts,
});

export const PersonMergedBody = PersonBody.extend({ mergeId: z.string(), moved: MovedCounts });

export const PersonUnmergedBody = z.object({ survivor: PersonDetailBody, merged: PersonDetailBody });

export const PersonMergesBody = Items(
  z.object({
    id: z.string(),
    role: z.enum(['survivor', 'merged']),
    otherId: z.string(),
    otherIdNumberMasked: z.string(),
    otherName: z.string(),
    at: Instant,
    reason: z.string(),
    moved: MovedCounts,
    undoneAt: Instant.nullable(),
    /** Until when it can be undone (30 days), null once undone. */
    undoableUntil: Instant.nullable(),
  }),
);
