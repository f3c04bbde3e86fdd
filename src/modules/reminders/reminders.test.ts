/** Issue 26 part 5: SMS reminders to residents who opted in, once per event, rate-limited, stoppable, logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { memorySms, residentSession } from '../../../test/support/portal.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { REMINDERS_PER_PHONE_PER_DAY, reminderText } from '../../core/reminders.ts';
import { reminderTick, sendReminders, stopRemindersByPhone } from './index.ts';

let env: TestEnv;
let village: string;
let township: string;
let township2: string;
let sms: ReturnType<typeof memorySms>;
let phones = 0;

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  sms = memorySms();
  village = await env.login('village');
  township = await env.login('township');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

/** A resident of 梅堰社区 with a phone of their own, signed in with the given reminder choice. */
async function resident(reminders = true, overrides: Record<string, unknown> = {}) {
  phones++;
  const phone = `1370000${String(phones).padStart(4, '0')}`;
  const idNumber = validIdNumber('341221', '1991-07-08');
  const res = await post(village, '/api/persons', personInput({ idNumber, phone, name: '提醒对象', ...overrides }));
  expect(res.statusCode, res.body).toBe(201);
  const cookie = await residentSession(env, sms, idNumber, { health: true, reminders });
  return { id: res.json().person.id as string, phone, cookie };
}

/** The reminders a phone received (the sign-in codes sent to it are left out). */
const toPhone = (phone: string) =>
  sms.sent.filter((m) => m.phone === phone && m.text.includes('回复TD')).map((m) => m.text);

/** A check-up whose next offer is due in three days: the check-up reminder's event. */
async function checkupDue(personId: string) {
  const res = await post(village, '/api/services', {
    personId,
    serviceKind: 'reproductive_checkup',
    status: 'done',
    serviceDate: addDays(today(), -1),
    nextDueOn: addDays(today(), 3),
    consent: true,
    payer: 'public_health_funds',
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function bookingTomorrow(cookie: string) {
  const slot = await post(village, '/api/service-slots', {
    kind: 'health_education',
    facility: '梅堰社区活动室',
    startsAt: `${addDays(today(), 1)}T10:00:00+08:00`,
    capacity: 50,
  });
  expect(slot.statusCode, slot.body).toBe(201);
  const booking = await post(cookie, '/api/portal/bookings', { slotId: slot.json().slot.id });
  expect(booking.statusCode, booking.body).toBe(201);
}

async function complaintAnswered(cookie: string) {
  const filed = await post(cookie, '/api/portal/complaints', {
    type: 'consultation',
    category: 'policy',
    subject: '咨询办证',
    body: '请问婚育证明怎么办理？',
  });
  expect(filed.statusCode, filed.body).toBe(201);
  const replied = await post(township, `/api/complaints/${filed.json().complaint.id}/reply`, {
    reply: '可在居民服务平台申请。',
  });
  expect(replied.statusCode, replied.body).toBe(200);
}

async function birthNeedsInfo(cookie: string) {
  const application = { placeBasis: 'residence', childOrder: 1, childBornOn: addDays(today(), -30), childSex: 'M' };
  const filed = await post(cookie, '/api/portal/birth-registrations', { ...application, pledge: true });
  expect(filed.statusCode, filed.body).toBe(201);
  const asked = await post(township, `/api/birth-registrations/${filed.json().registration.id}/transitions`, {
    action: 'request_info',
    message: '请补充出生医学证明',
  });
  expect(asked.statusCode, asked.body).toBe(200);
}

async function logOf(personId: string) {
  return env.ctx.db
    .selectFrom('reminder_log')
    .select(['kind', 'outcome', 'text'])
    .where('person_id', '=', personId)
    .orderBy('at')
    .execute();
}

describe('reminders by kind', () => {
  it('reminds of a check-up coming due, once, in plain words with no detail', async () => {
    const r = await resident();
    await checkupDue(r.id);
    await sendReminders(env.ctx);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('checkup_due')]);
    expect(toPhone(r.phone)[0]).not.toMatch(/提醒对象|生殖|检查结果/);
    expect(await logOf(r.id)).toMatchObject([{ kind: 'checkup_due', outcome: 'sent' }]);
  });

  it('reminds of a certificate expiring within 30 days', async () => {
    const r = await resident(true, { hukouDivision: '330205005003', residenceDivision: '310101002000' });
    const issued = await post(township, '/api/certificates', { personId: r.id, kind: 'standard', validMonths: 1 });
    expect(issued.statusCode, issued.body).toBe(201);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('certificate_expiring')]);
  });

  it('reminds of a booking tomorrow with its time and no place', async () => {
    const r = await resident();
    await bookingTomorrow(r.cookie);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('booking_tomorrow', '10:00')]);
    expect(toPhone(r.phone)[0]).not.toContain('梅堰');
  });

  it('tells the resident a complaint was answered', async () => {
    const r = await resident();
    await complaintAnswered(r.cookie);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('complaint_answered')]);
  });

  it('tells the resident a birth registration needs information, without saying what it is', async () => {
    const r = await resident();
    await birthNeedsInfo(r.cookie);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('birth_needs_info')]);
    expect(toPhone(r.phone)[0]).not.toMatch(/生育|出生/);
  });
});

