/**
 * The exchange worker, one per server process: it runs the outbox publisher (exchange.publish.ts) on a
 * poll, and one consumer (exchange.consume.ts) per subject this deployment serves, over one shared NATS
 * connection. Failures are retried with backoff; rejected and poison messages go to the dead letters.
 */
import type { ConsumerMessages } from '@nats-io/jetstream';
import type { Kysely } from 'kysely';
import type { ExchangeConfig } from '../../config.exchange.ts';
import { consumeSubjects } from '../../core/exchange.ts';
import type { BoxSelf } from '../../core/exchange-seal.ts';
import type { Database } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import { ExchangeConsumer, type ExchangeCounts, type ExchangeLog } from './exchange.consume.ts';
import { boxSelf } from './exchange.envelope.ts';
import { type ExchangeIdentity, exchangeIdentity } from './exchange.identity.ts';
import { connectNats, ensureConsumer, type NatsLink, type NatsSettings } from './exchange.nats.ts';
import { OutboxPublisher } from './exchange.publish.ts';
import { dispatchSubmissions } from './exchange.submission.ts';

// Kept where other modules and the tests import them from.
export { applyEnvelope, processWire } from './exchange.consume.ts';
export { toEnvelope } from './exchange.envelope.ts';

export interface ExchangeDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  config: ExchangeConfig;
  log?: ExchangeLog;
}

/** NATS messages the consumer keeps requested ahead (each holds up to MAX_BATCH_MESSAGES envelopes). */
const CONSUME_BUFFER = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ExchangeWorker {
  private link: NatsLink | null = null;
  private identity: ExchangeIdentity | null = null;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly messages = new Set<ConsumerMessages>();
  private wake: (() => void) | null = null;
  private firstConnect: Promise<void> = Promise.resolve();
  readonly counts: ExchangeCounts = { delivered: 0, published: 0, applied: 0, duplicates: 0, rejected: 0, retried: 0 };
  private readonly publisher: OutboxPublisher;
  private readonly consumer: ExchangeConsumer;

  constructor(private readonly deps: ExchangeDeps) {
    const log: ExchangeLog = (level, message, details) => this.deps.log?.(level, message, details);
    this.publisher = new OutboxPublisher(deps, this.counts, log);
    this.consumer = new ExchangeConsumer(deps, () => this.self(), this.counts, log);
  }

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
    const settings = this.natsSettings;
    if (settings) {
      this.firstConnect = this.connect(settings).then(
        () => undefined,
        () => undefined,
      );
      settings.filterSubjects.forEach((subject, i) => {
        const durable = settings.filterSubjects.length > 1 ? `${settings.consumer}-${i + 1}` : settings.consumer;
        this.loops.push(this.consumeLoop(settings, durable, subject));
      });
    }
    this.loops.push(this.outboxLoop());
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

  /** One batch of due outbox rows; returns how many were handled. */
  async dispatchOnce(): Promise<number> {
    // The first dispatch waits for the first connection attempt, so that a backlog at start-up is published
    // at once rather than after a retry delay. Later outages do not hold back local delivery.
    await this.firstConnect;
    const handled = await this.publisher.dispatchOnce(this.link, this.identity);
    // Statistics submissions to the level above go the same way (exchange.submission.ts).
    return handled + (await dispatchSubmissions(this.deps, this.link, this.identity));
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

  private async consumeLoop(settings: NatsSettings, durable: string, subject: string): Promise<void> {
    while (this.running) {
      try {
        const link = await this.connect(settings);
        await ensureConsumer(link, settings.stream, durable, subject);
        const consumer = await link.js.consumers.get(settings.stream, durable);
        const messages = await consumer.consume({ max_messages: CONSUME_BUFFER, expires: 5000 });
        this.messages.add(messages);
        try {
          await this.consumer.drain(messages, () => this.running);
        } finally {
          this.messages.delete(messages);
        }
      } catch (err) {
        if (this.running) this.log('warn', 'exchange consumer interrupted; retrying', { err: String(err) });
      }
      if (this.running) await sleep(500);
    }
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

  private self(): BoxSelf {
    if (!this.identity) throw new Error('the exchange worker has not started');
    return boxSelf(this.identity);
  }
}
