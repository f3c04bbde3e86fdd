/** Request and response schemas of staff training records (issue 26 part 7). */
import { z } from 'zod';
import { DivisionRef, RoleSchema } from '../../http/response-fields.ts';
import { dateField, lineText, uuid } from '../../http/schema-fields.ts';

export const TrainingCreate = z.strictObject({
  /** The session, e.g. 《流动人口计划生育工作条例》学习培训班. */
  title: lineText(100, 2),
  topic: lineText(200, 2),
  heldOn: dateField({ notAfter: 'today' }),
  /** In half hours: 0.5 to 200. */
  hours: z
    .number()
    .min(0.5)
    .max(200)
    .refine((v) => Number.isInteger(v * 2), { params: { zh: '以0.5学时为单位', en: 'in steps of 0.5 hours' } }),
  /** The organising office (in the user's jurisdiction). */
  divisionCode: z.string().trim().min(1).max(12),
  attendeeIds: z.array(uuid).min(1).max(500),
});
export type TrainingCreate = z.infer<typeof TrainingCreate>;

export const TrainingQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2099).optional() });

const Attendee = z.object({
  id: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  division: DivisionRef.nullable(),
});

export const TrainingView = z.object({
  id: z.string(),
  title: z.string(),
  topic: z.string(),
  heldOn: z.string(),
  hours: z.number(),
  division: DivisionRef.nullable(),
  attendees: z.array(Attendee),
});
export type TrainingView = z.infer<typeof TrainingView>;

export const TrainingFiguresBody = z.object({ sessions: z.number(), hours: z.number(), attendances: z.number() });

export const TrainingList = z.object({ year: z.number(), items: z.array(TrainingView), totals: TrainingFiguresBody });

export const StaffList = z.object({ items: z.array(Attendee) });
