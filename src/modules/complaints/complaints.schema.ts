/** Request schemas for complaints (便民维权). */
import { z } from 'zod';
import { isoDate } from '../../core/id-number.ts';
import { FIELD_LABELS } from '../../core/person.ts';
import { uuid } from '../certificates/certificates.schema.ts';
import { divisionCode, personFields } from '../persons/persons.schema.ts';

Object.assign(FIELD_LABELS, {
  channel: { zh: '来源', en: 'Channel' },
  type: { zh: '类型', en: 'Type' },
  category: { zh: '类别', en: 'Category' },
  subject: { zh: '标题', en: 'Subject' },
  body: { zh: '内容', en: 'Details' },
  contactName: { zh: '联系人', en: 'Contact name' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  receivedOn: { zh: '受理日期', en: 'Date received' },
  assigneeId: { zh: '承办人', en: 'Assignee' },
  reply: { zh: '答复', en: 'Reply' },
  rating: { zh: '评价', en: 'Rating' },
  comment: { zh: '评价意见', en: 'Comment' },
  knownOn: { zh: '知道行政行为之日', en: 'Date the act became known' },
  filedOn: { zh: '申请日期', en: 'Date filed' },
  divisionCode: { zh: '行政区划', en: 'Division' },
  from: { zh: '开始日期', en: 'From' },
  to: { zh: '结束日期', en: 'To' },
  overdue: { zh: '逾期', en: 'Overdue' },
});

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
const pastDate = date.refine((v) => v <= isoDate(new Date()), {
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
