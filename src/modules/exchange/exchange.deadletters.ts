/**
 * Dead letters: messages that were rejected (unsigned, unknown peer, bad signature, malformed, unknown
 * inquiry, not our division) or failed too often (poison). Each keeps the message as received, encrypted,
 * with the reason; a retry runs it through every check again. One row per message (source + message id),
 * so a redelivered rejection does not add a second row.
 */
import { REJECT_REASONS, type RejectReason } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import type { ExchangeTransport } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';

export interface DeadLetterInput {
  source: ExchangeTransport;
  subject: string | null;
  peer: string | null;
  messageId: string | null;
  division: string | null;
  reason: RejectReason;
  detail: string;
  raw: Uint8Array;
  headers: Record<string, string>;
}

export async function recordDeadLetter(db: Db, pii: PiiCipher, input: DeadLetterInput): Promise<void> {
  const text = REJECT_REASONS[input.reason];
  const detail = input.detail.slice(0, 300);
  await db
    .insertInto('exchange_dead_letter')
    .values({
      source: input.source,
      subject: input.subject,
      peer: input.peer,
      message_id: input.messageId,
      division_code: input.division,
      reason_code: input.reason,
      reason: JSON.stringify({ zh: `${text.zh}（${detail}）`, en: `${text.en} (${detail})` }),
      raw_enc: pii.encrypt(Buffer.from(input.raw).toString('base64')),
      headers: JSON.stringify(input.headers),
      retried_at: null,
    })
    .onConflict((oc) => oc.columns(['source', 'message_id']).doNothing())
    .execute();
}
