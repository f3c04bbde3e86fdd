/** Request schemas for complaints (便民维权). */

import { z } from 'zod';
import { chinaToday } from '../../core/china-time.ts';
import { uuid } from '../certificates/certificates.schema.ts';
import { divisionCode, personFields } from '../persons/persons.schema.ts';

export const COMPLAINT_CATEGORIES = [
  'certificate',
  'service_quality',
  'staff_conduct',
  'privacy',
  'policy',
  'other',
] as const;

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => [...v].length >= min, {
      params: { zh: `至少填写${min}个字`, en: `write at least ${min} characters` },
    });

const date = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    params: { zh: '日期格式应为YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' },
  });
const pastDate = date.refine((v) => v <= chinaToday(), {
  params: { zh: '不能晚于今天', en: 'must not be in the future' },
});

export const ComplaintFields = {
  type: z.enum(['consultation', 'complaint']),
  category: z.enum(COMPLAINT_CATEGORIES),
  subject: text(2, 100),
  body: text(5, 4000),
};

export const ComplaintIntake = z.strictObject({
  channel: z.enum(['hotline', 'walk_in']),
  ...ComplaintFields,
  personId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: personFields.phone.optional(),
  receivedOn: pastDate.optional(),
});
export type ComplaintIntake = z.infer<typeof ComplaintIntake>;

export const ResidentComplaint = z.strictObject(ComplaintFields);
export type ResidentComplaint = z.infer<typeof ResidentComplaint>;

export const AssignBody = z.strictObject({ assigneeId: uuid });
export const ReplyBody = z.strictObject({ reply: text(2, 4000) });
export const RatingBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
export const LegalRequestBody = z.strictObject({
  kind: z.enum(['administrative_review', 'litigation']),
  knownOn: pastDate,
  filedOn: pastDate.optional(),
  note: z.string().trim().max(500).optional(),
});
export const ComplaintIdParam = z.strictObject({ id: uuid });
export const AttachmentParam = z.strictObject({ id: uuid, attachmentId: uuid });
export const ComplaintListQuery = z.strictObject({
  status: z.enum(['open', 'replied', 'closed']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ComplaintStatsQuery = z.strictObject({ from: date, to: date });
