/**
 * The exchange worker, one per server process:
 * - drains the outbox: a message for a division this deployment serves is applied through the inbox in
 *   the same database (one transaction marks it delivered); any other is signed and published to NATS,
 *   and marked sent only after JetStream acknowledged it (a re-publish after a crash is dropped by
 *   JetStream's duplicate window and, past it, by the receiver's inbox);
 * - consumes this deployment's subjects with a durable consumer, applies each message in one transaction,
 *   then acks. A crash between commit and ack means a redelivery, which the inbox drops as a duplicate.
 * Failures are retried with backoff; rejected and poison messages go to the dead letters.
 */
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Kysely, Selectable } from 'kysely';
import {
  authenticate,
  backoffMs,
  checkRouting,
  consumeSubjects,
  type Envelope,
  ExchangeRejection,
  KID_HEADER,
  MAX_DELIVERIES,
  parseEnvelope,
  peerServing,
  SIG_HEADER,
  serves,
  signBytes,
  subjectFor,
} from '../../core/exchange.ts';
import { type BoxSelf, openBody, sealBody } from '../../core/exchange-seal.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import type { Database, ExchangeOutboxTable } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { ExchangeConfig } from './exchange.config.ts';
import { recordDeadLetter } from './exchange.deadletters.ts';
import { type ExchangeIdentity, exchangeIdentity } from './exchange.identity.ts';
import { type ApplyResult, applyIncomingBatch, EXCHANGE_ACTOR, type Incoming } from './exchange.inbox.ts';
import {
  connectNats,
  ensureConsumer,
  headerMap,
  type NatsLink,
  type NatsSettings,
  publishSigned,
} from './exchange.nats.ts';

export interface ExchangeDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  config: ExchangeConfig;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

type OutboxRow = Selectable<ExchangeOutboxTable>;

const BATCH = 500;
/** Messages the consumer keeps requested ahead, and the most applied in one transaction. */
const CONSUME_BUFFER = 1000;
const APPLY_BATCH = 500;

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

/**
 * Every check a message from another deployment must pass before it touches the database, in this order:
 * the signature over the bytes as sent (so nothing unauthenticated is decrypted), then decryption with this
 * deployment's encryption key and the signing peer's, then the envelope's shape and routing.
 */
export function checkWire(
  deps: Pick<ExchangeDeps, 'pii' | 'config'>,
  self: BoxSelf,
  data: Uint8Array,
  hdrs: Record<string, string>,
): { env: Envelope; peer: string; idHash: string | null } {
  const peer = authenticate(data, hdrs[KID_HEADER], hdrs[SIG_HEADER], deps.config.peers);
  const env = parseEnvelope(openBody(data, self, peer.encryptionKey));
  checkRouting(env, deps.config.served, peer);
  return { env, peer: peer.kid, idHash: idHashOf(deps.pii, env) };
}

const boxSelf = (identity: ExchangeIdentity): BoxSelf => ({
  publicKey: identity.encryptionKey,
  privateKey: identity.encryptionPrivateKey,
});

function idHashOf(pii: PiiCipher, env: Envelope): string | null {
  if (!env.payload.idNumber) return null;
  const id = parseIdNumber(env.payload.idNumber);
  if (!id.ok) throw new ExchangeRejection('malformed', 'idNumber');
  return pii.blindIndex(id.value.idNumber);
}

/** Checks, then applies, one message that came over NATS (or is retried from the dead letters). */
export async function processWire(
  deps: Pick<ExchangeDeps, 'db' | 'pii' | 'config'>,
  data: Uint8Array,
  hdrs: Record<string, string>,
): Promise<ApplyResult> {
  const checked = checkWire(deps, boxSelf(await exchangeIdentity(deps.db, deps.pii)), data, hdrs);
  return applyEnvelope(deps, checked.env, 'nats', checked.peer);
}

