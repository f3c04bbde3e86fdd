/** Request schemas for households, groups, duty rosters, duty logs, visits and village representatives. */
import { z } from 'zod';
import { HOUSEHOLD_RELATIONS, VISIT_OUTCOMES, VISIT_PURPOSES } from '../../core/community.ts';
import { DateText, Instant, Items } from '../../http/response-fields.ts';
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

// Answers (households.service.ts and visits.service.ts); the serializer refuses a field not declared here.

const Representative = z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() });

export const RepresentativeListBody = Items(
  Representative.extend({ divisionCode: z.string(), households: z.number() }),
);
export const RepresentativeBody = z.object({ representative: Representative.extend({ divisionCode: z.string() }) });

const Absence = z.object({ id: z.string(), fromMonth: z.string(), toMonth: z.string(), reason: z.string().nullable() });

const Household = z.object({
  id: z.string(),
  divisionCode: z.string(),
  address: z.string(),
  groupId: z.string().nullable(),
  position: z.number().nullable(),
  representativeId: z.string().nullable(),
  landlordId: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
  members: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      relation: z.string(),
      sex: z.enum(['M', 'F']),
      idNumberMasked: z.string(),
    }),
  ),
  absences: z.array(Absence),
});

export const HouseholdPageBody = z.object({
  items: z.array(Household),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const HouseholdBody = z.object({ household: Household });
export const AbsenceBody = z.object({ absence: Absence });

export const GroupListBody = Items(
  z.object({
    id: z.string(),
    divisionCode: z.string(),
    divisionName: z.string(),
    name: z.string(),
    leaderHouseholdId: z.string().nullable(),
    leaderAddress: z.string().nullable(),
    households: z.number(),
    rosterUntil: z.string().nullable(),
    version: z.number(),
  }),
);

export const GroupDetailBody = z.object({
  group: z.object({
    id: z.string(),
    divisionCode: z.string(),
    divisionName: z.string(),
    name: z.string(),
    leaderHouseholdId: z.string().nullable(),
    version: z.number(),
  }),
  households: z.array(Household),
  representatives: z.array(Representative),
  roster: z.array(z.object({ month: z.string(), householdId: z.string().nullable(), skipped: z.array(z.string()) })),
  rules: z.array(z.string()).readonly(),
});

export const DutyLogListBody = Items(
  z.object({
    id: z.string(),
    dutyDate: DateText,
    householdId: z.string().nullable(),
    householdAddress: z.string().nullable(),
    activities: z.string(),
    issues: z.string().nullable(),
    recordedBy: z.string().nullable(),
    createdAt: Instant,
  }),
);
export const DutyLogBody = z.object({
  dutyLog: z.object({
    id: z.string(),
    dutyDate: DateText,
    householdId: z.string().nullable(),
    activities: z.string(),
    issues: z.string().nullable(),
  }),
});

const Visit = z.object({
  id: z.string(),
  divisionCode: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  personIdMasked: z.string().nullable(),
  householdId: z.string().nullable(),
  householdAddress: z.string().nullable(),
  representativeId: z.string().nullable(),
  representativeName: z.string().nullable(),
  visitedOn: DateText,
  purpose: z.enum(VISIT_PURPOSES),
  outcome: z.enum(VISIT_OUTCOMES),
  notes: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: Instant,
});

/** A person's due services (the work-list rules), shown beside a visit. */
const DueService = z.object({
  kind: z.string(),
  personId: z.string(),
  division: z.string(),
  dueOn: DateText,
  status: z.enum(['due', 'overdue', 'done']),
  doneOn: DateText.nullable(),
  certificateId: z.string().nullable(),
  serviceKind: z.string().optional(),
  messageId: z.string().optional(),
});

export const VisitCreatedBody = z.object({ visit: Visit, due: z.array(DueService) });
export const VisitPageBody = z.object({ items: z.array(Visit), page: z.number(), pageSize: z.number() });
export const PersonVisitsBody = z.object({ items: z.array(Visit), due: z.array(DueService) });
