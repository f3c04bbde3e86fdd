/** Request schemas for services and supply (birth registration: births.schema.ts); messages name the field (labels in core/person.ts). */
import { z } from 'zod';
import type { LocalizedText } from '../../core/errors.ts';
import { SERVICE_KINDS, SERVICE_STATUSES } from '../../core/services.ts';
import { POINT_KINDS, SUPPLY_ITEMS } from '../../core/services-supply.ts';
import {
  cleanString,
  dateField,
  linesText,
  lineText,
  optionalLine,
  optionalLines,
  uuid,
} from '../../http/schema-fields.ts';

const msg = (text: LocalizedText) => ({ params: text });

export const isoDateString = dateField();

const text = optionalLine;

const outcomeValue = z.union([linesText(500, 0), z.number().finite(), z.boolean()]);

export const ServiceCreate = z.strictObject({
  personId: uuid,
  serviceKind: z.enum(SERVICE_KINDS),
  status: z.enum(SERVICE_STATUSES),
  serviceDate: isoDateString,
  facilityId: uuid.nullish(),
  outreachEvent: text(100),
  providerName: text(50),
  outcome: z.record(cleanString('line').max(40), outcomeValue).default({}),
  contraceptiveInUse: z.boolean().nullish(),
  nextDueOn: isoDateString.nullish(),
  consent: z.boolean(),
  notes: optionalLines(500),
  followUpOf: uuid.nullish(),
  /** One per form instance: sending the same key again returns the first record instead of a second one. */
  idempotencyKey: uuid.optional(),
});
export type ServiceCreate = z.infer<typeof ServiceCreate>;

export const ReferralCreate = z.strictObject({
  personId: uuid,
  facilityId: uuid,
  serviceKind: z.enum(SERVICE_KINDS),
  note: text(200),
});
export type ReferralCreate = z.infer<typeof ReferralCreate>;

export const IdParam = z.strictObject({ id: uuid });

export const PointCreate = z.strictObject({
  name: lineText(100),
  pointKind: z.enum(POINT_KINDS),
  division: z
    .string()
    .refine((v) => /^\d{12}$/.test(v), msg({ zh: '应为12位区划代码', en: 'must be a 12-digit division code' })),
  location: lineText(200),
  keeper: lineText(50),
  restockThreshold: z.number().int().min(0).max(100_000).default(20),
});
export type PointCreate = z.infer<typeof PointCreate>;

export const PointListQuery = z.strictObject({
  division: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  alerts: z.enum(['true', 'false']).optional(),
});

export const MovementCreate = z.strictObject({
  movementKind: z.enum(['received', 'dispensed', 'adjusted']),
  item: z.enum(SUPPLY_ITEMS),
  quantity: z.number().int().min(1).max(100_000),
  /** Adjustments only: which way the count was corrected. */
  direction: z.enum(['increase', 'decrease']).optional(),
  reason: text(200),
  /** Dispensing to a person who consents to it being recorded; otherwise anonymous with a count of recipients. */
  personId: uuid.nullish(),
  recipients: z.number().int().min(1).max(10_000).nullish(),
  /** Required with personId: the person agreed that the dispensing is recorded against them. */
  consent: z.boolean().optional(),
});
export type MovementCreate = z.infer<typeof MovementCreate>;

export const TransferCreate = z.strictObject({
  toPointId: uuid,
  item: z.enum(SUPPLY_ITEMS),
  quantity: z.number().int().min(1).max(100_000),
  reason: text(200),
});
export type TransferCreate = z.infer<typeof TransferCreate>;

export const StockReportQuery = z.strictObject({
  division: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

/** The services page's list: the jurisdiction's recent services, newest first. */
export const ServiceListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
