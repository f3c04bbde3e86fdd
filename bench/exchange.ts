/**
 * Exchange figures for `npm run bench` (needs NATS JetStream, LIUDONG_NATS_URL or nats://127.0.0.1:4222):
 * - baseline: raw JetStream, one sealed, signed envelope per NATS message, published (acknowledged, 500 in
 *   flight) and consumed (acked) by a durable pull consumer, no database: the per-NATS-message ceiling;
 * - exchange: two deployments (two databases of the bench's engine, two workers in this process) — logical
 *   messages committed to the residence's outbox, sealed and signed (up to 100 per NATS message), published,
 *   consumed, verified and applied through the origin's inbox, each counted by its own inbox row. Throughput
 *   end to end while a producer commits, and p99 from commit to applied (inbox.applied_at − sent_at); then
 *   the same number again as a backlog committed while the residence's worker is stopped, drained by the
 *   exchange alone (the pipeline's own rate, without the producer). Because logical messages share NATS
 *   messages, the exchange can exceed the raw baseline.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { sql } from 'kysely';
import type { ExchangeConfig } from '../src/config.exchange.ts';
import type { Config } from '../src/config.ts';
import { KID_HEADER, parsePeers, SIG_HEADER, signBytes } from '../src/core/exchange.ts';
import { sealBody } from '../src/core/exchange-seal.ts';
import { exchangeIdentity } from '../src/modules/exchange/exchange.identity.ts';
import { connectNats } from '../src/modules/exchange/exchange.nats.ts';
import { enqueueExchange, enqueueExchangeBatch } from '../src/modules/exchange/exchange.outbox.ts';
import { ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { openContext } from '../src/server.ts';
import { adminSql, benchConfig } from './support.ts';

const NATS_URL = process.env.LIUDONG_NATS_URL || 'nats://127.0.0.1:4222';

export interface ExchangeBench {
  messages: number;
  rawMessagesPerSecond: number;
  rawP99Ms: number;
  messagesPerSecond: number;
  /** A backlog of `messages` committed beforehand, drained by the exchange alone. */
  drainMessagesPerSecond: number;
  /** How fast the bench's producer committed messages to the outbox (100 per transaction, one batch call). */
  outboxCommitsPerSecond: number;
  /** The same with one enqueueExchange call per message (100 per transaction), no worker running. */
  singleCommitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  duplicates: number;
  lost: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function rawBaseline(messages: number, sample: Uint8Array, kid: string, sig: string) {
  const run = crypto.randomBytes(4).toString('hex');
  const stream = `LDBENCH_RAW_${run}`;
  const subject = `ldbench.raw.${run}`;
  const link = await connectNats({
    url: NATS_URL,
    stream,
    subjectPrefix: subject,
    consumer: 'x',
    filterSubjects: [],
    name: 'bench raw',
  });
  try {
    await link.jsm.consumers.add(stream, {
      durable_name: 'raw',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${subject}.>`,
    });
    const consumer = await link.js.consumers.get(stream, 'raw');
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const started = performance.now();
    const iterator = await consumer.consume({ max_messages: 256 });
    const consumed = (async () => {
      for await (const m of iterator) {
        const id = m.headers?.get('Nats-Msg-Id') ?? '';
        const t = sentAt.get(id);
        if (t !== undefined) latencies.push(performance.now() - t);
        m.ack();
        if (latencies.length >= messages) break;
      }
    })();
    for (let i = 0; i < messages; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, messages - i) }, async (_, j) => {
          const id = `m${i + j}`;
          const h = headers();
          h.set(KID_HEADER, kid);
          h.set(SIG_HEADER, sig);
          sentAt.set(id, performance.now());
          await link.js.publish(`${subject}.x`, sample, { msgID: id, headers: h });
        }),
      );
    }
    await consumed;
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: messages / seconds, p99: percentile(latencies, 99) };
  } finally {
    await link.jsm.streams.delete(stream).catch(() => undefined);
    await link.nc.close();
  }
}

async function deployment(name: string, base: Config): Promise<Config> {
  if (base.databaseUrl) {
    const db = `liudong_bench_exchange_${name}`;
    await adminSql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await adminSql(`CREATE DATABASE ${db}`);
    const u = new URL(base.databaseUrl);
    u.pathname = `/${db}`;
    return { ...base, databaseUrl: u.toString() };
  }
  const dataDir = path.resolve(`tmp/bench-exchange/${name}`);
  return { ...base, dataDir, keyFile: path.join(dataDir, 'keys', 'data.key') };
}

export async function benchExchange(messages: number, usePostgres: boolean): Promise<ExchangeBench> {
  const base = { ...benchConfig(), ...(usePostgres ? {} : { databaseUrl: null }) };
  if (!usePostgres) fs.rmSync(path.resolve('tmp/bench-exchange'), { recursive: true, force: true });
  const [resConfig, oriConfig] = [await deployment('residence', base), await deployment('origin', base)];
  const res = await openContext(resConfig);
  const ori = await openContext(oriConfig);
  const resId = await exchangeIdentity(res.ctx.db, res.ctx.pii);
  const oriId = await exchangeIdentity(ori.ctx.db, ori.ctx.pii);
  const run = crypto.randomBytes(4).toString('hex');
  const common = { natsUrl: NATS_URL, subjectPrefix: `ldbench.${run}`, stream: `LDBENCH_${run}`, pollMs: 20 };
  const resCfg: ExchangeConfig = {
    ...common,
    served: ['330205'],
    consumer: `res-${run}`,
    peers: parsePeers(
      JSON.stringify([
        { name: 'origin', publicKey: oriId.publicKey, encryptionKey: oriId.encryptionKey, divisions: ['341221'] },
      ]),
    ),
  };
  const oriCfg: ExchangeConfig = {
    ...common,
    served: ['341221'],
    consumer: `ori-${run}`,
    peers: parsePeers(
      JSON.stringify([
        { name: 'residence', publicKey: resId.publicKey, encryptionKey: resId.encryptionKey, divisions: ['330205'] },
      ]),
    ),
  };
  // Sealed like the real bodies, so the baseline moves bytes of the same size.
  const sample = sealBody(
    Buffer.from(
      JSON.stringify({
        v: 1,
        id: crypto.randomUUID(),
        key: 'k'.repeat(40),
        kind: 'notification',
        event: 'marriage',
        payload: { maritalStatus: 'first_marriage', idNumber: '341221199001011231' },
      }),
    ),
    { publicKey: resId.encryptionKey, privateKey: resId.encryptionPrivateKey },
    oriId.encryptionKey,
  );
  const raw = await rawBaseline(messages, sample, resId.kid, signBytes(sample, resId.privateKey));

  const log = process.env.BENCH_TRACE
    ? (level: string, message: string, details?: Record<string, unknown>) =>
        console.log(`${level}: ${message} ${JSON.stringify(details ?? {})}`)
    : undefined;
  const resWorker = new ExchangeWorker({ db: res.ctx.db, pii: res.ctx.pii, config: resCfg, log });
  const oriWorker = new ExchangeWorker({ db: ori.ctx.db, pii: ori.ctx.pii, config: oriCfg, log });
  await oriWorker.start();
  await resWorker.start();
  const started = performance.now();
  const request = (tag: string, j: number) => ({
    kind: 'notification' as const,
    event: 'marriage' as const,
    fromDivision: '330205005003',
    toDivision: '341221000000',
    fromSide: 'residence' as const,
    idempotencyKey: `bench:${run}:${tag}:${j}`,
    payload: { maritalStatus: 'first_marriage' },
  });
  // 100 messages per transaction, queued with one enqueueExchangeBatch call (as a bulk import does).
  const produce = async (tag: string) => {
    for (let i = 0; i < messages; i += 100) {
      const batch = Array.from({ length: Math.min(100, messages - i) }, (_, k) => request(tag, i + k));
      await res.ctx.db.transaction().execute((trx) => enqueueExchangeBatch(trx, batch));
    }
  };
  // The single-message path (one enqueueExchange per message, 100 per transaction), timed on its own.
  const single = async (count: number) => {
    const t = performance.now();
    for (let i = 0; i < count; i += 100) {
      await res.ctx.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(count, i + 100); j++) await enqueueExchange(trx, request('single', j));
      });
    }
    return count / ((performance.now() - t) / 1000);
  };
  await produce('live');
  const count = async () =>
    Number(
      (
        await ori.ctx.db
          .selectFrom('exchange_inbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const enqueued = performance.now();
  let trace: NodeJS.Timeout | undefined;
  if (process.env.BENCH_TRACE) {
    console.log(`enqueued in ${((enqueued - started) / 1000).toFixed(1)} s`);
    trace = setInterval(async () => {
      const sent = await res.ctx.db
        .selectFrom('exchange_outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirst();
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s: sent ${sent?.n}, applied ${await count()}`);
    }, 2000);
    trace.unref();
  }
  const deadline = Date.now() + 300_000;
  while ((await count()) < messages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(trace);
  await resWorker.stop();
  const lat = await sql<{
    ms: number;
  }>`select extract(epoch from (applied_at - sent_at)) * 1000 as ms from exchange_inbox`.execute(ori.ctx.db);
  const latencies = lat.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const applied = await count();

  // Drain: the same number of messages already committed while the residence's worker was stopped; the
  // time from starting it until the origin applied the last one is the exchange's own rate, without the
  // producer's commits (in real use those are spread over many users' transactions).
  const producedAt = performance.now();
  await produce('backlog');
  const commitSeconds = (performance.now() - producedAt) / 1000;
  const drainWorker = new ExchangeWorker({ db: res.ctx.db, pii: res.ctx.pii, config: resCfg, log });
  const drainStarted = performance.now();
  await drainWorker.start();
  while ((await count()) < 2 * messages && Date.now() < deadline + 300_000) await new Promise((r) => setTimeout(r, 20));
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await drainWorker.stop();
  await oriWorker.stop();
  const drainApplied = await count();
  const singleCommitsPerSecond = await single(Math.min(messages, 2000));
  const distinct = Number(
    (await sql<{ n: string }>`select count(distinct idempotency_key) as n from exchange_inbox`.execute(ori.ctx.db))
      .rows[0]?.n,
  );
  const link = await connectNats({
    url: NATS_URL,
    stream: common.stream,
    subjectPrefix: common.subjectPrefix,
    consumer: 'x',
    filterSubjects: [],
    name: 'bench cleanup',
  });
  await link.jsm.streams.delete(common.stream).catch(() => undefined);
  await link.nc.close();
  await res.handle.close();
  await ori.handle.close();
  return {
    messages,
    rawMessagesPerSecond: raw.perSecond,
    rawP99Ms: raw.p99,
    messagesPerSecond: applied / seconds,
    drainMessagesPerSecond: (drainApplied - applied) / drainSeconds,
    outboxCommitsPerSecond: messages / commitSeconds,
    singleCommitsPerSecond,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    duplicates: drainApplied - distinct,
    lost: 2 * messages - distinct,
  };
}

