import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { DEMO_PASSWORD } from '../../core/demo-people.ts';
import { currentCounter, totpCode } from '../../security/totp.ts';
import { upsertUser } from '../users/index.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function passwordLogin(username: string, password = DEMO_PASSWORD) {
  const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: cookieOf(res), next: res.json().next as string };
}

const post = (cookie: string, url: string, payload?: object) =>
  env.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function clearReplayGuard(username: string) {
  await env.ctx.db.updateTable('app_user').set({ totp_last_counter: null }).where('username', '=', username).execute();
}

describe('two-factor login for county admins and auditors', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('requires the auditor to enrol an authenticator before anything else', async () => {
    const { cookie, next } = await passwordLogin('auditor');
    expect(next).toBe('enrol_totp');
    const blocked = await env.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({ code: 'STEP_REQUIRED', next: 'enrol_totp' });
  });

  it('enrols by QR code and hands out ten recovery codes once', async () => {
    const { cookie } = await passwordLogin('auditor');
    const start = (await post(cookie, '/api/auth/totp/enrol')).json();
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(start.otpauthUri).toContain(`secret=${start.secret}`);
    secret = start.secret;
    const confirm = await post(cookie, '/api/auth/totp/confirm', { code: totpCode(secret, currentCounter()) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json().next).toBe('full');
    recoveryCodes = confirm.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const stored = await env.ctx.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', 'auditor')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('asks for the code at the next login and refuses a wrong one', async () => {
    const { cookie, next } = await passwordLogin('auditor');
    expect(next).toBe('totp');
    const wrong = await post(cookie, '/api/auth/totp', {
      code: '000000' === totpCode(secret, currentCounter()) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.issues[0].path).toBe('code');
  });

  it('accepts the right code once, and refuses it replayed', async () => {
    await clearReplayGuard('auditor');
    const code = totpCode(secret, currentCounter());
    const first = await passwordLogin('auditor');
    expect((await post(first.cookie, '/api/auth/totp', { code })).json().next).toBe('full');
    const second = await passwordLogin('auditor');
    expect((await post(second.cookie, '/api/auth/totp', { code })).statusCode).toBe(400);
  });

  it('accepts a recovery code exactly once', async () => {
    const code = recoveryCodes[0] as string;
    const first = await passwordLogin('auditor');
    expect((await post(first.cookie, '/api/auth/totp', { code })).statusCode).toBe(200);
    const second = await passwordLogin('auditor');
    expect((await post(second.cookie, '/api/auth/totp', { code })).statusCode).toBe(400);
  });

  it('does not ask a village manager for a second factor', async () => {
    expect((await passwordLogin('village')).next).toBe('full');
  });
});

describe('initial password', () => {
  beforeAll(async () => {
    await upsertUser(env.ctx.db, {
      username: 'newstaff',
      displayName: '新同事',
      role: 'village_manager',
      divisionCode: '330205005003',
      password: 'Initial-pass-2026',
      mustChangePassword: true,
    });
  });

  it('must be changed before the account can be used', async () => {
    const { cookie, next } = await passwordLogin('newstaff', 'Initial-pass-2026');
    expect(next).toBe('change_password');
    expect((await env.app.inject({ method: 'GET', url: '/api/persons', headers: { cookie } })).statusCode).toBe(403);
  });

  it('refuses a weak new password, naming the field', async () => {
    const { cookie } = await passwordLogin('newstaff', 'Initial-pass-2026');
    const res = await post(cookie, '/api/auth/password', {
      currentPassword: 'Initial-pass-2026',
      newPassword: 'short1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('newPassword');
  });

  it('opens the account after a good change and ends the other sessions', async () => {
    const other = await passwordLogin('newstaff', 'Initial-pass-2026');
    const { cookie } = await passwordLogin('newstaff', 'Initial-pass-2026');
    const res = await post(cookie, '/api/auth/password', {
      currentPassword: 'Initial-pass-2026',
      newPassword: 'Better-secret-77',
    });
    expect(res.json().next).toBe('full');
    expect((await env.app.inject({ method: 'GET', url: '/api/persons', headers: { cookie } })).statusCode).toBe(200);
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode,
    ).toBe(401);
  });
});

describe('changing the password with a wrong current one', () => {
  beforeAll(async () => {
    await upsertUser(env.ctx.db, {
      username: 'guesser',
      displayName: '猜密码',
      role: 'village_manager',
      divisionCode: '330205005003',
      password: 'Right-pass-2026',
    });
  });

  it('locks the name after as many wrong guesses as sign-in allows, and sign-in is locked too', async () => {
    const { cookie } = await passwordLogin('guesser', 'Right-pass-2026');
    const max = env.ctx.config.loginMaxFailures;
    const statuses: number[] = [];
    for (let i = 0; i < max + 1; i++) {
      const res = await post(cookie, '/api/auth/password', {
        currentPassword: `Wrong-${i}-2026`,
        newPassword: 'New-pass-2026x',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(max - 1).fill(400), 429, 429]);
    const right = await post(cookie, '/api/auth/password', {
      currentPassword: 'Right-pass-2026',
      newPassword: 'New-pass-2026x',
    });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_LOCKED');
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'guesser', password: 'Right-pass-2026' },
    });
    expect(login.statusCode).toBe(429);
  });
});

describe('log out everywhere', () => {
  it('ends every session of the user', async () => {
    const a = await env.login('township');
    const b = await env.login('township');
    const res = await post(a, '/api/auth/logout-all');
    expect(res.json().ended).toBeGreaterThanOrEqual(2);
    expect((await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b } })).statusCode).toBe(401);
  });
});
