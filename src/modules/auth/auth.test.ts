import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { DEMO_PASSWORD } from '../../core/demo-people.ts';
import { upsertUser } from '../users/index.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

function login(username: string, password: string) {
  return env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

describe('login', () => {
  it('sets an httpOnly, SameSite=Strict session cookie', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/liudong_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.json().user).toMatchObject({
      username: 'admin',
      role: 'county_admin',
      division: { code: '330205000000' },
    });
  });

  it('answers a wrong password with 401 and the password field', async () => {
    const res = await login('admin', 'wrong-password-1');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'AUTH_INVALID', issues: [{ path: 'password' }] });
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    await upsertUser(env.ctx.db, {
      username: 'locktest',
      displayName: 'x',
      role: 'village_manager',
      divisionCode: '330205005003',
      password: 'Right-pass-123',
    });
    for (let i = 0; i < env.ctx.config.loginMaxFailures - 1; i++)
      expect((await login('locktest', 'nope-nope-1')).statusCode).toBe(401);
    expect((await login('locktest', 'nope-nope-1')).statusCode).toBe(429);
    const res = await login('locktest', 'Right-pass-123');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('AUTH_LOCKED');
  });

  it('stores passwords as scrypt hashes', async () => {
    const row = await env.ctx.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(DEMO_PASSWORD);
  });
});

describe('session', () => {
  it('returns the current user', async () => {
    const cookie = await env.login('township');
    const res = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(res.json().user).toMatchObject({ username: 'township', division: { name: '甬江街道' } });
  });

  it('is revoked on logout', async () => {
    const cookie = await env.login('township');
    const out = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const res = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps departments out of the registry', async () => {
    const cookie = await env.login('dept');
    const res = await env.app.inject({ method: 'GET', url: '/api/persons', headers: { cookie } });
    expect(res.statusCode).toBe(403);
  });
});
