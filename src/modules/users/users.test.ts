/** The user admin API (issue 23 part 3): staff accounts within the administrator's jurisdiction, every action audited. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';

let env: TestEnv;
let admin = '';
let township = '';

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  township = await env.login('township');
});
afterAll(() => env.close());

const uniqueName = (stem: string) => `${stem}-${crypto.randomBytes(3).toString('hex')}`;

function post(cookie: string, url: string, payload?: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

/** A village manager of 梅堰社区 (inside both the county and 甬江街道), created by `cookie`'s administrator. */
async function newStaff(cookie = admin, extra: object = {}) {
  const username = uniqueName('staff');
  const res = await post(cookie, '/api/users', {
    username,
    displayName: '测试专管员',
    role: 'village_manager',
    divisionCode: '330205005003',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return { id: body.user.id as string, username, password: body.temporaryPassword as string | null };
}

function signIn(username: string, password: string) {
  return env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

async function auditActions(entityId: string) {
  return env.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'actor_username', 'details'])
    .where('entity', '=', 'app_user')
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
}

describe('creating accounts', () => {
  it('creates an account that must change its password at the first sign-in, and audits it', async () => {
    const staff = await newStaff();
    expect(staff.password).toMatch(/^\S{14}$/);
    const login = await signIn(staff.username, staff.password as string);
    expect(login.statusCode).toBe(200);
    expect(login.json().next).toBe('change_password');
    expect((await auditActions(staff.id)).map((r) => [r.action, r.actor_username])).toEqual([['user.create', 'admin']]);
  });

  it('takes a password the administrator chose and then shows none', async () => {
    const staff = await newStaff(admin, { password: 'Chosen-pass-2026' });
    expect(staff.password).toBeNull();
    expect((await signIn(staff.username, 'Chosen-pass-2026')).json().next).toBe('change_password');
  });

  it('answers 409 when the username is taken, and keeps the first account', async () => {
    const staff = await newStaff();
    const res = await post(admin, '/api/users', {
      username: staff.username,
      role: 'village_manager',
      divisionCode: '330205005003',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.issues[0]).toEqual({ path: 'username', message: '用户名：已被使用' });
    const rows = await env.ctx.db.selectFrom('app_user').select('id').where('username', '=', staff.username).execute();
    expect(rows.map((r) => r.id)).toEqual([staff.id]);
  });

  it('names each bad field in Chinese and creates nothing', async () => {
    const res = await post(admin, '/api/users', {
      username: '坏 名字',
      role: 'mayor',
      divisionCode: '1234',
      password: 'short',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(['username', 'role', 'divisionCode', 'password']);
    expect(res.json().error.issues[0].message).toMatch(/^用户名：/);
    expect(await env.ctx.db.selectFrom('app_user').select('id').where('username', '=', '坏 名字').execute()).toEqual(
      [],
    );
  });

  it('lets a township officer create staff only in the township and only below the county', async () => {
    const res = await post(township, '/api/users', {
      username: uniqueName('too-high'),
      role: 'county_admin',
      divisionCode: '330205003000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { message: string }) => i.message)).toEqual([
      '角色：您无权授予该角色',
      '所属区划：须在您的辖区内',
    ]);
    const ok = await newStaff(township);
    expect(ok.id).toBeTruthy();
  });
});

describe('listing accounts', () => {
  it('shows a township officer the staff of the township only, residents never', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: township } });
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((u: { division: { code: string } }) => u.division.code);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code.startsWith('330205005')).toBe(true);
    expect(res.json().items.some((u: { role: string }) => u.role === 'resident')).toBe(false);
    expect(res.json().grantableRoles).toEqual(['township_officer', 'village_manager', 'provider']);
  });

  it('marks the administrator’s own account as not manageable', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/users?q=admin', headers: { cookie: admin } });
    const self = res.json().items.find((u: { username: string }) => u.username === 'admin');
    expect(self.manageable).toBe(false);
  });
});

