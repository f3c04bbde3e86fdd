/** Issue 21 parts 4 and 6 in the portal: a second booking of one service is not made silently; refusals show why. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { MemorySmsSender, setSmsSender } from './sms.ts';

let env: TestEnv;
let village: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
});
afterAll(() => env.close());

function post(url: string, payload: object, cookie: string) {
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie } });
}
function get(url: string, cookie: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}

async function resident(): Promise<{ id: string; cookie: string }> {
  const idNumber = validIdNumber();
  const res = await post('/api/persons', personInput({ idNumber }), village);
  expect(res.statusCode, res.body).toBe(201);
  await env.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { idNumber } });
  const signed = await env.app.inject({
    method: 'POST',
    url: '/api/portal/auth/verify',
    payload: { idNumber, code: sms.lastCode() },
  });
  const cookie = cookieOf(signed);
  expect((await post('/api/portal/consent', { terms: true, health: true }, cookie)).statusCode).toBe(200);
  return { id: res.json().person.id, cookie };
}

let hours = 24;
async function slot(kind = 'reproductive_checkup'): Promise<string> {
  hours += 1;
  const res = await post(
    '/api/service-slots',
    {
      kind,
      facility: '甬江街道社区卫生服务中心',
      startsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      capacity: 5,
    },
    village,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slot.id;
}

async function booked(personId: string) {
  return env.ctx.db
    .selectFrom('service_booking')
    .select(['slot_id', 'status'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

describe('booking a service already booked', () => {
  it('answers 409 BOOKING_EXISTS naming the earlier booking, and books nothing', async () => {
    const r = await resident();
    const first = await slot();
    const second = await slot();
    expect((await post('/api/portal/bookings', { slotId: first }, r.cookie)).statusCode).toBe(201);
    const res = await post('/api/portal/bookings', { slotId: second }, r.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BOOKING_EXISTS');
    expect(res.json().error.message).toContain('甬江街道社区卫生服务中心');
    expect(await booked(r.id)).toEqual([{ slot_id: first, status: 'booked' }]);
  });

  it('confirmed, cancels the earlier booking and makes the new one', async () => {
    const r = await resident();
    const first = await slot();
    const second = await slot();
    await post('/api/portal/bookings', { slotId: first }, r.cookie);
    const res = await post('/api/portal/bookings', { slotId: second, replace: true }, r.cookie);
    expect(res.statusCode, res.body).toBe(201);
    expect(await booked(r.id)).toEqual([
      { slot_id: first, status: 'cancelled' },
      { slot_id: second, status: 'booked' },
    ]);
  });

  it('books another kind of service without asking', async () => {
    const r = await resident();
    await post('/api/portal/bookings', { slotId: await slot() }, r.cookie);
    const res = await post('/api/portal/bookings', { slotId: await slot('prenatal_care') }, r.cookie);
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('refusing a contact change', () => {
  it('needs a reason, and the resident sees it', async () => {
    const r = await resident();
    const asked = await post('/api/portal/contact-changes', { phone: '13912340000' }, r.cookie);
    expect(asked.statusCode, asked.body).toBe(201);
    const url = `/api/contact-changes/${asked.json().change.id}/decide`;
    const bare = await post(url, { decision: 'reject' }, village);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues[0].path).toBe('note');
    const refused = await post(url, { decision: 'reject', note: '电话号码与本人不符' }, village);
    expect(refused.statusCode, refused.body).toBe(200);
    const mine = (await get('/api/portal/me', r.cookie)).json().contactChanges;
    expect(JSON.stringify(mine)).toContain('电话号码与本人不符');
  });
});
