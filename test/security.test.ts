import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput } from './support/fixtures.ts';

let env: TestEnv;
let cookie: string;
beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('village');
});
afterAll(() => env.close());

describe('security headers', () => {
  it('sets CSP with frame-ancestors, nosniff and no HSTS over plain HTTP', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('does not add HSTS for a forwarded https header when no proxy is trusted', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    // trustProxy is off, so a forwarded header alone must not switch HSTS on.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request from another site and writes nothing', async () => {
    const before = await env.ctx.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie, origin: 'https://evil.example', host: 'localhost:3000' },
      payload: personInput(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
    const after = await env.ctx.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('accepts the same request from the console’s own origin', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie, origin: 'http://localhost:3000', host: 'localhost:3000' },
      payload: personInput(),
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('rate limit on public endpoints', () => {
  it('answers 429 with Retry-After once an address exceeds its budget', async () => {
    let last = 0;
    let retryAfter: string | undefined;
    for (let i = 0; i < 130 && last !== 429; i++) {
      const res = await env.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.9.9.9' });
      last = res.statusCode;
      retryAfter = res.headers['retry-after'] as string | undefined;
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
