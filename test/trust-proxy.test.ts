/**
 * Behind a TLS reverse proxy (issue 18): with LIUDONG_TRUST_PROXY listing the proxy, its X-Forwarded-Proto makes
 * cookies Secure and sends HSTS, and its X-Forwarded-For gives each client its own rate limits; from anyone else
 * the same headers change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { PUBLIC_LIMITS } from '../src/http/security.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

const PROXY = '10.0.0.2';
const OUTSIDER = '203.0.113.66';

let env: TestEnv;
let app: FastifyInstance;
beforeAll(async () => {
  env = await createTestEnv();
  app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, trustProxy: parseTrustProxy(PROXY) } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await env.close();
});

/** A request as the proxy passes it on: from the proxy's address, naming the client and the scheme. */
function viaProxy(client: string, url: string, from = PROXY, payload?: object) {
  return app.inject({
    method: payload ? 'POST' : 'GET',
    url,
    remoteAddress: from,
    headers: { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' },
    ...(payload ? { payload } : {}),
  });
}

const login = (client: string, from = PROXY) =>
  viaProxy(client, '/api/auth/login', from, { username: 'village', password: DEMO_PASSWORD });

const AUTH_LIMIT = PUBLIC_LIMITS.find((l) => l.prefix === '/api/auth/')?.perMinute ?? 0;

/** Uses up the /api/auth/ budget of one address; true when the request after it is refused. */
async function exhaustAuthLimit(send: (i: number) => ReturnType<typeof viaProxy>): Promise<boolean> {
  for (let i = 0; i < AUTH_LIMIT; i++) expect((await send(i)).statusCode).not.toBe(429);
  return (await send(AUTH_LIMIT)).statusCode === 429;
}

describe('through a trusted proxy', () => {
  it('marks the session cookie Secure when the proxy says the client used https', async () => {
    const res = await login('198.51.100.10');
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });

  it('sends HSTS', async () => {
    const res = await viaProxy('198.51.100.11', '/api/health');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('records the client address, not the proxy, on the session', async () => {
    const res = await login('198.51.100.12');
    expect(res.statusCode, res.body).toBe(200);
    const row = await env.ctx.db
      .selectFrom('session')
      .select('ip')
      .where('ip', '=', '198.51.100.12')
      .executeTakeFirst();
    expect(row?.ip).toBe('198.51.100.12');
  });

  it('counts the rate limit per client, so one busy client does not block the others', async () => {
    expect(await exhaustAuthLimit(() => viaProxy('198.51.100.20', '/api/auth/me'))).toBe(true);
    expect((await viaProxy('198.51.100.21', '/api/auth/me')).statusCode).toBe(401);
  });

  it('locks one client after 30 failed logins, and not the next client', async () => {
    const fail = (client: string, i: number) =>
      viaProxy(client, '/api/auth/login', PROXY, { username: `nobody-${client}-${i}`, password: 'wrong-guess-1' });
    for (let i = 0; i < 30; i++) expect((await fail('198.51.100.30', i)).statusCode).toBe(401);
    expect((await fail('198.51.100.30', 30)).json().error.code).toBe('AUTH_LOCKED');
    expect((await fail('198.51.100.31', 0)).statusCode).toBe(401);
  });
});

describe('from a client that is not the trusted proxy', () => {
  it('ignores X-Forwarded-Proto: no Secure cookie, no HSTS', async () => {
    const res = await login('198.51.100.40', OUTSIDER);
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/i);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('cannot escape the rate limit by sending a new X-Forwarded-For each time', async () => {
    const spoofer = '203.0.113.67';
    expect(await exhaustAuthLimit((i) => viaProxy(`192.0.2.${i % 250}`, '/api/auth/me', spoofer))).toBe(true);
  });
});

describe('by default (LIUDONG_TRUST_PROXY unset)', () => {
  it('trusts no proxy, so forwarded headers from anywhere are ignored', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/health',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': '198.51.100.50', 'x-forwarded-proto': 'https' },
    });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('LIUDONG_TRUST_PROXY', () => {
  it('takes addresses and CIDR ranges separated by commas', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
  });

  it('is off when unset, empty or "off"', () => {
    expect([undefined, '', 'off'].map(parseTrustProxy)).toEqual([false, false, false]);
  });

  it('refuses a hop count and "true", which a direct client could spoof', () => {
    expect(() => parseTrustProxy('1')).toThrow(/proxy's addresses/);
    expect(() => parseTrustProxy('true')).toThrow(/proxy's addresses/);
  });

  it('refuses something that is not an address, naming it', () => {
    expect(() => parseTrustProxy('127.0.0.1,proxy.local')).toThrow(/"proxy\.local"/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33"/);
  });
});
