import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { MemorySmsSender, setSmsSender } from './sms.ts';

let env: TestEnv;
let village: string;
const sms = new MemorySmsSender();

interface Access {
  action: string;
  self: boolean;
  who: { zh: string; en: string };
  what: { zh: string; en: string };
}

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
});
afterAll(() => env.close());

const get = (url: string, cookie: string) => env.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (url: string, payload: object, cookie?: string) =>
  env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });

/** A newly registered resident, signed in to the portal with consent given. */
async function resident(): Promise<{ id: string; cookie: string }> {
  const input = personInput({ idNumber: validIdNumber() });
  const created = await post('/api/persons', input, village);
  expect(created.statusCode, created.body).toBe(201);
  const idNumber = input.idNumber as string;
  await post('/api/portal/auth/code', { idNumber });
  const cookie = cookieOf(await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() }));
  expect((await post('/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
  return { id: created.json().person.id, cookie };
}

async function accessLog(cookie: string): Promise<Access[]> {
  const res = await get('/api/portal/access-log', cookie);
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('portal 谁看过', () => {
  it('leaves out a staff list of complaints that merely included the resident', async () => {
    const { cookie } = await resident();
    const filed = await post(
      '/api/portal/complaints',
      { type: 'consultation', category: 'other', subject: '咨询证明办理', body: '请问婚育证明要带什么材料' },
      cookie,
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const list = await get('/api/complaints', village);
    expect(list.statusCode).toBe(200);
    const log = await accessLog(cookie);
    expect(log.map((r) => r.action)).not.toContain('complaint.list');
    expect(log.map((r) => r.what.zh)).not.toContain('处理了您的咨询投诉');
  });

  it('leaves out a registry list the resident appeared in', async () => {
    const { cookie } = await resident();
    expect((await get('/api/persons?pageSize=50', village)).statusCode).toBe(200);
    expect((await accessLog(cookie)).map((r) => r.action)).not.toContain('person.list');
  });

  it('shows a staff opening of the record with the office, the role and what was done', async () => {
    const { id, cookie } = await resident();
    expect((await get(`/api/persons/${id}`, village)).statusCode).toBe(200);
    const read = (await accessLog(cookie)).find((r) => r.action === 'person.read');
    expect(read?.who.zh).toMatch(/梅堰社区 村（居）专职管理员$/);
    expect(read?.what.zh).toBe('查看了您的登记信息');
    expect(read?.self).toBe(false);
  });

  it('names every actor, the resident as 您本人 and background work as a process, never blank', async () => {
    const { cookie } = await resident();
    const log = await accessLog(cookie);
    expect(log.length).toBeGreaterThan(0);
    for (const r of log) {
      expect(r.who.zh.trim()).not.toBe('');
      expect(r.who.en.trim()).not.toBe('');
    }
    expect(log.find((r) => r.action === 'portal.login')?.who.zh).toBe('您本人');
    // The sign-in code was asked for before anyone was signed in: the portal, not a blank name.
    expect(log.find((r) => r.action === 'portal.code_request')?.who.zh).toBe('服务平台');
  });
});
