/** `liudong exchange status` and `liudong exchange keys`. */
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openContext } from '../../context.open.ts';
import { consumeSubjects } from '../../core/exchange.ts';
import { exchangeIdentity } from './exchange.identity.ts';
import { connectNats } from './exchange.nats.ts';
import { exchangeStatus } from './exchange.repository.ts';

function ago(date: Date | null): string {
  if (!date) return 'never';
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}min ago`;
  return `${Math.round(s / 3600)}h ago`;
}

/** Pending messages and acks of this deployment's durable consumers, straight from JetStream. */
async function consumerLag(): Promise<
  { consumer: string; pending: number; ackPending: number; redelivered: number }[] | string
> {
  const config = loadConfig().exchange;
  if (!config.natsUrl) return 'LIUDONG_NATS_URL is not set (exchange inside this deployment only)';
  const subjects = consumeSubjects(config.subjectPrefix, config.served);
  const link = await Promise.race([
    connectNats({
      url: config.natsUrl,
      stream: config.stream,
      subjectPrefix: config.subjectPrefix,
      consumer: config.consumer,
      filterSubjects: subjects,
      name: 'liudong exchange status',
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000)),
  ]).catch((err: unknown) => String(err));
  if (typeof link === 'string') return `NATS unreachable at ${config.natsUrl}: ${link}`;
  try {
    const out = [];
    for (let i = 0; i < subjects.length; i++) {
      const durable = subjects.length > 1 ? `${config.consumer}-${i + 1}` : config.consumer;
      const info = await link.jsm.consumers.info(config.stream, durable).catch(() => null);
      out.push({
        consumer: durable,
        pending: info?.num_pending ?? 0,
        ackPending: info?.num_ack_pending ?? 0,
        redelivered: info?.num_redelivered ?? 0,
      });
    }
    return out;
  } finally {
    await link.nc.close();
  }
}

export function registerExchangeCommands(program: Command, embeddedNote: string): void {
  const exchange = program.command('exchange').description('Origin ↔ residence information exchange');

  exchange
    .command('keys')
    .description(
      `Print this deployment's exchange public keys (Ed25519 signing, X25519 encryption) as a peer entry for the other side's peers file${embeddedNote}`,
    )
    .option('--name <name>', 'how the other side should call this deployment', 'liudong')
    .action(async (opts: { name: string }) => {
      const { ctx, handle } = await openContext();
      const identity = await exchangeIdentity(ctx.db, ctx.pii);
      await handle.close();
      const entry = {
        name: opts.name,
        publicKey: identity.publicKey,
        encryptionKey: identity.encryptionKey,
        divisions: ctx.config.exchange.served,
      };
      console.log(JSON.stringify([entry], null, 2));
      console.error(`key id ${identity.kid}`);
    });

  exchange
    .command('status')
    .description(`Queue depths, lag, dead letters, and peers with their last-seen time${embeddedNote}`)
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { ctx, handle } = await openContext();
      const config = ctx.config.exchange;
      const status = await exchangeStatus(ctx.db);
      const identity = await exchangeIdentity(ctx.db, ctx.pii);
      await handle.close();
      const lag = await consumerLag();
      const peers = config.peers.map((p) => {
        const seen = status.peersSeen.find((s) => s.kid === p.kid);
        return {
          name: p.name,
          kid: p.kid,
          divisions: p.divisions,
          lastSeen: seen?.lastSeen ?? null,
          messages: seen?.messages ?? 0,
        };
      });
      if (opts.json) {
        console.log(
          JSON.stringify(
            { deployment: { kid: identity.kid, divisions: config.served }, ...status, consumers: lag, peers },
            null,
            2,
          ),
        );
        return;
      }
      const line = (k: string, v: string | number) => console.log(`${k.padEnd(28)} ${v}`);
      line('deployment key', `${identity.kid} (divisions: ${config.served.join(', ') || 'all'})`);
      line(
        'outbox pending',
        `${status.outboxPending} (${status.outboxFailing} retrying; oldest ${ago(status.oldestPendingAt)})`,
      );
      line('awaiting replies (sent)', status.awaitingReplies);
      line('open inquiries (received)', status.inboxOpen);
      line('dead letters (open)', status.deadLetters);
      line(
        'mean commit→applied, 1 h',
        status.meanLagMsLastHour === null ? '—' : `${Math.round(status.meanLagMsLastHour)} ms`,
      );
      if (typeof lag === 'string') line('NATS', lag);
      else
        for (const c of lag)
          line(`consumer ${c.consumer}`, `${c.pending} pending, ${c.ackPending} unacked, ${c.redelivered} redelivered`);
      if (peers.length === 0) line('peers', 'none configured (LIUDONG_EXCHANGE_PEERS / _PEERS_FILE)');
      for (const p of peers) line(`peer ${p.name}`, `${p.kid} last seen ${ago(p.lastSeen)} (${p.messages} messages)`);
      for (const u of status.peersSeen.filter((s) => !config.peers.some((p) => p.kid === s.kid))) {
        line('peer (no longer configured)', `${u.kid} last seen ${ago(u.lastSeen)}`);
      }
    });
}
