import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { MemorySmsSender, setSmsSender } from './sms.ts';

let env: TestEnv;
let village: string;
let township: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
  township = await env.login('township');
});
afterAll(() => env.close());

function post(url: string, payload: object, cookie?: string) {
  return env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
}
function get(url: string, cookie: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}

async function resident(): Promise<{ id: string; cookie: string }> {
  const idNumber = validIdNumber('341221', '1996-02-03', 'F');
  const res = await post('/api/persons', personInput({ idNumber }), village);
  expect(res.statusCode, res.body).toBe(201);
  expect((await post('/api/portal/auth/code', { idNumber })).statusCode).toBe(202);
  const signed = await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() });
  expect(signed.statusCode, signed.body).toBe(200);
  const cookie = cookieOf(signed);
  expect((await post('/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
  return { id: res.json().person.id, cookie };
}

const application = { placeBasis: 'residence', childOrder: 1, childBornOn: '2026-11-02', childSex: 'M', pledge: true };

describe('birth registration in the resident portal', () => {
  it('submits an online registration with the pledge for the resident themself', async () => {
    const r = await resident();
    const res = await post('/api/portal/birth-registrations', application, r.cookie);
    expect(res.statusCode, res.body).toBe(201);
    const row = await env.ctx.db
      .selectFrom('birth_registration')
      .selectAll()
      .where('id', '=', res.json().registration.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: r.id, channel: 'online', pledge: true, status: 'submitted' });
  });

  it('lists the registration with its status, and the QR only once it is registered', async () => {
    const r = await resident();
    const id = (await post('/api/portal/birth-registrations', application, r.cookie)).json().registration.id;
    const before = (await get('/api/portal/birth-registrations', r.cookie)).json().items;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ id, status: 'submitted', qrDataUrl: null });
    const reg = await post(`/api/birth-registrations/${id}/transitions`, { action: 'register' }, township);
    expect(reg.statusCode, reg.body).toBe(200);
    const after = (await get('/api/portal/birth-registrations', r.cookie)).json().items;
    expect(after[0].status).toBe('registered');
    expect(after[0].number).toMatch(/^\S+$/);
    expect(after[0].qrDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses a spouse application when no spouse is on record, naming the field', async () => {
    const r = await resident();
    const res = await post('/api/portal/birth-registrations', { ...application, applicant: 'spouse' }, r.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('applicant');
  });

  it('refuses a person id in the body: the person comes from the session', async () => {
    const r = await resident();
    const other = await resident();
    const res = await post('/api/portal/birth-registrations', { ...application, personId: other.id }, r.cookie);
    expect(res.statusCode).toBe(400);
    expect((await get('/api/portal/birth-registrations', other.cookie)).json().items).toHaveLength(0);
  });

  it('refuses a registration without a birth date or expected date', async () => {
    const r = await resident();
    const { childBornOn: _, ...noDate } = application;
    const res = await post('/api/portal/birth-registrations', noDate, r.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('childBornOn');
  });
});
