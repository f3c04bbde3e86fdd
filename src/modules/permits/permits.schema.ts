/** Request and response schemas of residence-permit registrations (issue 26 part 6). */
import { z } from 'zod';
import { DivisionRef, Instant, Localized } from '../../http/response-fields.ts';
import { dateField, lineText, optionalLine, uuid } from '../../http/schema-fields.ts';
import { divisionCode, PossibleDuplicateBody, personFields } from '../persons/index.ts';

/** One 居住证 registration as public security sends it. */
export const PermitSubmission = z.strictObject({
  idNumber: personFields.idNumber,
  name: lineText(50),
  address: lineText(200, 2),
  registeredOn: dateField({ notAfter: 'today' }),
  /** The permit's own number, kept for the office's reference when the department sends one. */
  permitNumber: optionalLine(40),
});
export type PermitSubmission = z.infer<typeof PermitSubmission>;

/** A batch of 1–500 registrations; a single one is a batch of one. */
export const PermitBatch = z.strictObject({ registrations: z.array(PermitSubmission).min(1).max(500) });

export const PERMIT_OUTCOMES = ['accepted', 'duplicate'] as const;

export const PermitReceipt = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  results: z.array(
    z.object({
      index: z.number(),
      id: z.string(),
      /** duplicate: the same department sent the same ID number and date before; nothing was added. */
      outcome: z.enum(PERMIT_OUTCOMES),
      status: z.enum(['pending', 'confirmed', 'not_found']),
      /** Whether the address was placed in a division of the key's area (otherwise it waits at the key's area). */
      addressResolved: z.boolean(),
    }),
  ),
});

export const PERMIT_STATUSES = ['pending', 'confirmed', 'not_found'] as const;

export const PermitListQuery = z.strictObject({
  status: z.enum(PERMIT_STATUSES).default('pending'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PermitListQuery = z.infer<typeof PermitListQuery>;

export const PermitIdParam = z.strictObject({ id: uuid });

/**
 * Confirming registers the person when nobody in scope has the ID number: then the household registration and
 * marital status are needed (the permit does not carry them). An existing person is moved or updated instead.
 */
export const ConfirmBody = z.strictObject({
  hukouDivision: divisionCode.optional(),
  maritalStatus: personFields.maritalStatus.optional(),
  /** A village in the user's jurisdiction, when the address did not resolve to one (or resolved wrongly). */
  residenceDivision: divisionCode.optional(),
  phone: personFields.phone,
  /** The person's version, when the work list showed an existing person (a change since answers 409). */
  version: z.number().int().min(1).optional(),
});
export type ConfirmBody = z.infer<typeof ConfirmBody>;

export const NotFoundBody = z.strictObject({ reason: lineText(200, 2) });

export const PermitView = z.object({
  id: z.string(),
  department: z.string(),
  permitNumber: z.string().nullable(),
  name: z.string(),
  idNumberMasked: z.string(),
  address: z.string(),
  registeredOn: z.string(),
  division: DivisionRef.nullable(),
  addressResolved: z.boolean(),
  status: z.enum(PERMIT_STATUSES),
  reason: z.string().nullable(),
  personId: z.string().nullable(),
  decidedAt: Instant.nullable(),
  createdAt: Instant,
  /** The person in the user's scope with this ID number: confirming updates them instead of registering. */
  match: z
    .object({ id: z.string(), name: z.string(), version: z.number(), residenceDivision: DivisionRef.nullable() })
    .nullable(),
});
export type PermitView = z.infer<typeof PermitView>;

export const PermitPage = z.object({
  items: z.array(PermitView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ pending: z.number(), confirmed: z.number(), not_found: z.number() }),
  note: Localized,
});

export const ConfirmAnswer = z.object({
  permit: PermitView,
  person: z.object({ id: z.string(), name: z.string(), version: z.number() }),
  /** true: registered now; false: an existing person was updated (moved here, new address). */
  created: z.boolean(),
  /** The matcher's candidates, as the person API lists them on create (issue 24). */
  duplicates: z.array(PossibleDuplicateBody),
});
