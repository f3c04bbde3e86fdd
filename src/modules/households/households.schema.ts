/** Request schemas for households, groups, duty rosters, duty logs, visits and village representatives. */
import { z } from 'zod';
import { HOUSEHOLD_RELATIONS, VISIT_OUTCOMES, VISIT_PURPOSES } from '../../core/community.ts';
import {
  dateField,
  linesText,
  lineText,
  monthField,
  optionalLine,
  optionalLines,
  uuid,
} from '../../http/schema-fields.ts';
import { divisionCode } from '../persons/index.ts';

export const isoDay = dateField();

export const month = monthField();

/** One line of free text (core/text.ts rules), empty becomes null. Shown as text by the console (never as HTML). */
export const optionalText = optionalLine;
export const requiredText = (max: number) => lineText(max);

export const IdParam = z.strictObject({ id: uuid });

export const RepresentativeCreate = z.strictObject({
  divisionCode,
  name: requiredText(50),
  phone: optionalText(30),
});

export const RepresentativeQuery = z.strictObject({ division: divisionCode.optional() });

const member = z.strictObject({ personId: uuid, relation: z.enum(HOUSEHOLD_RELATIONS) });

export const HouseholdCreate = z.strictObject({
  divisionCode,
  address: requiredText(200),
  representativeId: uuid.nullish().transform((v) => v ?? null),
  landlordId: uuid.nullish().transform((v) => v ?? null),
  notes: optionalLines(500),
  members: z.array(member).max(30).default([]),
});
export type HouseholdCreate = z.infer<typeof HouseholdCreate>;

export const HouseholdUpdate = z.strictObject({
  version: z.number().int().min(1),
  address: requiredText(200).optional(),
  representativeId: uuid.nullish(),
  landlordId: uuid.nullish(),
  notes: optionalLines(500).optional(),
  members: z.array(member).max(30).optional(),
});
export type HouseholdUpdate = z.infer<typeof HouseholdUpdate>;

export const HouseholdQuery = z.strictObject({
  division: divisionCode.optional(),
  groupId: uuid.optional(),
  representativeId: uuid.optional(),
  ungrouped: z.enum(['true', 'false']).optional(),
  q: lineText(50, 0).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type HouseholdQuery = z.infer<typeof HouseholdQuery>;

export const AbsenceCreate = z
  .strictObject({ fromMonth: month, toMonth: month, reason: optionalText(100) })
  .refine((v) => v.toMonth >= v.fromMonth, {
    path: ['toMonth'],
    params: { zh: '不能早于起始月份', en: 'must not be before the from month' },
  });

export const GroupCreate = z.strictObject({
  divisionCode,
  name: requiredText(60),
  /** Households in rota order; about twelve, at most twenty. */
  householdIds: z.array(uuid).min(1).max(20),
  leaderHouseholdId: uuid,
});
export type GroupCreate = z.infer<typeof GroupCreate>;

export const GroupUpdate = z.strictObject({
  version: z.number().int().min(1),
  name: requiredText(60).optional(),
  householdIds: z.array(uuid).min(1).max(20).optional(),
  leaderHouseholdId: uuid.optional(),
});
export type GroupUpdate = z.infer<typeof GroupUpdate>;

export const GroupQuery = z.strictObject({ division: divisionCode.optional() });

export const RosterGenerate = z.strictObject({
  fromMonth: month,
  months: z.number().int().min(1).max(24).default(12),
});

export const DutyLogCreate = z.strictObject({
  dutyDate: isoDay,
  householdId: uuid.nullish().transform((v) => v ?? null),
  activities: linesText(1000),
  issues: optionalLines(1000),
});
export type DutyLogCreate = z.infer<typeof DutyLogCreate>;

export const VisitCreate = z
  .strictObject({
    personId: uuid.nullish().transform((v) => v ?? null),
    householdId: uuid.nullish().transform((v) => v ?? null),
    representativeId: uuid.nullish().transform((v) => v ?? null),
    visitedOn: isoDay,
    purpose: z.enum(VISIT_PURPOSES),
    outcome: z.enum(VISIT_OUTCOMES),
    notes: optionalLines(1000),
  })
  .refine((v) => v.personId !== null || v.householdId !== null, {
    path: ['personId'],
    params: { zh: '请选择走访的人员或住户', en: 'choose the person or household visited' },
  });
export type VisitCreate = z.infer<typeof VisitCreate>;

export const VisitQuery = z.strictObject({
  division: divisionCode.optional(),
  householdId: uuid.optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type VisitQuery = z.infer<typeof VisitQuery>;
