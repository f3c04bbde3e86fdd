/** Request schemas for complaints (便民维权). */

import { z } from 'zod';
import { cleanString, dateField, linesText, lineText, uuid } from '../../http/schema-fields.ts';
import { divisionCode, personFields } from '../persons/index.ts';

export const COMPLAINT_CATEGORIES = [
  'certificate',
  'service_quality',
  'staff_conduct',
  'privacy',
  'policy',
  'other',
] as const;

/** Subjects are one line, bodies and replies are prose; the minimum counts characters, not UTF-16 units. */
export const minText = (kind: 'line' | 'lines', min: number, max: number) =>
  cleanString(kind)
    .max(max)
    .refine((v) => [...v].length >= min, {
      params: { zh: `至少填写${min}个字`, en: `write at least ${min} characters` },
    });

const date = dateField();
const pastDate = dateField({ notAfter: 'today' });

export const ComplaintFields = {
  type: z.enum(['consultation', 'complaint']),
  category: z.enum(COMPLAINT_CATEGORIES),
  subject: minText('line', 2, 100),
  body: minText('lines', 5, 4000),
};

export const ComplaintIntake = z.strictObject({
  channel: z.enum(['hotline', 'walk_in']),
  ...ComplaintFields,
  personId: uuid.optional(),
  divisionCode: divisionCode.optional(),
  contactName: lineText(50, 0).optional(),
  contactPhone: personFields.phone.optional(),
  receivedOn: pastDate.optional(),
});
export type ComplaintIntake = z.infer<typeof ComplaintIntake>;

export const ResidentComplaint = z.strictObject(ComplaintFields);
export type ResidentComplaint = z.infer<typeof ResidentComplaint>;

export const AssignBody = z.strictObject({ assigneeId: uuid });
export const ReplyBody = z.strictObject({ reply: minText('lines', 2, 4000) });
export const RatingBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: linesText(500, 0).optional(),
});
export const LegalRequestBody = z.strictObject({
  kind: z.enum(['administrative_review', 'litigation']),
  knownOn: pastDate,
  filedOn: pastDate.optional(),
  note: linesText(500, 0).optional(),
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
