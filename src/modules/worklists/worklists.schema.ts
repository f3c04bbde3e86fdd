/** Response schemas of the worklists (worklists.routes.ts). */
import { z } from 'zod';
import { type DeadlineRules, WORK_KINDS, WORK_STATUSES, type WorkItem as WorkItemType } from '../../core/deadlines.ts';
import { type Describes, DivisionRef, Instant, Localized, paged, RoleSchema } from '../../http/response-fields.ts';
import { RestockAlert } from '../supplies/index.ts';

const Counts = z.object({ due: z.number(), overdue: z.number(), done: z.number() });

export const WorkItem = z.object({
  kind: z.enum(WORK_KINDS),
  personId: z.string(),
  division: z.string(),
  dueOn: z.string(),
  status: z.enum(WORK_STATUSES),
  doneOn: z.string().nullable(),
  certificateId: z.string().nullable(),
  serviceKind: z.string().optional(),
  messageId: z.string().optional(),
});
true satisfies Describes<typeof WorkItem, WorkItemType>;

const Rules = z.object({
  arrivalDays: z.number(),
  firstCheckupMonths: z.number(),
  checkupIntervalMonths: z.number(),
  expiryNoticeDays: z.number(),
  lookbackDays: z.number(),
});
true satisfies Describes<typeof Rules, DeadlineRules>;

/** Counts by kind, division below and staff member; open complaints and restock alerts beside them. */
export const WorklistSummary = z.object({
  today: z.string(),
  rules: Rules,
  totals: Counts,
  byKind: z.record(z.string(), Counts),
  byDivision: z.array(Counts.extend({ division: DivisionRef.nullable() })),
  byStaff: z.array(
    Counts.extend({
      username: z.string(),
      displayName: z.string(),
      role: RoleSchema,
      division: DivisionRef.nullable(),
    }),
  ),
  note: Localized,
  complaints: z.object({
    escalated: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        subject: z.string(),
        dueOn: z.string(),
        escalatedAt: Instant.nullable(),
      }),
    ),
    due: z.number(),
    overdue: z.number(),
    done: z.number(),
  }),
  restock: z.array(RestockAlert),
});

/** A page of items with the person each is about (masked ID, phone for the call). */
export const WorkItemPage = paged(
  WorkItem.extend({
    person: z
      .object({
        id: z.string(),
        name: z.string(),
        idNumberMasked: z.string(),
        phone: z.string().nullable(),
        residenceDivision: DivisionRef.nullable(),
      })
      .nullable(),
  }),
).extend({ note: Localized });

/** A person's open items, and which certificate kinds this user may issue them. */
export const PersonWorkItems = z.object({ items: z.array(WorkItem), issueKinds: z.array(z.string()), note: Localized });
