/** Request schemas for complaints (便民维权). */

import { z } from 'zod';
import { DateText, Instant, Items } from '../../http/response-fields.ts';
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

// Answers (complaints.service.ts views); the serializer refuses a field not declared here.

/** What the resident sees of their own complaint (portal) and the core of the staff view. */
export const ResidentComplaintView = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(['complaint', 'consultation']),
  category: z.string(),
  subject: z.string(),
  body: z.string(),
  channel: z.enum(['hotline', 'portal', 'walk_in']),
  status: z.enum(['open', 'replied', 'closed']),
  receivedOn: DateText,
  dueOn: DateText,
  reply: z.string().nullable(),
  repliedOn: DateText.nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
});

const LegalRequest = z.object({
  id: z.string(),
  kind: z.enum(['administrative_review', 'litigation']),
  knownOn: DateText,
  deadlineOn: DateText,
  filedOn: DateText,
  inTime: z.boolean(),
  law: z.string(),
  note: z.string().nullable(),
});

const StaffComplaint = ResidentComplaintView.extend({
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  divisionCode: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  escalatedAt: Instant.nullable(),
  timing: z.enum(['on_time', 'due', 'overdue', 'late']),
  legalRequests: z.array(LegalRequest),
});

export const AttachmentBody = z.object({
  id: z.string(),
  complaintId: z.string(),
  fileName: z.string(),
  size: z.number(),
  contentType: z.string(),
});
/** A complaint as staff read it: with its attachments' names (never their bytes). */
const StaffComplaintWithFiles = StaffComplaint.extend({ attachments: z.array(AttachmentBody) });

export const ComplaintIntakeBody = z.object({ complaint: StaffComplaint });
export const ComplaintBody = z.object({ complaint: StaffComplaintWithFiles });
export const ComplaintPageBody = z.object({
  items: z.array(StaffComplaintWithFiles),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  responseWorkingDays: z.number(),
  assignees: z.array(z.object({ id: z.string(), displayName: z.string(), divisionCode: z.string() })),
});
export const ComplaintStatsBody = Items(
  z.object({ division: z.string(), received: z.number(), resolved: z.number(), resolvedInTime: z.number() }),
);
export const LegalRequestCreatedBody = z.object({ legalRequest: LegalRequest });
