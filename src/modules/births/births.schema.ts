/** Request and answer schemas for birth registration; messages name the field (labels in core/person.ts). */
import { z } from 'zod';
import { BIRTH_ACTIONS, BIRTH_STATUSES } from '../../core/services-birth.ts';
import { DateText, DivisionRef, Instant, Localized } from '../../http/response-fields.ts';
import { dateField, optionalLine, optionalLines, uuid } from '../../http/schema-fields.ts';
import { optionalReason, reasonWhen } from '../../http/schema-reason.ts';

const isoDateString = dateField();
const text = optionalLine;

export const IdParam = z.strictObject({ id: uuid });
export const DocParam = z.strictObject({ id: uuid, docId: uuid });

const birthFields = {
  personId: uuid,
  spousePersonId: uuid.nullish(),
  placeBasis: z.enum(['hukou', 'residence']),
  channel: z.enum(['online', 'counter']).default('counter'),
  childOrder: z.number().int().min(1).max(20),
  childBornOn: isoDateString.nullish(),
  childName: text(50),
  childSex: z.enum(['M', 'F']).nullish(),
  expectedOn: isoDateString.nullish(),
  pledge: z.boolean().default(false),
  /** Confirms withdrawing the person's open registration(s) in favour of this one (409 without it). */
  replace: z.boolean().optional(),
  reason: optionalReason,
};
const REPLACE_REASON = {
  zh: '请填写撤回原登记的原因（至少2个字）',
  en: 'give the reason for withdrawing the earlier registration (at least 2 characters)',
};
export const BirthCreate = z
  .strictObject(birthFields)
  .superRefine(
    reasonWhen(
      (v: { replace?: boolean | undefined; reason?: string | undefined }) => Boolean(v.replace),
      REPLACE_REASON,
    ),
  );
export type BirthCreate = z.infer<typeof BirthCreate>;
export const birthCreateFields = birthFields;
export const birthReplaceReason = REPLACE_REASON;

export const BirthTransitionBody = z
  .strictObject({
    action: z.enum(BIRTH_ACTIONS),
    message: optionalLines(500),
    reason: optionalReason,
  })
  .superRefine(
    reasonWhen((v) => v.action === 'withdraw', {
      zh: '撤回须填写原因（至少2个字），申请人可以看到',
      en: 'give the reason for withdrawing (at least 2 characters); the applicant sees it',
    }),
  );

export const BirthListQuery = z.strictObject({
  status: z.enum(BIRTH_STATUSES).optional(),
  personId: uuid.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const UploadQuery = z.strictObject({
  documentKind: z.enum(['id_card', 'household_register', 'marriage_certificate', 'birth_certificate', 'other']),
});

// ---- Answers (births.service.ts) ----

const Sex = z.enum(['M', 'F']);
const Status = z.enum(BIRTH_STATUSES);
const NamedDivision = z.object({ code: z.string(), name: z.string().nullable() });

export const BirthPrefill = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  sex: Sex,
  birthDate: DateText,
  maritalStatus: z.string(),
  hukouDivision: NamedDivision,
  residenceDivision: NamedDivision,
  residenceAddress: z.string().nullable(),
  spouseId: z.string().nullable(),
  spouseName: z.string().nullable(),
  spouseIdNumberMasked: z.string().nullable(),
  childrenCount: z.number(),
  children: z.array(z.object({ sex: Sex, birthYear: z.number() })),
  suggestedChildOrder: z.number(),
});
export const BirthPrefillBody = z.object({ prefill: BirthPrefill });

export const BirthSubmittedBody = z.object({
  registration: z.object({ id: z.string(), number: z.string(), status: Status, division: z.string() }),
});
export const BirthTransitionedBody = z.object({
  registration: z.object({ id: z.string(), number: z.string(), status: Status }),
});

const Registration = z.object({
  id: z.string(),
  number: z.string(),
  personId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  division: z.string(),
  placeBasis: z.enum(['hukou', 'residence']),
  channel: z.enum(['online', 'counter']),
  status: Status,
  statusLabel: Localized,
  childOrder: z.number(),
  childBornOn: DateText.nullable(),
  childName: z.string().nullable(),
  childSex: Sex.nullable(),
  expectedOn: DateText.nullable(),
  pledge: z.boolean(),
  message: z.string().nullable(),
  submittedAt: Instant,
  registeredAt: Instant.nullable(),
  withdrawnAt: Instant.nullable(),
  exchangeQueued: z.boolean(),
  exchangeNotifiedAt: Instant.nullable(),
  version: z.number(),
});

export const BirthPageBody = z.object({
  items: z.array(Registration),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const BirthDocument = z.object({
  id: z.string(),
  documentKind: z.enum(['id_card', 'household_register', 'marriage_certificate', 'birth_certificate', 'other']),
  fileName: z.string(),
  mediaType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  size: z.number(),
  uploadedAt: Instant,
});
export const BirthDocumentBody = z.object({ document: BirthDocument });

export const BirthDetailBody = z.object({
  registration: Registration.extend({
    office: DivisionRef.nullable(),
    /** The person's record as it was when the form was filled (prefillFor's shape, kept as submitted). */
    prefilled: z.record(z.string(), z.unknown()),
    payload: z.string().nullable(),
    verifyLink: z.string().nullable(),
    qrDataUrl: z.string().nullable(),
    events: z.array(
      z.object({
        action: z.string(),
        actionLabel: Localized,
        from: z.string().nullable(),
        to: z.string(),
        message: z.string().nullable(),
        at: Instant,
        actor: z.string().nullable(),
      }),
    ),
    documents: z.array(BirthDocument),
  }),
});
