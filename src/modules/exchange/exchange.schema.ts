/** Request schemas for the exchange API; messages name the field. */
import { z } from 'zod';
import { EXCHANGE_KINDS } from '../../core/exchange.ts';
import { dateField, uuid } from '../../http/schema-fields.ts';
import { minText } from '../complaints/index.ts';

const date = dateField();
const division = z.string().refine((v) => /^\d{12}$/.test(v), {
  params: { zh: '应为12位行政区划代码', en: 'must be a 12-digit division code' },
});
const text = minText('lines', 2, 1000);

export const MessageListQuery = z.strictObject({
  box: z.enum(['inbox', 'outbox']).default('inbox'),
  kind: z.enum(EXCHANGE_KINDS).optional(),
  status: z
    .enum(['open', 'answered', 'overdue', 'pending', 'sent', 'delivered', 'rejected', 'awaiting_reply'])
    .optional(),
  division: division.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type MessageListQuery = z.infer<typeof MessageListQuery>;

export const IdParam = z.strictObject({ id: uuid });
export const ReplyBody = z.strictObject({ found: z.boolean(), text });
export const InquiryBody = z.strictObject({ personId: uuid, urgent: z.boolean().default(false), text });
export const DeadLetterQuery = z.strictObject({ status: z.enum(['open', 'retried']).optional() });
export const RatesQuery = z.strictObject({ division: division.optional(), from: date.optional(), to: date.optional() });
