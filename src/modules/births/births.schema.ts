/** Answers of the birth-registration routes (births.service.ts); requests are in services.schema.ts. */
import { z } from 'zod';
import { BIRTH_STATUSES } from '../../core/services-birth.ts';
import { DateText, DivisionRefBody, LocalizedTextBody, Timestamp } from '../../http/responses.ts';

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
  statusLabel: LocalizedTextBody,
  childOrder: z.number(),
  childBornOn: DateText.nullable(),
  childName: z.string().nullable(),
  childSex: Sex.nullable(),
  expectedOn: DateText.nullable(),
  pledge: z.boolean(),
  message: z.string().nullable(),
  submittedAt: Timestamp,
  registeredAt: Timestamp.nullable(),
  withdrawnAt: Timestamp.nullable(),
  exchangeQueued: z.boolean(),
  exchangeNotifiedAt: Timestamp.nullable(),
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
  uploadedAt: Timestamp,
});
export const BirthDocumentBody = z.object({ document: BirthDocument });

export const BirthDetailBody = z.object({
  registration: Registration.extend({
    office: DivisionRefBody.nullable(),
    /** The person's record as it was when the form was filled (prefillFor's shape, kept as submitted). */
    prefilled: z.record(z.string(), z.unknown()),
    payload: z.string().nullable(),
    verifyLink: z.string().nullable(),
    qrDataUrl: z.string().nullable(),
    events: z.array(
      z.object({
        action: z.string(),
        actionLabel: LocalizedTextBody,
        from: z.string().nullable(),
        to: z.string(),
        message: z.string().nullable(),
        at: Timestamp,
        actor: z.string().nullable(),
      }),
    ),
    documents: z.array(BirthDocument),
  }),
});
