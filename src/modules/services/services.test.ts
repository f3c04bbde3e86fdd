import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import { addDays, addMonths } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';

let env: TestEnv;
let village: string;
let township2: string;
let provider: string;
let providerFacility: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
  provider = await env.login('provider');
  const facilities = await env.app.inject({ method: 'GET', url: '/api/facilities', headers: { cookie: village } });
  providerFacility = facilities.json().items.find((f: { name: string }) => f.name === '甬江街道社区卫生服务中心').id;
});
afterAll(() => env.close());

// Dates relative to today, so the work-list windows (a year back) keep holding them whenever the suite runs.
const SERVED = addDays(today(), -9);

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}
function get(cookie: string, url: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie } });
}

async function newPerson(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await post(village, '/api/persons', personInput(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

const checkup = (personId: string, overrides: object = {}) => ({
  personId,
  serviceKind: 'reproductive_checkup',
  status: 'done',
  serviceDate: SERVED,
  consent: true,
  payer: 'public_health_funds',
  outcome: { result: 'normal' },
  ...overrides,
});

async function serviceCount(personId: string): Promise<number> {
  return (await env.ctx.db.selectFrom('service_record').select('id').where('person_id', '=', personId).execute())
    .length;
}

describe('recording services', () => {
  it('records a check-up with its facility, consent and a next due date six months on', async () => {
    const person = await newPerson();
    const res = await post(village, '/api/services', checkup(person, { facilityId: providerFacility }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service).toMatchObject({
      status: 'done',
      consent: true,
      payer: 'public_health_funds',
      nextDueOn: addMonths(SERVED, 6),
      facilityId: providerFacility,
    });
  });

  it('records a declined offer, which needs no consent', async () => {
    const person = await newPerson();
    const res = await post(
      village,
      '/api/services',
      checkup(person, { status: 'declined', consent: false, outcome: {} }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service.status).toBe('declined');
  });

  it('refuses a service dated in the future, naming the field, and writes nothing', async () => {
    const person = await newPerson();
    const res = await post(village, '/api/services', checkup(person, { serviceDate: '2999-01-01' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { path: string }) => i.path)).toContain('serviceDate');
    expect(await serviceCount(person)).toBe(0);
  });

  it('refuses a service dated before the person was born', async () => {
    const person = await newPerson();
    const res = await post(village, '/api/services', checkup(person, { serviceDate: '1980-01-01' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('serviceDate');
    expect(await serviceCount(person)).toBe(0);
  });

  it('refuses a service given without consent', async () => {
    const person = await newPerson();
    const res = await post(village, '/api/services', checkup(person, { consent: false }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('consent');
  });

  it('keeps the contraceptive answer for counselling only', async () => {
    const person = await newPerson();
    const bad = await post(village, '/api/services', checkup(person, { contraceptiveInUse: true }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('contraceptiveInUse');
    const ok = await post(village, '/api/services', {
      personId: person,
      serviceKind: 'contraceptive_counselling',
      status: 'done',
      serviceDate: addDays(today(), -8),
      consent: true,
      payer: 'public_health_funds',
      contraceptiveInUse: true,
      outcome: { methodDiscussed: 'condom' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().service.contraceptiveInUse).toBe(true);
  });

  it('answers 404 for a person outside the scope', async () => {
    const person = await newPerson();
    const res = await post(township2, '/api/services', checkup(person));
    expect(res.statusCode).toBe(404);
    expect(await serviceCount(person)).toBe(0);
  });
});

describe('provider access', () => {
  it('sees nobody who was not referred to or served by the facility', async () => {
    const person = await newPerson();
    expect((await get(provider, `/api/facility/clients/${person}`)).statusCode).toBe(404);
    expect((await post(provider, '/api/services', checkup(person))).statusCode).toBe(404);
  });

  it('sees a referred person with only the fields a service needs, and records a service there', async () => {
    const person = await newPerson({ name: '转介人', residenceAddress: '梅堰路1号' });
    const referral = await post(village, '/api/referrals', {
      personId: person,
      facilityId: providerFacility,
      serviceKind: 'reproductive_checkup',
    });
    expect(referral.statusCode, referral.body).toBe(201);
    const client = await get(provider, `/api/facility/clients/${person}`);
    expect(client.statusCode).toBe(200);
    expect(Object.keys(client.json().person).sort()).toEqual(['birthDate', 'id', 'idNumberMasked', 'name', 'sex']);
    expect(client.body).not.toContain('梅堰路');
    expect(client.body).not.toContain('13800001111');
    const res = await post(provider, '/api/services', checkup(person));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service.facilityId).toBe(providerFacility);
    const list = await get(provider, '/api/facility/clients');
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(person);
  });

  it('may not read the person record itself', async () => {
    const res = await get(provider, '/api/persons?pageSize=1');
    expect(res.statusCode).toBe(403);
  });
});

describe('work lists and timeline', () => {
  it('marks the first check-up offer done once a check-up is recorded', async () => {
    const arrived = `${today().slice(0, 8)}01`;
    const person = await newPerson({ arrivedOn: arrived });
    const items = async () =>
      (await get(village, '/api/worklists/items?kind=first_checkup&pageSize=200')).json().items as {
        personId: string;
        status: string;
      }[];
    expect((await items()).find((i) => i.personId === person)?.status).not.toBe('done');
    await post(
      village,
      '/api/services',
      checkup(person, { serviceDate: today(), status: 'declined', consent: false, outcome: {} }),
    );
    expect((await items()).find((i) => i.personId === person)?.status).toBe('done');
  });

  it('lists a counselling follow-up that has come due', async () => {
    const person = await newPerson();
    await post(village, '/api/services', {
      personId: person,
      serviceKind: 'mental_health_counselling',
      status: 'done',
      serviceDate: addDays(today(), -59),
      consent: true,
      payer: 'public_health_funds',
      nextDueOn: addDays(today(), -28),
      outcome: { casePlan: '每月随访' },
    });
    const res = await get(village, '/api/worklists/items?kind=service_follow_up&pageSize=200');
    const item = res.json().items.find((i: { personId: string }) => i.personId === person);
    expect(item).toMatchObject({ status: 'overdue', serviceKind: 'mental_health_counselling' });
  });

  it('shows services on the person timeline', async () => {
    const person = await newPerson();
    await post(village, '/api/services', checkup(person));
    const res = await get(village, `/api/persons/${person}/timeline`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ type: 'service', date: SERVED });
  });
});
