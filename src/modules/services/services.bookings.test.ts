/** Issue 26 part 2: a portal booking reaches the provider's facility, which marks attendance and serves it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { memorySms, residentSession } from '../../../test/support/portal.ts';
import { today } from '../../core/china-time.ts';

const CENTRE = '甬江街道社区卫生服务中心';
let env: TestEnv;
let village: string;
let provider: string;
let sms: ReturnType<typeof memorySms>;

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  sms = memorySms();
  village = await env.login('village');
  provider = await env.login('provider');
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}
function get(cookie: string, url: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}

/** A registered resident who booked a slot published at `facility`; the booking and the resident's session. */
async function booked(facility = CENTRE) {
  const idNumber = validIdNumber('341221', '1993-05-06');
  const created = await post(village, '/api/persons', personInput({ idNumber, name: '预约人' }));
  expect(created.statusCode, created.body).toBe(201);
  const slot = await post(village, '/api/service-slots', {
    kind: 'reproductive_checkup',
    facility,
    startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    capacity: 5,
  });
  expect(slot.statusCode, slot.body).toBe(201);
  const resident = await residentSession(env, sms, idNumber);
  const booking = await post(resident, '/api/portal/bookings', { slotId: slot.json().slot.id });
  expect(booking.statusCode, booking.body).toBe(201);
  return {
    personId: created.json().person.id as string,
    bookingId: booking.json().booking.id as string,
    slotId: slot.json().slot.id as string,
    resident,
  };
}

/** Moves a slot to earlier today, as on the day of the appointment. */
async function slotIsToday(slotId: string) {
  await env.ctx.db
    .updateTable('service_slot')
    .set({ starts_at: new Date(`${today()}T00:00:01+08:00`) })
    .where('id', '=', slotId)
    .execute();
}

const checkupAgainst = (personId: string, bookingId: string) => ({
  personId,
  bookingId,
  serviceKind: 'reproductive_checkup',
  status: 'done',
  serviceDate: today(),
  consent: true,
  payer: 'public_health_funds',
  outcome: { result: 'normal' },
});

describe('a booking reaches the provider', () => {
  it('lists who booked the facility’s slots with a masked ID number, and audits the look', async () => {
    const b = await booked();
    const res = await get(provider, '/api/facility/bookings');
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().items.find((i: { id: string }) => i.id === b.bookingId);
    expect(row.person).toMatchObject({ id: b.personId, name: '预约人' });
    expect(row.person.idNumberMasked).toMatch(/\*{4}/);
    expect(row).toMatchObject({ status: 'booked', attendance: null, serviceId: null });
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'service.booking_list')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('gives the provider the booked person, and not a person who booked elsewhere', async () => {
    const here = await booked();
    const elsewhere = await booked('梅堰社区活动室');
    expect((await get(provider, `/api/facility/clients/${here.personId}`)).statusCode).toBe(200);
    expect((await get(provider, `/api/facility/clients/${elsewhere.personId}`)).statusCode).toBe(404);
    const list = (await get(provider, '/api/facility/bookings')).json().items.map((i: { id: string }) => i.id);
    expect(list).not.toContain(elsewhere.bookingId);
  });

  it('records the service against the booking, which marks it attended, and the resident sees it', async () => {
    const b = await booked();
    await slotIsToday(b.slotId);
    const res = await post(provider, '/api/services', checkupAgainst(b.personId, b.bookingId));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service.bookingId).toBe(b.bookingId);
    const listed = (await get(provider, '/api/facility/bookings')).json().items;
    expect(listed.find((i: { id: string }) => i.id === b.bookingId)).toMatchObject({
      attendance: 'attended',
      serviceId: res.json().service.id,
    });
    const mine = (await get(b.resident, '/api/portal/services')).json();
    expect(mine.bookings.find((x: { id: string }) => x.id === b.bookingId)).toMatchObject({
      attendance: 'attended',
      service: { kind: 'reproductive_checkup', status: 'done', date: today() },
    });
  });

  it('refuses a second service against the same booking, naming the booking', async () => {
    const b = await booked();
    expect((await post(provider, '/api/services', checkupAgainst(b.personId, b.bookingId))).statusCode).toBe(201);
    const again = await post(provider, '/api/services', checkupAgainst(b.personId, b.bookingId));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.issues[0].path).toBe('bookingId');
  });

  it('marks a no-show on the day, and the resident sees it', async () => {
    const b = await booked();
    await slotIsToday(b.slotId);
    const res = await post(provider, `/api/facility/bookings/${b.bookingId}/attendance`, { attendance: 'no_show' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().booking.attendance).toBe('no_show');
    const mine = (await get(b.resident, '/api/portal/services')).json();
    expect(mine.bookings.find((x: { id: string }) => x.id === b.bookingId)).toMatchObject({
      attendance: 'no_show',
      service: null,
    });
  });

  it('refuses attendance before the day of the slot, and changes nothing', async () => {
    const b = await booked();
    const res = await post(provider, `/api/facility/bookings/${b.bookingId}/attendance`, { attendance: 'no_show' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('attendance');
    const row = await env.ctx.db
      .selectFrom('service_booking')
      .select('attendance')
      .where('id', '=', b.bookingId)
      .executeTakeFirstOrThrow();
    expect(row.attendance).toBeNull();
  });

  it('answers 404 for a booking at another facility', async () => {
    const b = await booked('梅堰社区活动室');
    await slotIsToday(b.slotId);
    const res = await post(provider, `/api/facility/bookings/${b.bookingId}/attendance`, { attendance: 'attended' });
    expect(res.statusCode).toBe(404);
  });
});
