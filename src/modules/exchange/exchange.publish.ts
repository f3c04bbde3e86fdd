/**
 * Draining the outbox. A message for a division this deployment serves is applied through the inbox of the
 * same database (one transaction marks it delivered). Any other is sealed, signed and published to NATS
 * (several per NATS message, see exchange-batch.ts), and marked sent only after JetStream acknowledged it:
 * a re-publish after a crash is dropped by JetStream's duplicate window and, past it, by the receiver's inbox.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ExchangeConfig } from '../../config.exchange.ts';
import {
  backoffMs,
  type Envelope,
  ExchangeRejection,
  MAX_DELIVERIES,
  peerServing,
  serves,
  subjectFor,
} from '../../core/exchange.ts';
import type { Database, ExchangeOutboxTable } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import { writeAudit } from '../audit/index.ts';
import { applyEnvelope, type ExchangeCounts, type ExchangeLog } from './exchange.consume.ts';
import { recordDeadLetter } from './exchange.deadletters.ts';
import { buildBodies, idHashOf, toEnvelope } from './exchange.envelope.ts';
import type { ExchangeIdentity } from './exchange.identity.ts';
import { applyIncomingBatch, EXCHANGE_ACTOR } from './exchange.inbox.ts';
import { type NatsLink, publishSigned } from './exchange.nats.ts';

type OutboxRow = Selectable<ExchangeOutboxTable>;
interface Item {
  row: OutboxRow;
  env: Envelope;
}

interface PublishDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  config: ExchangeConfig;
}

/** Outbox rows per dispatch: with batched bodies this is a few NATS messages. */
const BATCH = 2000;

export class OutboxPublisher {
  constructor(
    private readonly deps: PublishDeps,
    private readonly counts: ExchangeCounts,
    private readonly log: ExchangeLog,
  ) {}

  /** One batch of due outbox rows; returns how many were handled. */
  async dispatchOnce(link: NatsLink | null, identity: ExchangeIdentity | null): Promise<number> {
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
    const items = rows.map((row) => ({
      row,
      env: toEnvelope(row, row.person_id ? (idNumbers.get(row.person_id) ?? null) : null),
    }));
    const local = items.filter((i) => serves(config.served, i.row.to_division));
    const remote = items.filter((i) => !serves(config.served, i.row.to_division));
    if (local.length > 0) await this.deliverLocalBatch(local);
    if (remote.length > 0) await this.publish(remote, link, identity);
    return rows.length;
  }

  /** Local messages of one dispatch in one transaction; if one fails, each is retried on its own. */
  private async deliverLocalBatch(items: Item[]): Promise<void> {
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
        for (const r of results) r.status === 'duplicate' ? this.counts.duplicates++ : this.counts.applied++;
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

  /** Groups by receiving peer, publishes every body at once (acks awaited together), then records the outcome. */
  private async publish(items: Item[], link: NatsLink | null, identity: ExchangeIdentity | null): Promise<void> {
    const { config } = this.deps;
    if (!link || link.nc.isClosed() || !identity) {
      await this.retryLater(
        items.map((i) => i.row),
        config.natsUrl ? 'NATS not connected' : 'LIUDONG_NATS_URL is not set',
        1000,
      );
      return;
    }
    const groups = new Map<string, Item[]>();
    const unroutable: { row: OutboxRow; error: string }[] = [];
    for (const item of items) {
      const receiver = peerServing(config.peers, item.row.to_division);
      if (!receiver?.encryptionKey) {
        unroutable.push({
          row: item.row,
          error: receiver
            ? `peer "${receiver.name}" has no encryptionKey in the peers list`
            : `no configured peer serves division ${item.row.to_division}`,
        });
        continue;
      }
      // One group per receiver and subject (a province deployment may serve several counties).
      const key = `${receiver.kid} ${subjectFor(config.subjectPrefix, item.row.to_division)}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const bodies = [...groups].flatMap(([key, group]) => {
      const receiver = peerServing(config.peers, group[0]?.row.to_division as string);
      const subject = key.slice(key.indexOf(' ') + 1);
      return buildBodies(group, identity, receiver as NonNullable<typeof receiver>).map((b) => ({ ...b, subject }));
    });
    const results = await Promise.allSettled(
      bodies.map((b) => publishSigned(link, b.subject, b.data, b.msgId, b.headers)),
    );
    const sent = bodies.flatMap((b, i) => (results[i]?.status === 'fulfilled' ? b.items.map((x) => x.row) : []));
    if (sent.length > 0) await this.markSent(sent);
    for (const [i, b] of bodies.entries()) {
      const result = results[i];
      if (result?.status === 'rejected')
        await this.retryLater(
          b.items.map((x) => x.row),
          String(result.reason),
        );
    }
    for (const { row, error } of unroutable) await this.retryLater([row], error);
  }

  private async markSent(sent: OutboxRow[]): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
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

  /** Not published: try again after a backoff (or `delayMs`), keeping the reason. */
  private async retryLater(rows: OutboxRow[], error: string, delayMs?: number): Promise<void> {
    if (rows.length === 0) return;
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    await this.deps.db
      .updateTable('exchange_outbox')
      .set((eb) => ({
        ...(delayMs === undefined ? { attempts: eb('attempts', '+', 1) } : {}),
        next_attempt_at: new Date(Date.now() + (delayMs ?? backoffMs(Math.min(attempts, 4)))),
        last_error: error.slice(0, 500),
      }))
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }
}
