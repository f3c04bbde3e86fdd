/**
 * The exchange's health in one report: queue depths, dead letters, the JetStream consumers' lag, and each peer
 * with when it was last heard from. One data function for `liudong exchange status` (which prints it) and the
 * console's status page (GET /api/exchange/status).
 */
import { z } from 'zod';
import type { ExchangeConfig } from '../../config.exchange.ts';
import type { AppContext } from '../../context.ts';
import { consumeSubjects } from '../../core/exchange.ts';
import { exchangeIdentity } from './exchange.identity.ts';
import { connectNats, type NatsLink, type NatsSettings } from './exchange.nats.ts';
import { exchangeStatus } from './exchange.repository.ts';

const instant = z.string().describe('ISO 8601 instant');

const Consumer = z.object({
  consumer: z.string(),
  pending: z.number(),
  ackPending: z.number(),
  redelivered: z.number(),
});

export const ExchangeStatusReport = z.object({
  deployment: z.object({
    kid: z.string(),
    publicKey: z.string(),
    encryptionKey: z.string(),
    /** The division subtrees this deployment serves; empty: all. */
    divisions: z.array(z.string()),
  }),
  outboxPending: z.number(),
  outboxFailing: z.number(),
  oldestPendingAt: instant.nullable(),
  awaitingReplies: z.number(),
  inboxOpen: z.number(),
  deadLetters: z.number(),
  meanLagMsLastHour: z.number().nullable(),
  nats: z.union([
    z.object({ configured: z.literal(false) }),
    z.object({ configured: z.literal(true), subjectPrefix: z.string(), stream: z.string() }),
  ]),
  /** The durable consumers' lag, straight from JetStream: 'not_configured' without NATS, 'unreachable' on error. */
  consumers: z.union([
    z.object({ state: z.literal('ok'), items: z.array(Consumer) }),
    z.object({ state: z.enum(['not_configured', 'unreachable']), detail: z.string() }),
  ]),
  peers: z.array(
    z.object({
      name: z.string(),
      kid: z.string(),
      divisions: z.array(z.string()),
      lastSeen: instant.nullable(),
      messages: z.number(),
    }),
  ),
  /** Senders heard from that are no longer in the peers list. */
  unknownPeersSeen: z.array(z.object({ kid: z.string(), lastSeen: instant, messages: z.number() })),
});
export type ExchangeStatusReport = z.infer<typeof ExchangeStatusReport>;

const NATS_TIMEOUT_MS = 5000;
/** How long one look at JetStream serves: the console page polls, and every look opens a NATS connection. */
const LAG_TTL_MS = 5000;

type ConsumerLag = ExchangeStatusReport['consumers'];

const recentLag = new Map<string, { at: number; lag: Promise<ConsumerLag> }>();

/** The consumers' lag, shared by the reports of the next few seconds (and by concurrent ones). */
function sharedLag(config: ExchangeConfig): Promise<ConsumerLag> {
  const key = [config.natsUrl, config.stream, config.consumer, config.subjectPrefix, ...config.served].join(' ');
  const now = Date.now();
  const recent = recentLag.get(key);
  if (recent && now - recent.at < LAG_TTL_MS) return recent.lag;
  for (const [k, v] of recentLag) if (now - v.at >= LAG_TTL_MS) recentLag.delete(k);
  const lag = consumerLag(config);
  recentLag.set(key, { at: now, lag });
  return lag;
}

