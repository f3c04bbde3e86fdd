/**
 * Several logical exchange messages in one NATS message: the per-message JetStream round trip, not the
 * database, capped end-to-end throughput (~1,400 NATS messages/s here). A batch body is sealed and signed
 * once, like a single envelope. Each envelope inside keeps its own id and idempotency key, and is checked
 * on its own: one malformed envelope is refused alone, the others are still applied. Pure: no I/O.
 *
 * Plaintext of a batch: `{"v":1,"batch":[<envelope>, …]}`; a lone message still travels as the bare envelope.
 */
import crypto from 'node:crypto';
import { checkEnvelope, type Envelope, ExchangeRejection, MAX_ENVELOPE_BYTES } from './exchange.ts';

/** Envelopes per NATS message. */
export const MAX_BATCH_MESSAGES = 100;
/** Plaintext bytes per NATS message; sealed (base64url), this stays under NATS's default 1 MB max_payload. */
export const MAX_BATCH_BYTES = 512 * 1024;

/** One envelope of a received body: checked, or refused with its reason. */
export type BodyItem = { index: number; env: Envelope } | { index: number; rejection: ExchangeRejection };

/** Splits envelopes (all for one receiver) into bodies within the limits above, in order. */
export function chunkEnvelopes<T>(items: readonly T[], json: (item: T) => string): { items: T[]; body: Buffer }[] {
  const out: { items: T[]; body: Buffer }[] = [];
  let current: T[] = [];
  let parts: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    const body = current.length === 1 ? (parts[0] as string) : `{"v":1,"batch":[${parts.join(',')}]}`;
    out.push({ items: current, body: Buffer.from(body, 'utf8') });
    current = [];
    parts = [];
    bytes = 0;
  };
  for (const item of items) {
    const text = json(item);
    const size = Buffer.byteLength(text) + 1;
    if (current.length >= MAX_BATCH_MESSAGES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES - 20)) flush();
    current.push(item);
    parts.push(text);
    bytes += size;
  }
  flush();
  return out;
}

/** The NATS message id of a body: the envelope's id, or a digest of the batch's ids (JetStream deduplication). */
export function bodyMessageId(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0] as string;
  return `b-${crypto.createHash('sha256').update(ids.join(',')).digest('base64url').slice(0, 32)}`;
}

/**
 * Parses an opened body into its envelopes. Throws ExchangeRejection('malformed') only when the body as a
 * whole is unusable (too large, not JSON, neither an envelope nor a batch); a bad envelope inside a batch is
 * returned as a refused item.
 */
export function parseBody(data: Uint8Array): { batch: boolean; items: BodyItem[] } {
  if (data.byteLength > MAX_BATCH_BYTES) throw new ExchangeRejection('malformed', 'too large');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new ExchangeRejection('malformed', 'not JSON');
  }
  const batch = json && typeof json === 'object' ? (json as { batch?: unknown }).batch : undefined;
  if (batch === undefined) {
    if (data.byteLength > MAX_ENVELOPE_BYTES) throw new ExchangeRejection('malformed', 'too large');
    return { batch: false, items: [{ index: 0, env: checkEnvelope(json) }] };
  }
  const keys = Object.keys(json as object);
  if (
    (json as { v?: unknown }).v !== 1 ||
    keys.length !== 2 ||
    !Array.isArray(batch) ||
    batch.length === 0 ||
    batch.length > MAX_BATCH_MESSAGES
  )
    throw new ExchangeRejection('malformed', 'not a valid batch');
  return {
    batch: true,
    items: batch.map((element: unknown, index): BodyItem => {
      try {
        if (Buffer.byteLength(JSON.stringify(element)) > MAX_ENVELOPE_BYTES)
          throw new ExchangeRejection('malformed', 'too large');
        return { index, env: checkEnvelope(element) };
      } catch (err) {
        if (!(err instanceof ExchangeRejection)) throw err;
        return { index, rejection: err };
      }
    }),
  };
}