describe('consent, limits and stopping', () => {
  it('sends nothing to a resident who did not opt in', async () => {
    const r = await resident(false);
    await checkupDue(r.id);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([]);
    expect(await logOf(r.id)).toEqual([]);
  });

  it(`sends at most ${REMINDERS_PER_PHONE_PER_DAY} a day to one phone and logs the rest as rate-limited`, async () => {
    const r = await resident();
    await checkupDue(r.id);
    await bookingTomorrow(r.cookie);
    await complaintAnswered(r.cookie);
    await birthNeedsInfo(r.cookie);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toHaveLength(REMINDERS_PER_PHONE_PER_DAY);
    const outcomes = (await logOf(r.id)).map((l) => l.outcome).sort();
    expect(outcomes).toEqual(['rate_limited', 'sent', 'sent', 'sent']);
  });

  it('stops when the resident switches reminders off in the portal', async () => {
    const r = await resident();
    const off = await post(r.cookie, '/api/portal/consent', { terms: true, health: true, reminders: false });
    expect(off.json().consent).toEqual({ terms: true, health: true, reminders: false });
    await checkupDue(r.id);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([]);
  });

  it('stops on a TD reply from the phone a reminder went to, and audits it', async () => {
    const r = await resident();
    await checkupDue(r.id);
    await sendReminders(env.ctx);
    expect(await stopRemindersByPhone(env.ctx, r.phone)).toEqual({ stopped: 1 });
    await complaintAnswered(r.cookie);
    await sendReminders(env.ctx);
    expect(toPhone(r.phone)).toEqual([reminderText('checkup_due')]);
    const me = await env.app.inject({ method: 'GET', url: '/api/portal/me', headers: { cookie: r.cookie } });
    expect(me.json().consent.reminders).toBe(false);
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'reminders.stop')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('sends nothing at night', async () => {
    expect(await reminderTick(env.ctx, new Date('2026-12-08T15:00:00Z'))).toBeNull();
  });
});

describe('what was sent, in the console', () => {
  it('lists the reminders of the area with the person, filtered by kind, and none of another township', async () => {
    const r = await resident();
    await checkupDue(r.id);
    await sendReminders(env.ctx);
    const list = await env.app.inject({
      method: 'GET',
      url: '/api/reminders?kind=checkup_due',
      headers: { cookie: township },
    });
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().items.find((i: { person: { id: string } }) => i.person.id === r.id);
    expect(row).toMatchObject({ kind: 'checkup_due', outcome: 'sent', text: reminderText('checkup_due') });
    expect(list.json().items.every((i: { kind: string }) => i.kind === 'checkup_due')).toBe(true);
    const other = await env.app.inject({ method: 'GET', url: '/api/reminders', headers: { cookie: township2 } });
    expect(other.json().items.map((i: { person: { id: string } }) => i.person.id)).not.toContain(r.id);
  });
});
