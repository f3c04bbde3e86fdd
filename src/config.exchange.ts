/**
 * Exchange settings, from the environment (README "Information exchange"):
 * - LIUDONG_DEPLOYMENT_DIVISIONS  the division subtrees this deployment serves, e.g. "34" or "330205,330206";
 *                                 empty = everything (one deployment, exchange through its own outbox only)
 * - LIUDONG_NATS_URL              NATS JetStream, e.g. nats://127.0.0.1:4222; unset = no exchange between deployments
 * - LIUDONG_EXCHANGE_PEERS        JSON list of peer deployments [{name, publicKey, encryptionKey, divisions}]
 * - LIUDONG_EXCHANGE_PEERS_FILE   the same list in a file (both may be given; they are joined)
 * - LIUDONG_EXCHANGE_SUBJECT      subject prefix (default liudong.exchange)
 * - LIUDONG_EXCHANGE_STREAM       JetStream stream name (default LIUDONG_EXCHANGE)
 * - LIUDONG_EXCHANGE_CONSUMER     durable consumer name (default liudong-<divisions>)
 * - LIUDONG_EXCHANGE_POLL_MS      how often the outbox is polled (default 200)
 */
import fs from 'node:fs';
import { type Peer, parsePeers, parseServedDivisions } from './core/exchange.ts';

export interface ExchangeConfig {
  served: string[];
  natsUrl: string | null;
  peers: Peer[];
  subjectPrefix: string;
  stream: string;
  consumer: string;
  pollMs: number;
}

function readPeersFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`LIUDONG_EXCHANGE_PEERS_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Read once by loadConfig (src/config.ts) into AppContext.config.exchange; a bad value names its variable. */
export function exchangeConfig(env: NodeJS.ProcessEnv): ExchangeConfig {
  const served = parseServedDivisions(env.LIUDONG_DEPLOYMENT_DIVISIONS);
  const peers: Peer[] = [];
  if (env.LIUDONG_EXCHANGE_PEERS?.trim()) peers.push(...parsePeers(env.LIUDONG_EXCHANGE_PEERS));
  if (env.LIUDONG_EXCHANGE_PEERS_FILE) peers.push(...parsePeers(readPeersFile(env.LIUDONG_EXCHANGE_PEERS_FILE)));
  const subjectPrefix = env.LIUDONG_EXCHANGE_SUBJECT || 'liudong.exchange';
  const stream = env.LIUDONG_EXCHANGE_STREAM || 'LIUDONG_EXCHANGE';
  const consumer = env.LIUDONG_EXCHANGE_CONSUMER || `liudong-${served.join('-') || 'all'}`;
  if (!SUBJECT.test(subjectPrefix)) throw new Error(`LIUDONG_EXCHANGE_SUBJECT: "${subjectPrefix}" is not a subject`);
  if (!NAME.test(stream)) throw new Error(`LIUDONG_EXCHANGE_STREAM: "${stream}" is not a stream name`);
  if (!NAME.test(consumer)) throw new Error(`LIUDONG_EXCHANGE_CONSUMER: "${consumer}" is not a consumer name`);
  const poll = Number(env.LIUDONG_EXCHANGE_POLL_MS || 200);
  if (!Number.isInteger(poll) || poll < 10)
    throw new Error(
      `LIUDONG_EXCHANGE_POLL_MS must be an integer of at least 10, got "${env.LIUDONG_EXCHANGE_POLL_MS}"`,
    );
  return {
    served,
    natsUrl: env.LIUDONG_NATS_URL || null,
    peers,
    subjectPrefix,
    stream,
    consumer,
    pollMs: poll,
  };
}
