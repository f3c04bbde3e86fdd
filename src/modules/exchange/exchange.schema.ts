/** Request and response schemas for the exchange API; request messages name the field. */
import { z } from 'zod';
import { EXCHANGE_KINDS, INQUIRY_PURPOSES, purposeNeedsConsent } from '../../core/exchange.ts';
import { type Describes, Instant, Localized, paged } from '../../http/response-fields.ts';
import { dateField, optionalLines, uuid } from '../../http/schema-fields.ts';
import { minText } from '../complaints/index.ts';
import type { RateRow as RateRowType } from './exchange.repository.ts';

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
/**
 * 协查: a purpose from the closed list, an optional note within it; a referral names the day the person agreed
 * (their consent travels with the inquiry and is the reason it may be sent at all).
 */
export const InquiryBody = z
  .strictObject({
    personId: uuid,
    urgent: z.boolean().default(false),
    purpose: z.enum(INQUIRY_PURPOSES),
    text: optionalLines(1000),
    consentOn: dateField({ notAfter: 'today' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (purposeNeedsConsent(v.purpose) && !v.consentOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['consentOn'],
        message: 'a referral needs the date the person agreed to it',
        params: { zh: '转介须登记本人同意的日期', en: 'a referral needs the date the person agreed to it' },
      });
    }
  });
export type InquiryBody = z.infer<typeof InquiryBody>;
export const DeadLetterQuery = z.strictObject({ status: z.enum(['open', 'retried']).optional() });
export const RatesQuery = z.strictObject({ division: division.optional(), from: date.optional(), to: date.optional() });

// Responses.

const Payload = z.record(z.string(), z.unknown());
/** The person a message is about, masked; name null when out of scope. */
const MessagePerson = z.object({ id: z.string(), name: z.string().nullable(), idNumberMasked: z.string().nullable() });

export const MessageItem = z.object({
  id: z.string(),
  kind: z.string(),
  event: z.string().nullable(),
  caseId: z.string(),
  from: z.string(),
  to: z.string(),
  urgent: z.boolean(),
  needsReply: z.boolean(),
  dueOn: z.string().nullable(),
  repliedAt: Instant.nullable(),
  overdue: z.boolean(),
  at: Instant,
  status: z.string(),
  transport: z.string().nullable(),
  lastError: z.string().nullable(),
  caseState: z.string().nullable(),
  person: MessagePerson.nullable(),
  payload: Payload,
});
export const MessagePage = paged(MessageItem);

/** Both sides' cases of one exchange and its messages, oldest first. */
export const CaseThread = z.object({
  cases: z.array(
    z.object({
      side: z.enum(['origin', 'residence']),
      state: z.enum([
        'unconfirmed',
        'needs_reconfirmation',
        'registered_inflow',
        'registered_outflow',
        'moving',
        'settled',
      ]),
      division: z.string(),
      counterpart: z.string(),
      pairedAt: Instant.nullable(),
      createdAt: Instant,
      updatedAt: Instant,
      person: MessagePerson.nullable(),
    }),
  ),
  messages: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['out', 'in']),
      kind: z.enum(EXCHANGE_KINDS),
      event: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      urgent: z.boolean(),
      dueOn: z.string().nullable(),
      repliedAt: Instant.nullable(),
      inReplyTo: z.string().nullable(),
      at: z.union([z.string(), Instant]),
      status: z.string(),
      payload: Payload,
    }),
  ),
});

export const ReplyAnswer = z.object({ replyId: z.string() });
export const InquiryAnswer = z.object({ id: z.string(), caseId: z.string() });

export const RateRow = z.object({
  division: z.string(),
  sent: z.number(),
  received: z.number(),
  repliesDue: z.number(),
  repliesOnTime: z.number(),
  pairingRequests: z.number(),
  paired: z.number(),
  onTimeFeedbackRate: z.number().nullable(),
  pairingRate: z.number().nullable(),
});
true satisfies Describes<typeof RateRow, RateRowType>;
export const RatesAnswer = z.object({ total: RateRow, children: z.array(RateRow) });

export const DeadLetterList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      source: z.enum(['local', 'nats']),
      subject: z.string().nullable(),
      peer: z.string().nullable(),
      messageId: z.string().nullable(),
      division: z.string().nullable(),
      reasonCode: z.string(),
      reason: Localized,
      status: z.enum(['open', 'retried']),
      retries: z.number(),
      receivedAt: Instant,
      retriedAt: Instant.nullable(),
    }),
  ),
});

/** A retried dead letter: accepted (with the message's status) or refused again, with the reason. */
export const RetryAnswer = z.union([
  z.object({ ok: z.literal(true), status: z.string() }),
  z.object({ ok: z.literal(false), reason: z.string(), message: Localized }),
]);