/** Applies an envelope that passed its checks; the ID number is turned into this deployment's blind index. */
export async function applyEnvelope(
  deps: Pick<ExchangeDeps, 'db' | 'pii'>,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ExchangeWorker {
  private link: NatsLink | null = null;
  private identity: ExchangeIdentity | null = null;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly messages = new Set<ConsumerMessages>();
  private wake: (() => void) | null = null;
  readonly counts = { delivered: 0, published: 0, applied: 0, duplicates: 0, rejected: 0, retried: 0 };

  constructor(private readonly deps: ExchangeDeps) {}

  private log(level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) {
    this.deps.log?.(level, message, details);
  }

  get natsSettings(): NatsSettings | null {
    const c = this.deps.config;
    if (!c.natsUrl) return null;
    return {
      url: c.natsUrl,
      stream: c.stream,
      subjectPrefix: c.subjectPrefix,
      consumer: c.consumer,
      filterSubjects: consumeSubjects(c.subjectPrefix, c.served),
      name: `liudong ${c.served.join(',') || 'all'}`,
    };
  }

  get connected(): boolean {
    return this.link !== null && !this.link.nc.isClosed();
  }

  async start(): Promise<void> {
    this.running = true;
    this.identity = await exchangeIdentity(this.deps.db, this.deps.pii);
    this.loops.push(this.outboxLoop());
    const settings = this.natsSettings;
    if (settings) {
      settings.filterSubjects.forEach((subject, i) => {
        const durable = settings.filterSubjects.length > 1 ? `${settings.consumer}-${i + 1}` : settings.consumer;
        this.loops.push(this.consumeLoop(settings, durable, subject));
      });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.allSettled([...this.messages].map((m) => m.close()));
    await Promise.allSettled(this.loops);
    this.loops = [];
    if (this.link) {
      await this.link.nc.drain().catch(() => undefined);
      this.link = null;
    }
  }

  /** Runs the outbox now instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  private async outboxLoop(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.dispatchOnce();
      } catch (err) {
        this.log('error', 'exchange outbox dispatch failed', { err: String(err) });
      }
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.deps.config.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** One batch of due outbox rows; returns how many were handled. */
  async dispatchOnce(): Promise<number> {
    const { db, pii, config } = this.deps;
    const rows = await db
      .selectFrom('exchange_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', new Date())
      .orderBy('created_at')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return 0;
    const personIds = [...new Set(rows.map((r) => r.person_id).filter((id): id is string => !!id))];
    const people = personIds.length
      ? await db.selectFrom('person').select(['id', 'id_number_enc']).where('id', 'in', personIds).execute()
      : [];
    const idNumbers = new Map(people.map((p) => [p.id, pii.decrypt(p.id_number_enc)]));
    const envelope = (r: (typeof rows)[number]) =>
      toEnvelope(r, r.person_id ? (idNumbers.get(r.person_id) ?? null) : null);

    const local = rows.filter((row) => serves(config.served, row.to_division));
    const remote = rows.filter((row) => !serves(config.served, row.to_division));
    if (local.length > 0) await this.deliverLocalBatch(local.map((row) => ({ row, env: envelope(row) })));
    if (remote.length > 0) await this.publish(remote.map((row) => ({ row, env: envelope(row) })));
    return rows.length;
  }

  /** Local messages of one dispatch in one transaction; if one fails, each is retried on its own. */
  private async deliverLocalBatch(items: { row: OutboxRow; env: Envelope }[]): Promise<void> {
    if (items.length > 1) {
      try {
        const incoming = items.map(({ env }) => ({
          env,
          meta: { transport: 'local' as const, peer: null, idHash: idHashOf(this.deps.pii, env) },
        }));
        const results = await this.deps.db.transaction().execute(async (trx) => {
          const applied = await applyIncomingBatch(trx, incoming);
          await trx
            .updateTable('exchange_outbox')
            .set((eb) => ({
              status: 'delivered',
              transport: 'local',
              sent_at: new Date(),
              attempts: eb('attempts', '+', 1),
            }))
            .where(
              'id',
              'in',
              items.map((i) => i.row.id),
            )
            .execute();
          return applied;
        });
        this.counts.delivered += items.length;
        this.count(results);
        return;
      } catch (err) {
        this.log('info', 'local exchange batch fell back to one message at a time', { err: String(err) });
      }
    }
    for (const { row, env } of items) await this.deliverLocal(row, env);
  }

  private async deliverLocal(row: { id: string; attempts: number }, env: Envelope): Promise<void> {
    const { db } = this.deps;
    try {
      const result = await applyEnvelope(this.deps, env, 'local', null, async (trx) => {
        await trx
          .updateTable('exchange_outbox')
          .set({ status: 'delivered', transport: 'local', sent_at: new Date(), attempts: row.attempts + 1 })
          .where('id', '=', row.id)
          .execute();
      });
      this.counts.delivered++;
      if (result.status === 'duplicate') this.counts.duplicates++;
    } catch (err) {
      const rejection = err instanceof ExchangeRejection ? err : null;
      const attempts = row.attempts + 1;
      if (rejection || attempts >= MAX_DELIVERIES) {
        this.counts.rejected++;
        await recordDeadLetter(db, this.deps.pii, {
          source: 'local',
          subject: null,
          peer: null,
          messageId: row.id,
          division: env.to,
          reason: rejection?.reason ?? 'poison',
          detail: String(err instanceof Error ? err.message : err),
          raw: Buffer.from(JSON.stringify(env)),
          headers: {},
        });
        await db
          .updateTable('exchange_outbox')
          .set({ status: 'rejected', transport: 'local', attempts, last_error: String(err).slice(0, 500) })
          .where('id', '=', row.id)
          .execute();
        this.log('warn', 'exchange message rejected', { id: row.id, reason: rejection?.reason ?? 'poison' });
      } else {
        await db
          .updateTable('exchange_outbox')
          .set({
            attempts,
            next_attempt_at: new Date(Date.now() + backoffMs(attempts)),
            last_error: String(err).slice(0, 500),
          })
          .where('id', '=', row.id)
          .execute();
      }
    }
  }

  private async publish(
    items: { row: { id: string; attempts: number; to_division: string; person_id: string | null }; env: Envelope }[],
  ): Promise<void> {
    const rows = items.map((i) => i.row);
    const { db, config } = this.deps;
    const link = this.link;
    const identity = this.identity;
    if (!link || link.nc.isClosed() || !identity) {
      const next = new Date(Date.now() + 1000);
      await db
        .updateTable('exchange_outbox')
        .set({
          next_attempt_at: next,
          last_error: config.natsUrl ? 'NATS not connected' : 'LIUDONG_NATS_URL is not set',
        })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return;
    }
    const self = boxSelf(identity);
    const results = await Promise.allSettled(
      items.map(async ({ row, env }) => {
        const receiver = peerServing(config.peers, row.to_division);
        if (!receiver?.encryptionKey) {
          throw new Error(
            receiver
              ? `peer "${receiver.name}" has no encryptionKey in the peers list`
              : `no configured peer serves division ${row.to_division}`,
          );
        }
        // Encrypt, then sign what is sent: the receiver verifies before it decrypts.
        const data = sealBody(Buffer.from(JSON.stringify(env), 'utf8'), self, receiver.encryptionKey);
        await publishSigned(link, subjectFor(config.subjectPrefix, row.to_division), data, env.id, {
          [KID_HEADER]: identity.kid,
          [SIG_HEADER]: signBytes(data, identity.privateKey),
        });
      }),
    );
    const sent = rows.filter((_, i) => results[i]?.status === 'fulfilled');
    const failed = rows.filter((_, i) => results[i]?.status === 'rejected');
    if (sent.length > 0) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('exchange_outbox')
          .set((eb) => ({ status: 'sent', transport: 'nats', sent_at: new Date(), attempts: eb('attempts', '+', 1) }))
          .where(
            'id',
            'in',
            sent.map((r) => r.id),
          )
          .execute();
        const people = sent.map((r) => r.person_id).filter((id): id is string => !!id);
        if (people.length > 0) {
          // Sending a person's ID number to another deployment is a disclosure: one audit row per person.
          await writeAudit(trx, EXCHANGE_ACTOR, {
            action: 'exchange.send',
            entity: 'exchange_message',
            personIds: people,
            details: { count: sent.length },
          });
        }
      });
      this.counts.published += sent.length;
    }
    for (const row of failed) {
      const attempts = row.attempts + 1;
      const reason = results[rows.indexOf(row)];
      await db
        .updateTable('exchange_outbox')
        .set({
          attempts,
          next_attempt_at: new Date(Date.now() + backoffMs(Math.min(attempts, 4))),
          last_error: reason?.status === 'rejected' ? String(reason.reason).slice(0, 500) : null,
        })
        .where('id', '=', row.id)
        .execute();
    }
  }

  private async consumeLoop(settings: NatsSettings, durable: string, subject: string): Promise<void> {
    while (this.running) {
      try {
        const link = await this.connect(settings);
        await ensureConsumer(link, settings.stream, durable, subject);
        const consumer = await link.js.consumers.get(settings.stream, durable);
        const messages = await consumer.consume({ max_messages: CONSUME_BUFFER, expires: 5000 });
        this.messages.add(messages);
        try {
          await this.drain(messages);
        } finally {
          this.messages.delete(messages);
        }
      } catch (err) {
        if (this.running) this.log('warn', 'exchange consumer interrupted; retrying', { err: String(err) });
      }
      if (this.running) await sleep(500);
    }
  }

  /**
   * Messages arrive into a buffer; whenever the previous batch is done, everything buffered so far (up to
   * APPLY_BATCH) is applied in one transaction. Under load the batches grow by themselves; when traffic is
   * light a lone message is applied at once, so batching never adds a wait.
   */
  private async drain(messages: ConsumerMessages): Promise<void> {
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
    while (this.running) {
      if (buffer.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => {
          signal.wake = resolve;
        });
        signal.wake = null;
        continue;
      }
      await this.handleBatch(buffer.splice(0, APPLY_BATCH));
    }
    // Unapplied messages left in the buffer are not acked: JetStream redelivers them after ack_wait.
    await pump;
    if (failure) throw failure;
  }

  private connecting: Promise<NatsLink> | null = null;

  /** One connection shared by the publisher and every consumer loop. */
  private async connect(settings: NatsSettings): Promise<NatsLink> {
    if (this.link && !this.link.nc.isClosed()) return this.link;
    this.connecting ??= connectNats(settings).then(
      (link) => {
        this.link = link;
        this.connecting = null;
        this.log('info', 'exchange connected to NATS', { url: settings.url });
        return link;
      },
      (err: unknown) => {
        this.connecting = null;
        throw err;
      },
    );
    return this.connecting;
  }

  /**
   * Applies delivered messages in one transaction (see applyIncomingBatch), then acks them. If any of them
   * is refused or fails, the transaction rolls back and each message takes the one-message path: its own
   * transaction, and a dead letter or a retry with backoff for the bad one.
   */
  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    if (msgs.length === 1) return this.handle(msgs[0] as JsMsg);
    const checked: { msg: JsMsg; incoming: Incoming }[] = [];
    const single: JsMsg[] = [];
    for (const msg of msgs) {
      try {
        const { env, peer, idHash } = checkWire(this.deps, this.self(), msg.data, headerMap(msg));
        checked.push({ msg, incoming: { env, meta: { transport: 'nats', peer, idHash } } });
      } catch {
        single.push(msg); // refused: dead-lettered one by one below
      }
    }
    if (checked.length > 0) {
      try {
        const results = await this.deps.db.transaction().execute((trx) =>
          applyIncomingBatch(
            trx,
            checked.map((c) => c.incoming),
          ),
        );
        this.count(results);
        for (const { msg } of checked) msg.ack();
      } catch (err) {
        this.log('info', 'exchange batch fell back to one message at a time', {
          err: String(err),
          size: checked.length,
        });
        single.push(...checked.map((c) => c.msg));
      }
    }
    for (const msg of single) await this.handle(msg);
  }

  private count(results: readonly ApplyResult[]): void {
    for (const r of results) {
      if (r.status === 'duplicate') this.counts.duplicates++;
      else this.counts.applied++;
    }
  }

  private self(): BoxSelf {
    if (!this.identity) throw new Error('the exchange worker has not started');
    return boxSelf(this.identity);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const hdrs = headerMap(msg);
    try {
      const checked = checkWire(this.deps, this.self(), msg.data, hdrs);
      const result = await applyEnvelope(this.deps, checked.env, 'nats', checked.peer);
      if (result.status === 'duplicate') this.counts.duplicates++;
      else this.counts.applied++;
      msg.ack();
    } catch (err) {
      const rejection = err instanceof ExchangeRejection ? err : null;
      const deliveries = msg.info.deliveryCount;
      if (!rejection && deliveries < MAX_DELIVERIES) {
        this.log('warn', 'exchange message failed; will retry', { seq: msg.seq, deliveries, err: String(err) });
        msg.nak(backoffMs(deliveries));
        return;
      }
      try {
        await recordDeadLetter(this.deps.db, this.deps.pii, {
          source: 'nats',
          subject: msg.subject,
          peer: hdrs[KID_HEADER]?.slice(0, 40) ?? null,
          messageId: `${msg.info.stream}:${msg.seq}`,
          division: divisionOf(msg.data, msg.subject),
          reason: rejection?.reason ?? 'poison',
          detail: String(err instanceof Error ? err.message : err),
          raw: msg.data,
          headers: hdrs,
        });
        this.counts.rejected++;
        this.log('warn', 'exchange message rejected', {
          seq: msg.seq,
          reason: rejection?.reason ?? 'poison',
          detail: String(err instanceof Error ? err.message : err),
        });
        msg.term();
      } catch (deadLetterError) {
        this.log('error', 'could not record dead letter; will retry', { err: String(deadLetterError) });
        msg.nak(backoffMs(deliveries));
      }
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
