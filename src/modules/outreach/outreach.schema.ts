/** Request schemas for outreach events (宣传活动). */
import { z } from 'zod';
import { OUTREACH_KINDS } from '../../core/community.ts';
import { DateText } from '../../http/response-fields.ts';
import { optionalLines, uuid } from '../../http/schema-fields.ts';
import { isoDay, optionalText, requiredText } from '../households/index.ts';
import { divisionCode } from '../persons/index.ts';

const count = z.number().int().min(0).max(1_000_000);

export const EventCreate = z.strictObject({
  divisionCode,
  kind: z.enum(OUTREACH_KINDS),
  title: requiredText(100),
  place: requiredText(200),
  heldOn: isoDay,
  materialsCount: count.default(0),
  materials: optionalText(300),
  attendance: count.default(0),
  /** Services given on the spot that have no service record of their own (counted only). */
  servicesCount: count.default(0),
  /** Service records (issue 4) given at the event. */
  serviceRecordIds: z.array(uuid).max(500).default([]),
  partyId: uuid.nullish().transform((v) => v ?? null),
  notes: optionalLines(1000),
});
export type EventCreate = z.infer<typeof EventCreate>;

export const EventQuery = z.strictObject({
  kind: z.enum(OUTREACH_KINDS).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type EventQuery = z.infer<typeof EventQuery>;

export const FiguresQuery = z.strictObject({ from: isoDay, to: isoDay, division: divisionCode.optional() });

// Answers (outreach.service.ts); the serializer refuses a field not declared here.

const OutreachEvent = z.object({
  id: z.string(),
  divisionCode: z.string(),
  kind: z.enum(OUTREACH_KINDS),
  title: z.string(),
  place: z.string(),
  heldOn: DateText,
  materialsCount: z.number(),
  materials: z.string().nullable(),
  attendance: z.number(),
  servicesCount: z.number(),
  linkedServices: z.number(),
  partyId: z.string().nullable(),
  partyName: z.string().nullable(),
  notes: z.string().nullable(),
});
export const EventBody = z.object({ event: OutreachEvent });
export const EventPageBody = z.object({ items: z.array(OutreachEvent), page: z.number(), pageSize: z.number() });

const Figures = z.object({
  divisionName: z.string(),
  divisionCode: z.string(),
  events: z.number(),
  materials: z.number(),
  attendance: z.number(),
  services: z.number(),
});
export const FiguresBody = z.object({ from: DateText, to: DateText, total: Figures, byDivision: z.array(Figures) });
