/** Residence-permit registrations from public security, and the office's confirmation (issue 26 part 6). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { ORIGIN_COUNTY, personInput, VILLAGE, validIdNumber } from '../../../test/support/fixtures.ts';
import { createDeptKey } from '../dept/index.ts';

let env: TestEnv;
let key = '';
let village = '';
let township = '';
const ADDRESS = '浙江省宁波市江北区甬江街道梅堰社区民安路12号3幢';

beforeAll(async () => {
  env = await createTestEnv();
  key = (
    await createDeptKey(env.ctx.db, {
      department: '江北区公安分局',
      divisionCode: '330205000000',
      scopes: ['certificate_status', 'residence_permits:write'],
    })
  ).key;
  village = await env.login('village');
  township = await env.login('township');
});
afterAll(() => env.close());

function registration(overrides: Record<string, unknown> = {}) {
  return { idNumber: validIdNumber(), name: '王芳', address: ADDRESS, registeredOn: '2026-11-20', ...overrides };
}

const submit = (registrations: object[], apiKey = key) =>
  env.app.inject({
    method: 'POST',
    url: '/api/dept/residence-permits',
    headers: { 'x-api-key': apiKey },
    payload: { registrations },
  });

const staff = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function pendingFor(cookie: string) {
  const res = await staff(cookie, 'GET', '/api/residence-permits?status=pending&pageSize=200');
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function submitOne(overrides: Record<string, unknown> = {}): Promise<{ id: string; idNumber: string }> {
  const reg = registration(overrides);
  const res = await submit([reg]);
  expect(res.statusCode).toBe(200);
  return { id: res.json().results[0].id, idNumber: reg.idNumber };
}

async function historyCount(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('person_history')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('submitting residence permits', () => {
  it('stores a registration as a pending arrival in the village its address names, registering nobody', async () => {
    const before = await historyCount();
    const { id } = await submitOne();
    const list = await pendingFor(village);
    const item = list.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({
      name: '王芳',
      status: 'pending',
      addressResolved: true,
      department: '江北区公安分局',
    });
    expect(item.division.code).toBe(VILLAGE);
    expect(item.idNumberMasked).toMatch(/\*/);
    expect(await historyCount()).toBe(before);
  });

  it('applies a resubmission once: the second answer says duplicate and points at the same registration', async () => {
    const reg = registration();
    const first = (await submit([reg])).json();
    const again = await submit([reg, reg]);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(again.json().results.map((r: { id: string }) => r.id)).toEqual([first.results[0].id, first.results[0].id]);
    const stored = await env.ctx.db
      .selectFrom('residence_permit')
      .select('id')
      .where('id_hash', '=', env.ctx.pii.blindIndex(reg.idNumber))
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('accepts a batch and answers each registration by its index', async () => {
    const res = await submit([registration(), registration({ address: '江北区甬江街道' })]);
    expect(res.json().accepted).toBe(2);
    expect(res.json().results.map((r: { index: number }) => r.index)).toEqual([0, 1]);
  });

  it('keeps an address it cannot place at the key’s own area, where the county sees it', async () => {
    const { id } = await submitOne({ address: '某某小区5幢' });
    const admin = await env.login('admin');
    const item = (await pendingFor(admin)).items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ addressResolved: false });
    expect(item.division.code).toBe('330205000000');
    expect((await pendingFor(village)).items.some((i: { id: string }) => i.id === id)).toBe(false);
  });

  it('refuses a batch with an invalid ID number, naming the row and field, and stores nothing', async () => {
    const good = registration();
    const valid = validIdNumber();
    const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const res = await submit([good, registration({ idNumber: wrongCheck })]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('registrations.1.idNumber');
    expect(res.json().error.issues[0].message).toMatch(/^身份证号：/);
    const stored = await env.ctx.db
      .selectFrom('residence_permit')
      .select('id')
      .where('id_hash', '=', env.ctx.pii.blindIndex(good.idNumber))
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('refuses a key without the permit scope with 403, and no key with 401; both audited', async () => {
    const statusOnly = await createDeptKey(env.ctx.db, { department: '江北区民政局', divisionCode: '330205000000' });
    expect((await submit([registration()], statusOnly.key)).statusCode).toBe(403);
    expect((await submit([registration()], 'ldk_wrong')).statusCode).toBe(401);
    const denied = await env.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'residence_permit.submit')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('audits an accepted submission with the department', async () => {
    const { id } = await submitOne();
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'residence_permit.submit')
      .where('outcome', '=', 'ok')
      .execute();
    const mine = rows.find((r) => JSON.stringify(r.details).includes(id));
    expect(mine?.actor_username).toMatch(/^dept:江北区公安分局:/);
  });
});

describe('confirming a pending arrival', () => {
  it('registers a new person with the permit’s name, address and date, and queues the origin’s notice', async () => {
    const { id, idNumber } = await submitOne();
    const res = await staff(village, 'POST', `/api/residence-permits/${id}/confirm`, {
      hukouDivision: ORIGIN_COUNTY,
      maritalStatus: 'first_marriage',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: true, permit: { status: 'confirmed' } });
    const person = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'name', 'residence_division', 'residence_address', 'arrived_on'])
      .where('id_hash', '=', env.ctx.pii.blindIndex(idNumber))
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      id: res.json().person.id,
      name: '王芳',
      residence_division: VILLAGE,
      residence_address: ADDRESS,
      arrived_on: '2026-11-20',
    });
    const notices = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('event')
      .where('person_id', '=', person.id)
      .execute();
    expect(notices.map((n) => n.event)).toEqual(['inflow']);
  });

  it('asks for the household registration and marital status of a new person, naming both, and changes nothing', async () => {
    const { id } = await submitOne();
    const res = await staff(village, 'POST', `/api/residence-permits/${id}/confirm`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['hukouDivision', 'maritalStatus']);
    expect((await pendingFor(village)).items.some((i: { id: string }) => i.id === id)).toBe(true);
  });

  it('moves a person already registered in scope instead of registering them twice, with history', async () => {
    const idNumber = validIdNumber();
    // Registered in another village of the township: the township office sees both and confirms the move.
    const created = await staff(
      township,
      'POST',
      '/api/persons',
      personInput({ idNumber, residenceDivision: '330205005005' }),
    );
    expect(created.statusCode).toBe(201);
    const personId = created.json().person.id;
    const { id } = await submitOne({ idNumber });
    const item = (await pendingFor(township)).items.find((i: { id: string }) => i.id === id);
    expect(item.match).toMatchObject({ id: personId });
    const res = await staff(township, 'POST', `/api/residence-permits/${id}/confirm`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: false, person: { id: personId, version: 2 } });
    const history = await env.ctx.db
      .selectFrom('person_history')
      .select('kind')
      .where('person_id', '=', personId)
      .orderBy('version')
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['create', 'move']);
  });

  it('warns of a possible duplicate (same name and birth date) when registering', async () => {
    const birth = '1990-05-06';
    await staff(
      village,
      'POST',
      '/api/persons',
      personInput({ idNumber: validIdNumber('341221', birth), name: '李娜' }),
    );
    const { id } = await submitOne({ idNumber: validIdNumber('341221', birth), name: '李娜' });
    const res = await staff(village, 'POST', `/api/residence-permits/${id}/confirm`, {
      hukouDivision: ORIGIN_COUNTY,
      maritalStatus: 'unmarried',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().duplicates).toHaveLength(1);
  });

  it('answers 409 to the second of two confirmations and registers once', async () => {
    const { id, idNumber } = await submitOne();
    const body = { hukouDivision: ORIGIN_COUNTY, maritalStatus: 'unmarried' };
    const [a, b] = await Promise.all([
      staff(village, 'POST', `/api/residence-permits/${id}/confirm`, body),
      staff(township, 'POST', `/api/residence-permits/${id}/confirm`, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const people = await env.ctx.db
      .selectFrom('person')
      .select('id')
      .where('id_hash', '=', env.ctx.pii.blindIndex(idNumber))
      .execute();
    expect(people).toHaveLength(1);
  });

  it('answers 404 for a registration outside the user’s village', async () => {
    const { id } = await submitOne({ address: '江北区孔浦街道' });
    expect(
      (await staff(village, 'POST', `/api/residence-permits/${id}/not-found`, { reason: '查无此人' })).statusCode,
    ).toBe(404);
  });
});

describe('marking a pending arrival not found', () => {
  it('requires a reason, then records it and takes the item off the pending list, audited', async () => {
    const { id } = await submitOne();
    const bare = await staff(village, 'POST', `/api/residence-permits/${id}/not-found`, { reason: '' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues[0].message).toMatch(/^未找到的原因：/);
    const res = await staff(village, 'POST', `/api/residence-permits/${id}/not-found`, { reason: '上门核实无此人' });
    expect(res.statusCode).toBe(200);
    expect(res.json().permit).toMatchObject({ status: 'not_found', reason: '上门核实无此人', personId: null });
    expect((await pendingFor(village)).items.some((i: { id: string }) => i.id === id)).toBe(false);
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['residence_permit.not_found']);
  });
});
