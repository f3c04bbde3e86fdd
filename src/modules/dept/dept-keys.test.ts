/** The department-key admin API (issue 23 part 3): create (shown once), list with last use, revoke. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';

let env: TestEnv;
let admin = '';

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

function post(url: string, payload?: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });
}

async function listed(id: string) {
  const res = await env.app.inject({ method: 'GET', url: '/api/dept-keys', headers: { cookie: admin } });
  expect(res.statusCode).toBe(200);
  return res.json().items.find((k: { id: string }) => k.id === id);
}

const checkStatus = (key: string) =>
  env.app.inject({
    method: 'GET',
    url: '/api/dept/certificate-status?idNumber=341221199001011231',
    headers: { 'x-api-key': key },
  });

describe('department keys', () => {
  it('shows the key once; the list has its prefix, never the key', async () => {
    const res = await post('/api/dept-keys', { department: '江北区民政局', divisionCode: '330205' });
    expect(res.statusCode).toBe(201);
    const { key, secret } = res.json();
    expect(secret).toMatch(/^ldk_/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    const list = await env.app.inject({ method: 'GET', url: '/api/dept-keys', headers: { cookie: admin } });
    expect(list.body).not.toContain(secret);
    expect((await listed(key.id)).division.code).toBe('330205000000');
  });

  it('records when a key was last used', async () => {
    const { key, secret } = (
      await post('/api/dept-keys', { department: '江北区人社局', divisionCode: '330205' })
    ).json();
    expect((await listed(key.id)).lastUsedAt).toBeNull();
    expect((await checkStatus(secret)).statusCode).toBe(200);
    expect((await listed(key.id)).lastUsedAt).not.toBeNull();
  });

  it("writes a key's last use at most once a minute", async () => {
    const { key, secret } = (
      await post('/api/dept-keys', { department: '江北区教育局', divisionCode: '330205' })
    ).json();
    expect((await checkStatus(secret)).statusCode).toBe(200);
    const first = (await listed(key.id)).lastUsedAt;
    expect((await checkStatus(secret)).statusCode).toBe(200);
    expect((await listed(key.id)).lastUsedAt).toBe(first);
  });

  it('revokes a key: it stops working, the second revocation is 409, both audited once', async () => {
    const { key, secret } = (
      await post('/api/dept-keys', { department: '江北区住建局', divisionCode: '330205' })
    ).json();
    const revoked = await post(`/api/dept-keys/${key.id}/revoke`, { reason: '部门更换系统' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().key.revokedAt).not.toBeNull();
    expect((await checkStatus(secret)).statusCode).toBe(401);
    expect((await post(`/api/dept-keys/${key.id}/revoke`)).statusCode).toBe(409);
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'dept_api_key')
      .where('entity_id', '=', key.id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['dept_key.create', 'dept_key.revoke']);
  });

  it('refuses an area outside the county, naming the field, and creates nothing', async () => {
    const before = await env.ctx.db.selectFrom('dept_api_key').select('id').execute();
    const res = await post('/api/dept-keys', { department: '外县公安局', divisionCode: '341221' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ path: 'divisionCode', message: '查询范围：须在您的辖区内' }]);
    expect(await env.ctx.db.selectFrom('dept_api_key').select('id').execute()).toHaveLength(before.length);
  });

  it('requires the department name', async () => {
    const res = await post('/api/dept-keys', { department: '', divisionCode: '330205' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('department');
    expect(res.json().error.issues[0].message).toMatch(/^部门名称：/);
  });
});
