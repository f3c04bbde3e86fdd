/** `liudong exchange status` and its page share one report (issue 23 part 3). */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { exchangeStatusReport, statusLines } from './exchange.status.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const PEER = {
  name: 'anhui',
  kid: 'peer-kid-1',
  publicKey: crypto.generateKeyPairSync('ed25519').publicKey,
  encryptionKey: null,
  divisions: ['34'],
};

describe('exchange status', () => {
  it('serves the county administrator the report the CLI prints', async () => {
    const cookie = await env.login('admin');
    const res = await env.app.inject({ method: 'GET', url: '/api/exchange/status', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ consumers: { state: 'not_configured' }, nats: { configured: false } });
    const report = await exchangeStatusReport(env.ctx);
    expect(body).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('lists each configured peer with its last-seen time, never seen as null', async () => {
    const config = { ...env.ctx.config.exchange, peers: [PEER] };
    const report = await exchangeStatusReport(env.ctx, config);
    expect(report.peers).toEqual([
      { name: 'anhui', kid: 'peer-kid-1', divisions: ['34'], lastSeen: null, messages: 0 },
    ]);
    expect(statusLines(report)).toContain(`${'peer anhui'.padEnd(28)} peer-kid-1 last seen never (0 messages)`);
  });
});