describe('acting on accounts', () => {
  it('resets a password: the old one stops working, the new one must be changed, sessions end', async () => {
    const staff = await newStaff(admin, { password: 'Chosen-pass-2026' });
    const session = String(
      (await signIn(staff.username, 'Chosen-pass-2026')).headers['set-cookie'] as string[] | string,
    ).split(';')[0] as string;
    const res = await post(admin, `/api/users/${staff.id}/password-reset`);
    expect(res.statusCode).toBe(200);
    const temporary = res.json().temporaryPassword as string;
    expect((await signIn(staff.username, 'Chosen-pass-2026')).statusCode).toBe(401);
    expect((await signIn(staff.username, temporary)).json().next).toBe('change_password');
    const me = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } });
    expect(me.statusCode).toBe(401);
    expect((await auditActions(staff.id)).map((r) => r.action)).toEqual(['user.create', 'user.password_reset']);
  });

  it('locks an account until it is unlocked, with the reason in the audit trail', async () => {
    const staff = await newStaff(admin, { password: 'Chosen-pass-2026' });
    expect((await post(admin, `/api/users/${staff.id}/lock`, { reason: '疑似账号外借' })).statusCode).toBe(200);
    const refused = await signIn(staff.username, 'Chosen-pass-2026');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('账户已被管理员锁定，请联系本单位管理员解锁');
    const unlocked = await post(admin, `/api/users/${staff.id}/unlock`);
    expect(unlocked.json().user.lockedAt).toBeNull();
    expect((await signIn(staff.username, 'Chosen-pass-2026')).statusCode).toBe(200);
    const lock = (await auditActions(staff.id)).find((r) => r.action === 'user.lock');
    expect(lock?.details).toMatchObject({ reason: '疑似账号外借' });
  });

  it('answers 409 to the second of two administrators locking the same account', async () => {
    const staff = await newStaff();
    const [a, b] = await Promise.all([
      post(admin, `/api/users/${staff.id}/lock`, { reason: '离岗' }),
      post(township, `/api/users/${staff.id}/lock`, { reason: '离岗' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await auditActions(staff.id)).filter((r) => r.action === 'user.lock')).toHaveLength(1);
  });

  it('unlocks an account the sign-in throttle locked after wrong passwords', async () => {
    const staff = await newStaff(admin, { password: 'Chosen-pass-2026' });
    for (let i = 0; i < env.ctx.config.loginMaxFailures; i++) await signIn(staff.username, 'Wrong-pass-2026');
    expect((await signIn(staff.username, 'Chosen-pass-2026')).statusCode).toBe(429);
    const listed = await env.app.inject({
      method: 'GET',
      url: `/api/users?q=${staff.username}`,
      headers: { cookie: admin },
    });
    expect(listed.json().items[0].throttledUntil).not.toBeNull();
    expect((await post(admin, `/api/users/${staff.id}/unlock`)).statusCode).toBe(200);
    expect((await signIn(staff.username, 'Chosen-pass-2026')).statusCode).toBe(200);
  });

  it('resets the second factor only with a reason, and the next sign-in enrols again', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/users?q=auditor', headers: { cookie: admin } });
    const auditor = res.json().items.find((u: { username: string }) => u.username === 'auditor');
    await env.login('auditor'); // enrols the authenticator
    const noReason = await post(admin, `/api/users/${auditor.id}/totp-reset`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('reason');
    const reset = await post(admin, `/api/users/${auditor.id}/totp-reset`, { reason: '手机丢失' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().user.totpEnrolled).toBe(false);
    const login = await signIn('auditor', 'Liudong-demo-2026');
    expect(login.json().next).toBe('enrol_totp');
    const row = (await auditActions(auditor.id)).find((r) => r.action === 'user.totp_reset');
    expect(row?.details).toMatchObject({ reason: '手机丢失' });
  });

  it('deactivates an account: sign-in is refused, a second deactivation is 409', async () => {
    const staff = await newStaff(admin, { password: 'Chosen-pass-2026' });
    expect((await post(admin, `/api/users/${staff.id}/deactivate`, { reason: '调离' })).statusCode).toBe(200);
    expect((await signIn(staff.username, 'Chosen-pass-2026')).statusCode).toBe(401);
    expect((await post(admin, `/api/users/${staff.id}/deactivate`, { reason: '调离' })).statusCode).toBe(409);
  });

  it('answers 404 for an account outside the township and 403 for one’s own account', async () => {
    const other = await newStaff(admin, { divisionCode: '330205003000' });
    expect((await post(township, `/api/users/${other.id}/lock`, { reason: '越权' })).statusCode).toBe(404);
    const me = (await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: township } })).json();
    expect((await post(township, `/api/users/${me.user.id}/lock`, { reason: '自己' })).statusCode).toBe(403);
    expect((await auditActions(other.id)).map((r) => r.action)).toEqual(['user.create']);
  });

  it('refuses a township officer acting on a county role in the township', async () => {
    const provider = await newStaff(admin, { role: 'dept_verifier', divisionCode: '330205005000' });
    const res = await post(township, `/api/users/${provider.id}/password-reset`);
    expect(res.statusCode).toBe(403);
  });
});
