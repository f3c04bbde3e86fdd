/**
 * Building and checking what travels between deployments. Outgoing: outbox rows become envelopes, grouped
 * per receiver into bodies of up to MAX_BATCH_MESSAGES, each body sealed for the receiver and then signed.
 * Incoming: the signature over the bytes as sent first (nothing unauthenticated is decrypted), then
 * decryption, then each envelope's shape and routing on its own.
 */
import type { Selectable } from 'kysely';
import type { ExchangeConfig } from '../../config.exchange.ts';
import {
  authenticate,
  checkRouting,
  type Envelope,
  ExchangeRejection,
  KID_HEADER,
  type Peer,
  SIG_HEADER,
  signBytes,
} from '../../core/exchange.ts';
import { bodyMessageId, chunkEnvelopes, parseBody } from '../../core/exchange-batch.ts';
import { type BoxSelf, openBody, sealBody } from '../../core/exchange-seal.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import type { ExchangeOutboxTable } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import type { ExchangeIdentity } from './exchange.identity.ts';
import { type ReceivedSubmission, receivedSubmission } from './exchange.submission.ts';

type OutboxRow = Selectable<ExchangeOutboxTable>;

/**
 * Kept with a dead letter (never sent): which envelope of a batch it is, so a retry applies that one alone.
 */
export const ITEM_HEADER = 'Liudong-Item';

export function toEnvelope(row: OutboxRow, idNumber: string | null): Envelope {
  return {
    v: 1,
    id: row.id,
    key: row.idempotency_key,
    kind: row.kind,
    event: row.event as Envelope['event'],
    caseId: row.case_id,
    fromSide: row.from_side,
    from: row.from_division,
    to: row.to_division,
    urgent: row.urgent,
    dueOn: row.due_on,
    inReplyTo: row.in_reply_to,
    sentAt: new Date(row.created_at).toISOString(),
    payload: { ...(row.payload as Envelope['payload']), ...(idNumber ? { idNumber } : {}) },
  };
}

export const boxSelf = (identity: ExchangeIdentity): BoxSelf => ({
  publicKey: identity.encryptionKey,
  privateKey: identity.encryptionPrivateKey,
});

/** This deployment's blind index of the ID number a message carries. */
export function idHashOf(pii: PiiCipher, env: Envelope): string | null {
  if (!env.payload.idNumber) return null;
  const id = parseIdNumber(env.payload.idNumber);
  if (!id.ok) throw new ExchangeRejection('malformed', 'idNumber');
  return pii.blindIndex(id.value.idNumber);
}

/** One NATS message to publish: its logical messages, sealed, signed bytes and headers. */
export interface WireBody<T> {
  items: T[];
  data: Buffer;
  msgId: string;
  headers: Record<string, string>;
}

/** Seals and signs envelopes for one receiver, as few NATS messages as the batch limits allow. */
export function buildBodies<T extends { env: Envelope }>(
  items: readonly T[],
  identity: ExchangeIdentity,
  receiver: Peer,
): WireBody<T>[] {
  if (!receiver.encryptionKey) throw new Error(`peer "${receiver.name}" has no encryptionKey in the peers list`);
  const key = receiver.encryptionKey;
  const self = boxSelf(identity);
  return chunkEnvelopes(items, (i) => JSON.stringify(i.env)).map((chunk) => {
    // Encrypt, then sign what is sent: the receiver verifies before it decrypts.
    const data = sealBody(chunk.body, self, key);
    return {
      items: chunk.items,
      data,
      msgId: bodyMessageId(chunk.items.map((i) => i.env.id)),
      headers: { [KID_HEADER]: identity.kid, [SIG_HEADER]: signBytes(data, identity.privateKey) },
    };
  });
}

/** One envelope of a received NATS message, checked on its own. */
export type WireItem =
  | { index: number; env: Envelope; idHash: string | null }
  | { index: number; env: Envelope | null; rejection: ExchangeRejection };

/** A received NATS message that passed the checks of the whole (signature, decryption, body). */
export interface OpenedWire {
  peer: string;
  batch: boolean;
  items: WireItem[];
  /** A statistics submission (exchange.submission.ts) instead of person envelopes; `items` is then empty. */
  submission?: ReceivedSubmission;
}

/**
 * Every check a NATS message must pass, in order: the signature, then decryption with this deployment's
 * encryption key and the signing peer's, then the body. Throws ExchangeRejection when the whole message is
 * refused; an envelope of a batch that fails its own checks (shape, routing, ID number) is a refused item.
 */
export function openWire(
  deps: { pii: PiiCipher; config: Pick<ExchangeConfig, 'peers' | 'served'> },
  self: BoxSelf,
  data: Uint8Array,
  hdrs: Record<string, string>,
): OpenedWire {
  const peer = authenticate(data, hdrs[KID_HEADER], hdrs[SIG_HEADER], deps.config.peers);
  const plain = openBody(data, self, peer.encryptionKey);
  const submission = receivedSubmission(plain, deps.config.served, peer);
  if (submission) return { peer: peer.kid, batch: false, items: [], submission };
  const body = parseBody(plain);
  const items = body.items.map((item): WireItem => {
    if ('rejection' in item) return { index: item.index, env: null, rejection: item.rejection };
    try {
      checkRouting(item.env, deps.config.served, peer);
      return { index: item.index, env: item.env, idHash: idHashOf(deps.pii, item.env) };
    } catch (err) {
      // A lone envelope is the whole message: refused as such.
      if (!(err instanceof ExchangeRejection) || !body.batch) throw err;
      return { index: item.index, env: item.env, rejection: err };
    }
  });
  return { peer: peer.kid, batch: body.batch, items };
}
