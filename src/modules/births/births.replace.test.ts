/**
 * Issue 21 part 4: withdrawing a birth registration carries a reason the applicant sees, and a second
 * registration for the same person is not filed silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { MemorySmsSender, setSmsSender } from '../portal/index.ts';

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

function post(url: string, payload: object, cookie: string) {
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie } });
}

let births = 0;
async function mother(): Promise<{ id: string; idNumber: string }> {
  births += 1;
  const idNumber = validIdNumber('341221', `1995-03-${String((births % 28) + 1).padStart(2, '0')}`, 'F');
  const res = await post('/api/persons', personInput({ idNumber }), village);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().person.id, idNumber };
}

const application = (personId: string, extra: object = {}) => ({
  personId,
  placeBasis: 'residence',
  childOrder: 1,
  childBornOn: '2026-11-01',
  childSex: 'F',
  ...extra,
});

async function submitted(personId: string): Promise<{ id: string; number: string }> {
  const res = await post('/api/birth-registrations', application(personId), village);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().registration;
}

async function registration(id: string) {
  return env.ctx.db.selectFrom('birth_registration').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function registrationsOf(personId: string) {
  return env.ctx.db
    .selectFrom('birth_registration')
    .select(['id', 'status'])
    .where('person_id', '=', personId)
    .execute();
}

describe('withdrawing a birth registration', () => {
  it('is refused without a reason, naming the field, and changes nothing', async () => {
    const m = await mother();
    const reg = await submitted(m.id);
    const res = await post(`/api/birth-registrations/${reg.id}/transitions`, { action: 'withdraw' }, village);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('reason');
    expect(res.json().error.issues[0].message).toContain('原因');
    expect((await registration(reg.id)).status).toBe('submitted');
  });

  it('keeps the reason on the registration and its event, and audits it', async () => {
    const m = await mother();
    const reg = await submitted(m.id);
    const res = await post(
      `/api/birth-registrations/${reg.id}/transitions`,
      { action: 'withdraw', reason: '申请人已回户籍地办理' },
      village,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(await registration(reg.id)).toMatchObject({ status: 'withdrawn', message: '申请人已回户籍地办理' });
    const event = await env.ctx.db
      .selectFrom('birth_registration_event')
      .select(['action', 'message'])
      .where('registration_id', '=', reg.id)
      .where('action', '=', 'withdraw')
      .executeTakeFirstOrThrow();
    expect(event.message).toBe('申请人已回户籍地办理');
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'birth_registration.withdraw')
      .where('entity_id', '=', reg.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: '申请人已回户籍地办理' });
  });

  it('shows the reason to the applicant in the portal', async () => {
    const m = await mother();
    const reg = await submitted(m.id);
    await post(`/api/birth-registrations/${reg.id}/transitions`, { action: 'withdraw', reason: '重复提交' }, village);
    await env.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { idNumber: m.idNumber } });
    const signed = await env.app.inject({
      method: 'POST',
      url: '/api/portal/auth/verify',
      payload: { idNumber: m.idNumber, code: sms.lastCode() },
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const cookie = cookieOf(signed);
    await post('/api/portal/consent', { terms: true, health: true }, cookie);
    const mine = await env.app.inject({ method: 'GET', url: '/api/portal/birth-registrations', headers: { cookie } });
    expect(mine.json().items[0]).toMatchObject({ id: reg.id, status: 'withdrawn', message: '重复提交' });
  });
});

describe('a second registration for the same person', () => {
  it('is answered 409 naming the open registration, and nothing is filed', async () => {
    const m = await mother();
    const first = await submitted(m.id);
    const res = await post('/api/birth-registrations', application(m.id), village);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BIRTH_REGISTRATION_EXISTS');
    expect(res.json().error.message).toContain(first.number);
    expect(await registrationsOf(m.id)).toEqual([{ id: first.id, status: 'submitted' }]);
  });

  it('confirmed without a reason is refused, naming the field', async () => {
    const m = await mother();
    await submitted(m.id);
    const res = await post('/api/birth-registrations', application(m.id, { replace: true }), village);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('reason');
    expect(await registrationsOf(m.id)).toHaveLength(1);
  });

  it('confirmed with a reason withdraws the open one with that reason and files the new one', async () => {
    const m = await mother();
    const first = await submitted(m.id);
    const res = await post(
      '/api/birth-registrations',
      application(m.id, { replace: true, reason: '原登记子女出生日期填错' }),
      village,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(await registration(first.id)).toMatchObject({ status: 'withdrawn', message: '原登记子女出生日期填错' });
    expect((await registration(res.json().registration.id)).status).toBe('submitted');
  });

  it('for a child already registered is answered 409; the next child is filed', async () => {
    const m = await mother();
    const first = await submitted(m.id);
    expect(
      (await post(`/api/birth-registrations/${first.id}/transitions`, { action: 'register' }, township)).statusCode,
    ).toBe(200);
    const again = await post('/api/birth-registrations', application(m.id), village);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('BIRTH_REGISTRATION_EXISTS');
    // A twin of the other sex: the same birth date, another child (issue 26 part 7 refuses the same date and sex).
    const next = await post('/api/birth-registrations', application(m.id, { childOrder: 2, childSex: 'M' }), village);
    expect(next.statusCode, next.body).toBe(201);
    expect((await registration(first.id)).status).toBe('registered');
  });

  it('from the portal is answered 409 the same way', async () => {
    const m = await mother();
    await submitted(m.id);
    await env.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { idNumber: m.idNumber } });
    const signed = await env.app.inject({
      method: 'POST',
      url: '/api/portal/auth/verify',
      payload: { idNumber: m.idNumber, code: sms.lastCode() },
    });
    const cookie = cookieOf(signed);
    await post('/api/portal/consent', { terms: true, health: true }, cookie);
    const res = await post(
      '/api/portal/birth-registrations',
      { placeBasis: 'residence', childOrder: 1, childBornOn: '2026-11-01', pledge: true },
      cookie,
    );
    expect(res.statusCode).toBe(409);
    expect(await registrationsOf(m.id)).toHaveLength(1);
  });
});
