/** Two deployments in one test process: two databases, two exchange workers, one real NATS server. */
import crypto from 'node:crypto';
import net from 'node:net';
import type { ExchangeConfig } from '../../src/config.exchange.ts';
import type { Peer } from '../../src/core/exchange.ts';
import { parsePeers } from '../../src/core/exchange.ts';
import { exchangeIdentity } from '../../src/modules/exchange/exchange.identity.ts';
import { connectNats, type NatsLink } from '../../src/modules/exchange/exchange.nats.ts';
import { ExchangeWorker } from '../../src/modules/exchange/exchange.worker.ts';
import { createPiiCipher } from '../../src/security/pii.ts';
import { createTestEnv, type TestEnv } from './context.ts';

export const NATS_URL = process.env.LIUDONG_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const RESIDENCE = '330205'; // 宁波市江北区
export const ORIGIN = '341221'; // 安徽省阜阳市临泉县

/** Fails (never skips) when NATS is not reachable: the exchange tests need the real server. */
export async function requireNats(url = NATS_URL): Promise<void> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) }, () => {
      socket.end();
      resolve();
    });
    socket.on('error', (err) => reject(new Error(`NATS is not reachable at ${url}: ${err.message}`)));
  });
}

/** Names unique to this run, so test runs never share a stream, subject or consumer. */
export function uniqueNames() {
  const run = crypto.randomBytes(4).toString('hex');
  return { prefix: `ldtest.${run}`, stream: `LDTEST_${run}` };
}

export interface Deployment {
  env: TestEnv;
  config: ExchangeConfig;
  worker: ExchangeWorker;
  kid: string;
  publicKey: string;
  logs: { level: string; message: string; details?: Record<string, unknown> }[];
}

export async function peerEntry(env: TestEnv, name: string, divisions: string[]) {
  const id = await exchangeIdentity(env.ctx.db, env.ctx.pii);
  return {
    entry: { name, publicKey: id.publicKey, encryptionKey: id.encryptionKey, divisions },
    kid: id.kid,
    publicKey: id.publicKey,
  };
}

export function configFor(
  served: string[],
  peers: Peer[],
  names: { prefix: string; stream: string },
  overrides: Partial<ExchangeConfig> = {},
): ExchangeConfig {
  return {
    served,
    natsUrl: NATS_URL,
    peers,
    subjectPrefix: names.prefix,
    stream: names.stream,
    consumer: `c-${served.join('-')}-${names.stream}`,
    pollMs: 50,
    ...overrides,
  };
}

/** A residence deployment (江北区) and an origin deployment (临泉县), each trusting the other. */
export async function twoDeployments(): Promise<{
  residence: Deployment;
  origin: Deployment;
  names: ReturnType<typeof uniqueNames>;
}> {
  await requireNats();
  const names = uniqueNames();
  const [resEnv, oriEnv] = [await createTestEnv(), await createTestEnv()];
  // Each deployment has its own data key, so their blind indexes differ: pairing must work from the ID
  // number the message carries, never from the sender's index. (The origin's copy of the template data is
  // not read by these tests; people it pairs are created under the new key.)
  oriEnv.ctx.pii = createPiiCipher(crypto.randomBytes(32));
  const res = await peerEntry(resEnv, '浙江省宁波市江北区', [RESIDENCE]);
  const ori = await peerEntry(oriEnv, '安徽省阜阳市临泉县', [ORIGIN]);
  const make = (env: TestEnv, served: string, peer: typeof res, self: typeof res): Deployment => {
    const config = configFor([served], parsePeers(JSON.stringify([peer.entry])), names);
    const logs: Deployment['logs'] = [];
    const worker = new ExchangeWorker({
      db: env.ctx.db,
      pii: env.ctx.pii,
      config,
      log: (level, message, details) => logs.push({ level, message, ...(details ? { details } : {}) }),
    });
    return { env, config, worker, kid: self.kid, publicKey: self.publicKey, logs };
  };
  return { residence: make(resEnv, RESIDENCE, ori, res), origin: make(oriEnv, ORIGIN, res, ori), names };
}

/**
 * Both deployments with their workers running, and a link of the test's own to the shared stream (to publish by
 * hand, and to delete the stream afterwards). `close()` stops and removes everything.
 */
export async function runningDeployments(): Promise<
  Awaited<ReturnType<typeof twoDeployments>> & { link: NatsLink; close: () => Promise<void> }
> {
  const { residence, origin, names } = await twoDeployments();
  await residence.worker.start();
  await origin.worker.start();
  const link = await connectNats({
    url: residence.config.natsUrl as string,
    stream: names.stream,
    subjectPrefix: names.prefix,
    consumer: 'unused',
    filterSubjects: [],
    name: 'test',
  });
  const close = async () => {
    await residence.worker.stop();
    await origin.worker.stop();
    await link.jsm.streams.delete(names.stream).catch(() => undefined);
    await link.nc.close();
    await residence.env.close();
    await origin.env.close();
  };
  return { residence, origin, names, link, close };
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