/** Connects for one look; a connection that arrives after the timeout is closed, not left open. */
async function connectWithin(settings: NatsSettings): Promise<NatsLink | string> {
  const connecting = connectNats(settings);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), NATS_TIMEOUT_MS);
  });
  try {
    const link = await Promise.race([connecting, timeout]);
    if (link !== 'timeout') return link;
    connecting.then((late) => late.nc.close()).catch(() => undefined);
    return 'Error: timeout';
  } catch (err) {
    return String(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Pending messages and acks of this deployment's durable consumers, straight from JetStream. */
async function consumerLag(config: ExchangeConfig): Promise<ConsumerLag> {
  if (!config.natsUrl) {
    return { state: 'not_configured', detail: 'LIUDONG_NATS_URL is not set (exchange inside this deployment only)' };
  }
  const subjects = consumeSubjects(config.subjectPrefix, config.served);
  const link = await connectWithin({
    url: config.natsUrl,
    stream: config.stream,
    subjectPrefix: config.subjectPrefix,
    consumer: config.consumer,
    filterSubjects: subjects,
    name: 'liudong exchange status',
  });
  if (typeof link === 'string')
    return { state: 'unreachable', detail: `NATS unreachable at ${config.natsUrl}: ${link}` };
  try {
    const items = [];
    for (let i = 0; i < subjects.length; i++) {
      const durable = subjects.length > 1 ? `${config.consumer}-${i + 1}` : config.consumer;
      const info = await link.jsm.consumers.info(config.stream, durable).catch(() => null);
      items.push({
        consumer: durable,
        pending: info?.num_pending ?? 0,
        ackPending: info?.num_ack_pending ?? 0,
        redelivered: info?.num_redelivered ?? 0,
      });
    }
    return { state: 'ok', items };
  } finally {
    await link.nc.close();
  }
}

export async function exchangeStatusReport(
  ctx: AppContext,
  config: ExchangeConfig = ctx.config.exchange,
): Promise<ExchangeStatusReport> {
  const status = await exchangeStatus(ctx.db);
  const identity = await exchangeIdentity(ctx.db, ctx.pii);
  const known = new Set(config.peers.map((p) => p.kid));
  return {
    deployment: {
      kid: identity.kid,
      publicKey: identity.publicKey,
      encryptionKey: identity.encryptionKey,
      divisions: config.served,
    },
    outboxPending: status.outboxPending,
    outboxFailing: status.outboxFailing,
    oldestPendingAt: status.oldestPendingAt?.toISOString() ?? null,
    awaitingReplies: status.awaitingReplies,
    inboxOpen: status.inboxOpen,
    deadLetters: status.deadLetters,
    meanLagMsLastHour: status.meanLagMsLastHour,
    nats: config.natsUrl
      ? { configured: true, subjectPrefix: config.subjectPrefix, stream: config.stream }
      : { configured: false },
    consumers: await sharedLag(config),
    peers: config.peers.map((p) => {
      const seen = status.peersSeen.find((s) => s.kid === p.kid);
      return {
        name: p.name,
        kid: p.kid,
        divisions: p.divisions,
        lastSeen: seen?.lastSeen.toISOString() ?? null,
        messages: seen?.messages ?? 0,
      };
    }),
    unknownPeersSeen: status.peersSeen
      .filter((s) => !known.has(s.kid))
      .map((s) => ({ kid: s.kid, lastSeen: s.lastSeen.toISOString(), messages: s.messages })),
  };
}

function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}min ago`;
  return `${Math.round(s / 3600)}h ago`;
}

/** The report as `liudong exchange status` prints it, one line per fact. */
export function statusLines(report: ExchangeStatusReport, now = Date.now()): string[] {
  const lines: string[] = [];
  const line = (k: string, v: string | number) => lines.push(`${k.padEnd(28)} ${v}`);
  const served = report.deployment.divisions;
  line('deployment key', `${report.deployment.kid} (divisions: ${served.join(', ') || 'all'})`);
  line(
    'outbox pending',
    `${report.outboxPending} (${report.outboxFailing} retrying; oldest ${ago(report.oldestPendingAt, now)})`,
  );
  line('awaiting replies (sent)', report.awaitingReplies);
  line('open inquiries (received)', report.inboxOpen);
  line('dead letters (open)', report.deadLetters);
  line(
    'mean commit→applied, 1 h',
    report.meanLagMsLastHour === null ? '—' : `${Math.round(report.meanLagMsLastHour)} ms`,
  );
  if (report.consumers.state !== 'ok') line('NATS', report.consumers.detail);
  else
    for (const c of report.consumers.items)
      line(`consumer ${c.consumer}`, `${c.pending} pending, ${c.ackPending} unacked, ${c.redelivered} redelivered`);
  if (report.peers.length === 0) line('peers', 'none configured (LIUDONG_EXCHANGE_PEERS / _PEERS_FILE)');
  for (const p of report.peers)
    line(`peer ${p.name}`, `${p.kid} last seen ${ago(p.lastSeen, now)} (${p.messages} messages)`);
  for (const u of report.unknownPeersSeen)
    line('peer (no longer configured)', `${u.kid} last seen ${ago(u.lastSeen, now)}`);
  return lines;
}