/** The exchange rows of `npm run bench`'s table, each against raw JetStream measured in the same run. */
export async function exchangeFigures(kind: 'postgres' | 'pglite') {
  const x = await benchExchange(Number(process.env.BENCH_EXCHANGE_MESSAGES ?? 10_000), kind === 'postgres');
  const pct = (a: number) => `${((a / x.rawMessagesPerSecond) * 100).toFixed(1)}%`;
  const rows: Record<string, string>[] = [
    {
      figure: `baseline: raw JetStream, ${x.messages} NATS messages (one sealed envelope each, 500 publishes in flight) published and consumed, no database`,
      value: `${Math.round(x.rawMessagesPerSecond)} msgs/s, p99 ${x.rawP99Ms.toFixed(1)} ms`,
      baseline: '',
      ratio: '100%',
      target: '',
    },
    {
      figure: `exchange drain of a committed backlog: ${x.messages} logical messages, outbox → NATS (up to 100 per NATS message) → verified inbox, two ${kind} deployments`,
      value: `${Math.round(x.drainMessagesPerSecond)} msgs/s`,
      baseline: 'raw JetStream',
      ratio: pct(x.drainMessagesPerSecond),
      target: '≥ 2,000 msgs/s',
    },
    {
      figure: 'exchange end to end while the producer commits (100 per transaction, enqueueExchangeBatch)',
      value: `${Math.round(x.messagesPerSecond)} msgs/s (producer ${Math.round(x.outboxCommitsPerSecond)} msgs/s; one enqueueExchange per message: ${Math.round(x.singleCommitsPerSecond)} msgs/s), ${x.duplicates} duplicates, ${x.lost} lost`,
      baseline: 'raw JetStream',
      ratio: pct(x.messagesPerSecond),
      target: '',
    },
    {
      figure: 'exchange commit → applied latency (end-to-end run)',
      value: `p50 ${x.p50Ms.toFixed(0)} ms, p99 ${x.p99Ms.toFixed(0)} ms`,
      baseline: `raw p99 ${x.rawP99Ms.toFixed(1)} ms`,
      ratio: '',
      target: '',
    },
  ];
  return { result: x, rows };
}
