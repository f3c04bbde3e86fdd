/**
 * Consuming this deployment's subjects: received NATS messages are checked, their envelopes applied through
 * the inbox, and the NATS messages acked only after the commit. A crash between commit and ack means a
 * redelivery, which the inbox drops as a duplicate.
 *
 * Fast path: everything buffered (up to APPLY_ITEMS envelopes) in one transaction. If any envelope is
 * refused or fails, that transaction rolls back and each NATS message takes the slow path: each of its
 * envelopes in its own transaction, a refused one dead-lettered alone, a failing one retried with backoff
 * (the whole NATS message is redelivered; envelopes already applied are then duplicates).
 */
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Kysely } from 'kysely';
import type { ExchangeConfig } from '../../config.exchange.ts';
import { backoffMs, type Envelope, ExchangeRejection, KID_HEADER, MAX_DELIVERIES } from '../../core/exchange.ts';
import type { BoxSelf } from '../../core/exchange-seal.ts';
import type { Database } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import { recordDeadLetter } from './exchange.deadletters.ts';
import { ITEM_HEADER, idHashOf, type OpenedWire, openWire, type WireItem } from './exchange.envelope.ts';
import { exchangeIdentity } from './exchange.identity.ts';
import { type ApplyResult, applyIncomingBatch, type Incoming } from './exchange.inbox.ts';
import { headerMap } from './exchange.nats.ts';
import { applySubmission } from './exchange.submission.ts';

export type ExchangeLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  details?: Record<string, unknown>,
) => void;

export interface ExchangeCounts {
  delivered: number;
  published: number;
  applied: number;
  duplicates: number;
  rejected: number;
  retried: number;
}

interface ConsumeDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  config: ExchangeConfig;
}

/** The most envelopes applied in one transaction. */
const APPLY_ITEMS = 1000;

/** Applies an envelope that passed its checks; the ID number is turned into this deployment's blind index. */
export async function applyEnvelope(
  deps: Pick<ConsumeDeps, 'db' | 'pii'>,
  env: Envelope,
  transport: 'local' | 'nats',
  peer: string | null,
  after?: (trx: Kysely<Database>) => Promise<void>,
): Promise<ApplyResult> {
  const idHash = idHashOf(deps.pii, env);
  return deps.db.transaction().execute(async (trx) => {
    const [result] = await applyIncomingBatch(trx, [{ env, meta: { transport, peer, idHash } }]);
    if (!result) throw new Error('applyIncomingBatch returned nothing');
    if (after) await after(trx);
    return result;
  });
}

const boxOf = async (deps: Pick<ConsumeDeps, 'db' | 'pii'>): Promise<BoxSelf> => {
  const identity = await exchangeIdentity(deps.db, deps.pii);
  return { publicKey: identity.encryptionKey, privateKey: identity.encryptionPrivateKey };
};

const rejectionOf = (item: WireItem): ExchangeRejection | null => ('rejection' in item ? item.rejection : null);

/**
 * Checks, then applies, one NATS message (or a dead letter being retried). With ITEM_HEADER (kept by a
 * dead letter of one envelope of a batch) only that envelope; otherwise all of them, in one transaction,
 * and any refusal refuses them all: a retry never applies part of a message.
 */
export async function processWire(
  deps: ConsumeDeps,
  data: Uint8Array,
  hdrs: Record<string, string>,
): Promise<ApplyResult> {
  const opened = openWire(deps, await boxOf(deps), data, hdrs);
  if (opened.submission) {
    const stored = await applySubmission(deps.db, opened.submission);
    return stored.status === 'applied' ? { status: 'applied', outcome: 'submission', inboxId: stored.id } : stored;
  }
  const only = hdrs[ITEM_HEADER];
  const items = only === undefined ? opened.items : opened.items.filter((i) => String(i.index) === only);
  if (items.length === 0) throw new ExchangeRejection('malformed', `no envelope ${only}`);
  const incoming: Incoming[] = items.map((item) => {
    const rejection = rejectionOf(item);
    if (rejection || !('idHash' in item)) throw rejection ?? new ExchangeRejection('malformed');
    return { env: item.env, meta: { transport: 'nats', peer: opened.peer, idHash: item.idHash } };
  });
  const results = await deps.db.transaction().execute((trx) => applyIncomingBatch(trx, incoming));
  return results.find((r) => r.status === 'applied') ?? { status: 'duplicate' };
}

export class ExchangeConsumer {
  constructor(
    private readonly deps: ConsumeDeps,
    private readonly self: () => BoxSelf,
    private readonly counts: ExchangeCounts,
    private readonly log: ExchangeLog,
  ) {}

  /**
   * Messages arrive into a buffer; whenever the previous batch is done, everything buffered so far (up to
   * APPLY_ITEMS envelopes) is applied in one transaction. Under load the batches grow by themselves; when
   * traffic is light a lone message is applied at once, so batching never adds a wait.
   */
  async drain(messages: ConsumerMessages, running: () => boolean): Promise<void> {
    const buffer: JsMsg[] = [];
    let ended = false;
    let failure: unknown = null;
    // A holder, not a `let`: TypeScript would narrow a reassigned-in-closure variable to `null` here.
    const signal: { wake: (() => void) | null } = { wake: null };
    const pump = (async () => {
      try {
        for await (const msg of messages) {
          buffer.push(msg);
          signal.wake?.();
        }
      } catch (err) {
        failure = err;
      } finally {
        ended = true;
        signal.wake?.();
      }
    })();
    while (running()) {
      if (buffer.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => {
          signal.wake = resolve;
        });
        signal.wake = null;
        continue;
      }
      await this.handleBatch(buffer);
    }
    // Unapplied messages left in the buffer are not acked: JetStream redelivers them after ack_wait.
    await pump;
    if (failure) throw failure;
  }

  /** Takes NATS messages off the buffer up to APPLY_ITEMS envelopes and applies them together. */
  private async handleBatch(buffer: JsMsg[]): Promise<void> {
    const clean: { msg: JsMsg; opened: OpenedWire }[] = [];
    const slow: JsMsg[] = [];
    let envelopes = 0;
    while (buffer.length > 0 && envelopes < APPLY_ITEMS) {
      const msg = buffer.shift() as JsMsg;
      let opened: OpenedWire;
      try {
        opened = openWire(this.deps, this.self(), msg.data, headerMap(msg));
      } catch {
        slow.push(msg); // refused as a whole: dead-lettered below
        continue;
      }
      if (opened.submission || opened.items.some((i) => rejectionOf(i))) slow.push(msg);
      else clean.push({ msg, opened });
      envelopes += opened.items.length;
    }
    if (clean.length > 0) {
      const incoming: Incoming[] = clean.flatMap(({ opened }) =>
        opened.items.map((item) => ({
          env: item.env as Envelope,
          meta: { transport: 'nats' as const, peer: opened.peer, idHash: 'idHash' in item ? item.idHash : null },
        })),
      );
      try {
        const results = await this.deps.db.transaction().execute((trx) => applyIncomingBatch(trx, incoming));
        this.count(results);
        for (const { msg } of clean) msg.ack();
      } catch (err) {
        this.log('info', 'exchange batch fell back to one message at a time', {
          err: String(err),
          size: incoming.length,
        });
        slow.push(...clean.map((c) => c.msg));
      }
    }
    for (const msg of slow) await this.handle(msg);
  }

  private count(results: readonly ApplyResult[]): void {
    for (const r of results) {
      if (r.status === 'duplicate') this.counts.duplicates++;
      else this.counts.applied++;
    }
  }

  /** One NATS message, each of its envelopes in its own transaction. */
  private async handle(msg: JsMsg): Promise<void> {
    const hdrs = headerMap(msg);
    const deliveries = msg.info.deliveryCount;
    let opened: OpenedWire;
    try {
      opened = openWire(this.deps, this.self(), msg.data, hdrs);
    } catch (err) {
      await this.refuse(msg, hdrs, null, err);
      return;
    }
    if (opened.submission) {
      try {
        const stored = await applySubmission(this.deps.db, opened.submission);
        this.count([
          stored.status === 'applied' ? { status: 'applied', outcome: 'submission', inboxId: stored.id } : stored,
        ]);
        msg.ack();
      } catch (err) {
        await this.refuse(msg, hdrs, null, err);
      }
      return;
    }
    for (const item of opened.items) {
      const index = opened.batch ? item.index : null;
      const rejection = rejectionOf(item);
      if (rejection || !('idHash' in item)) {
        if (!(await this.deadLetter(msg, hdrs, index, item.env, rejection ?? new ExchangeRejection('malformed'))))
          return;
        continue;
      }
      try {
        const [result] = await this.deps.db
          .transaction()
          .execute((trx) =>
            applyIncomingBatch(trx, [
              { env: item.env, meta: { transport: 'nats', peer: opened.peer, idHash: item.idHash } },
            ]),
          );
        if (result) this.count([result]);
      } catch (err) {
        if (err instanceof ExchangeRejection || deliveries >= MAX_DELIVERIES) {
          if (!(await this.deadLetter(msg, hdrs, index, item.env, err))) return;
          continue;
        }
        // Transient: the whole NATS message comes back; envelopes applied so far are duplicates then.
        this.log('warn', 'exchange message failed; will retry', { seq: msg.seq, deliveries, err: String(err) });
        msg.nak(backoffMs(deliveries));
        return;
      }
    }
    msg.ack();
  }

  /** A NATS message refused as a whole: retried with backoff unless it is a rejection or poison. */
  private async refuse(msg: JsMsg, hdrs: Record<string, string>, env: Envelope | null, err: unknown): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    if (!(err instanceof ExchangeRejection) && deliveries < MAX_DELIVERIES) {
      this.log('warn', 'exchange message failed; will retry', { seq: msg.seq, deliveries, err: String(err) });
      msg.nak(backoffMs(deliveries));
      return;
    }
    if (await this.deadLetter(msg, hdrs, null, env, err)) msg.term();
  }

  /** Records a dead letter; false (and the NATS message nak'd) when that fails. */
  private async deadLetter(
    msg: JsMsg,
    hdrs: Record<string, string>,
    index: number | null,
    env: Envelope | null,
    err: unknown,
  ): Promise<boolean> {
    const rejection = err instanceof ExchangeRejection ? err : null;
    const detail = String(err instanceof Error ? err.message : err);
    try {
      await recordDeadLetter(this.deps.db, this.deps.pii, {
        source: 'nats',
        subject: msg.subject,
        peer: hdrs[KID_HEADER]?.slice(0, 40) ?? null,
        messageId: `${msg.info.stream}:${msg.seq}${index === null ? '' : `#${index}`}`,
        division: env?.to ?? divisionOf(msg.data, msg.subject),
        reason: rejection?.reason ?? 'poison',
        detail,
        raw: msg.data,
        headers: index === null ? hdrs : { ...hdrs, [ITEM_HEADER]: String(index) },
      });
      this.counts.rejected++;
      this.log('warn', 'exchange message rejected', {
        seq: msg.seq,
        ...(index === null ? {} : { item: index }),
        reason: rejection?.reason ?? 'poison',
        detail,
      });
      return true;
    } catch (deadLetterError) {
      this.log('error', 'could not record dead letter; will retry', { err: String(deadLetterError) });
      msg.nak(backoffMs(msg.info.deliveryCount));
      return false;
    }
  }
}

/**
 * The receiving division of a message, for the dead letter's scope only: from a plaintext body if it says
 * so (unverified), else the county of the subject it came on (sealed bodies do not show it).
 */
function divisionOf(data: Uint8Array, subject: string): string | null {
  try {
    const to = (JSON.parse(Buffer.from(data).toString('utf8')) as { to?: unknown }).to;
    if (typeof to === 'string' && /^\d{12}$/.test(to)) return to;
  } catch {
    // not JSON: fall through to the subject
  }
  const county = subject.split('.').pop() ?? '';
  return /^\d{6}$/.test(county) ? county.padEnd(12, '0') : null;
}
