import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import * as pinyinU from '../../db/migrations/2026-12-07T05-pinyin-u.ts';
import { countUpTo } from './persons.repository.ts';

let env: TestEnv;
let village: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

async function personCount(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function post(cookie: string, payload: unknown, headers: Record<string, string> = {}) {
  return env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie, ...headers },
    payload: payload as object,
  });
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await post(village, personInput(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person as { id: string; version: number; name: string };
}

describe('creating a person', () => {
  it('derives sex, birth date and flow from the ID number and divisions', async () => {
    const res = await post(village, personInput({ idNumber: validIdNumber('341221', '1990-05-06', 'M') }));
    expect(res.statusCode).toBe(201);
    expect(res.json().person).toMatchObject({ sex: 'M', birthDate: '1990-05-06', flow: 'inflow', version: 1 });
  });

  it('never stores the ID number in clear text', async () => {
    const idNumber = validIdNumber();
    const person = await create({ idNumber });
    const row = await env.ctx.db.selectFrom('person').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(idNumber);
    expect(env.ctx.pii.decrypt(row.id_number_enc)).toBe(idNumber);
  });

  it('never stores the phone number in clear text, yet shows it to staff', async () => {
    const person = await create({ phone: '13712345678' });
    const row = await env.ctx.db.selectFrom('person').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    const history = await env.ctx.db
      .selectFrom('person_history')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute();
    expect(JSON.stringify([row, history])).not.toContain('13712345678');
    const res = await env.app.inject({ method: 'GET', url: `/api/persons/${person.id}`, headers: { cookie: village } });
    expect(res.json().person.phone).toBe('13712345678');
  });

  it('rejects an ID number with a wrong check digit, naming the field, and writes nothing', async () => {
    const before = await personCount();
    const good = validIdNumber();
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const res = await post(village, personInput({ idNumber: bad }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toContainEqual({ path: 'idNumber', message: expect.stringContaining('身份证号') });
    expect(await personCount()).toBe(before);
  });

  it('answers in English when asked', async () => {
    const res = await post(village, personInput({ idNumber: '123' }), { 'accept-language': 'en' });
    expect(res.json().error.issues[0].message).toMatch(/^ID number: /);
  });

  it('rejects an arrival date in the future', async () => {
    const res = await post(village, personInput({ arrivedOn: '2099-01-01' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['arrivedOn']);
  });

  it('rejects a child born in the future', async () => {
    const res = await post(village, personInput({ children: [{ name: '小明', sex: 'M', birthDate: '2099-01-01' }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('children.0.birthDate');
  });

  it('rejects an unknown division', async () => {
    const res = await post(village, personInput({ hukouDivision: '349999000000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'hukouDivision' });
  });

  it('rejects unknown fields', async () => {
    const res = await post(village, { ...personInput(), salary: 1000 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('salary');
  });

  it('rejects malformed JSON with the error shape', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie: village, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post(village, { ...personInput(), residenceAddress: 'x'.repeat(2_000_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a person outside the jurisdiction on both sides', async () => {
    const res = await post(village, personInput({ residenceDivision: '330205003000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('residenceDivision');
  });

  it('refuses the same ID number twice with 409', async () => {
    const idNumber = validIdNumber();
    await create({ idNumber });
    const res = await post(village, personInput({ idNumber }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DUPLICATE');
  });

  it('flags a possible duplicate by name and birth date', async () => {
    const first = await create({ name: '重名人', idNumber: validIdNumber('341222', '1985-07-07') });
    const res = await post(village, personInput({ name: '重名人', idNumber: validIdNumber('411525', '1985-07-07') }));
    expect(res.statusCode).toBe(201);
    expect(res.json().duplicates.map((d: { id: string }) => d.id)).toEqual([first.id]);
  });

  it('requires a session', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/persons', payload: personInput() });
    expect(res.statusCode).toBe(401);
  });
});

describe('reading and scope', () => {
  it('answers 404 to another street for a person it does not hold', async () => {
    const person = await create();
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}`,
      headers: { cookie: township2 },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('lists only people in scope', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/persons?pageSize=200', headers: { cookie: village } });
    for (const p of res.json().items) {
      const inVillage = p.residenceDivision.code === '330205005003' || p.hukouDivision.code === '330205005003';
      expect(inVillage).toBe(true);
    }
  });

  it('pages on the server', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/persons?page=2&pageSize=5',
      headers: { cookie: township2 },
    });
    const body = res.json();
    expect(body.items).toHaveLength(5);
    expect(body.total).toBeGreaterThan(5);
    expect(body.totalCapped).toBe(false);
    expect(body.page).toBe(2);
  });

  it('counts matches up to a cap, and says when more match', async () => {
    const all = env.ctx.db.selectFrom('person').where('residence_division', 'like', '330205%');
    const n = (await all.select('id').execute()).length;
    expect(n).toBeGreaterThan(2);
    expect(await countUpTo(env.ctx.db, all, n)).toEqual({ total: n, capped: false });
    expect(await countUpTo(env.ctx.db, all, n - 1)).toEqual({ total: n - 1, capped: true });
  });

  it('finds a person by pinyin initials', async () => {
    const person = await create({ name: '欧阳娜娜' });
    const res = await env.app.inject({ method: 'GET', url: '/api/persons?q=oynn', headers: { cookie: village } });
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
  });

  it.each(['lvjingyan', 'lujingyan', 'lüjingyan', 'LVJ', 'ljy'])(
    'finds 吕静燕 by “%s”: v, u and ü all spell ü',
    async (q) => {
      const person = await create({ name: '吕静燕' });
      const res = await env.app.inject({
        method: 'GET',
        url: `/api/persons?q=${encodeURIComponent(q)}`,
        headers: { cookie: village },
      });
      expect(res.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
    },
  );

  it('rewrites the search keys stored before ü was spelled u, and only those', async () => {
    const lu = await create({ name: '吕女士' });
    const zhang = await create({ name: '张静' });
    // The keys as the old code stored them: ü dropped.
    await env.ctx.db
      .updateTable('person')
      .set({ name_initials: 'lns', name_pinyin: 'lnshi' })
      .where('id', '=', lu.id)
      .execute();
    const before = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'updated_at'])
      .where('id', 'in', [lu.id, zhang.id])
      .execute();
    await pinyinU.up(env.ctx.db as unknown as Kysely<unknown>);
    const after = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'name_initials', 'name_pinyin', 'updated_at'])
      .where('id', 'in', [lu.id, zhang.id])
      .execute();
    expect(after.find((r) => r.id === lu.id)).toMatchObject({ name_initials: 'lns', name_pinyin: 'lunushi' });
    expect(after.find((r) => r.id === zhang.id)).toMatchObject({ name_pinyin: 'zhangjing' });
    expect(after.map((r) => r.updated_at)).toEqual(before.map((r) => r.updated_at));
  });

  it('finds a person by an ID-number prefix', async () => {
    const idNumber = validIdNumber('520526', '1979-02-03');
    const person = await create({ idNumber });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons?q=${idNumber.slice(0, 12)}`,
      headers: { cookie: village },
    });
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
  });

  it('finds a person by name prefix', async () => {
    const person = await create({ name: '司马光明' });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons?q=${encodeURIComponent('司马')}`,
      headers: { cookie: village },
    });
    expect(res.json().items.map((p: { id: string }) => p.id)).toContain(person.id);
  });

  it('filters by flow direction relative to the user', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/persons?flow=outflow&pageSize=50',
      headers: { cookie: township2 },
    });
    const items = res.json().items as { flow: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.flow === 'outflow')).toBe(true);
  });

  it('filters by sex and age band', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/persons?sex=F&ageBand=20-29&pageSize=50',
      headers: { cookie: township2 },
    });
    const items = res.json().items as { sex: string; age: number }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.sex === 'F' && p.age >= 20 && p.age <= 29)).toBe(true);
  });

  it('looks a person up by full ID number and audits it', async () => {
    const idNumber = validIdNumber('411627', '1988-08-08');
    const person = await create({ idNumber });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons/lookup?idNumber=${idNumber}`,
      headers: { cookie: village },
    });
    expect(res.json().person.id).toBe(person.id);
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'person.lookup')
      .execute();
    expect(audit.map((a) => a.entity_id)).toContain(person.id);
  });

  it('reveals the full ID number only on request', async () => {
    const idNumber = validIdNumber();
    const person = await create({ idNumber });
    const plain = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}`,
      headers: { cookie: village },
    });
    expect(plain.body).not.toContain(idNumber);
    const revealed = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}?reveal=idNumber`,
      headers: { cookie: village },
    });
    expect(revealed.json().person.idNumber).toBe(idNumber);
  });
});

describe('updating a person', () => {
  it('records each change in the history, with the phone number masked', async () => {
    const person = await create({ phone: '13800000000' });
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${person.id}`,
      headers: { cookie: village },
      payload: { version: 1, phone: '13900000000' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().person.version).toBe(2);
    const history = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}/history`,
      headers: { cookie: village },
    });
    expect(history.json().items[0]).toMatchObject({
      version: 2,
      kind: 'update',
      changes: { phone: { from: '138****0000', to: '139****0000' } },
      actor: { username: 'village' },
    });
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const person = await create({ phone: '13800000001' });
    await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${person.id}`,
      headers: { cookie: village },
      payload: { version: 1, phone: '13800000002' },
    });
    const stale = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${person.id}`,
      headers: { cookie: village },
      payload: { version: 1, phone: '13800000003' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const now = await env.app.inject({ method: 'GET', url: `/api/persons/${person.id}`, headers: { cookie: village } });
    expect(now.json().person).toMatchObject({ phone: '13800000002', version: 2 });
  });

  it('treats a change of residence as a move with a new episode', async () => {
    const township = await env.login('township');
    const person = await create();
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${person.id}`,
      headers: { cookie: township },
      payload: { version: 1, residenceDivision: '330205005005', arrivedOn: '2026-11-20' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const episodes = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}/episodes`,
      headers: { cookie: township },
    });
    const items = episodes.json().items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ residenceDivision: { code: '330205005005' }, departedOn: null });
    expect(items[1].departedOn).toBe('2026-11-20');
    const history = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}/history`,
      headers: { cookie: township },
    });
    expect(history.json().items[0].kind).toBe('move');
  });

  it('answers 404 when another street tries to edit', async () => {
    const person = await create();
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${person.id}`,
      headers: { cookie: township2 },
      payload: { version: 1, phone: '13000000000' },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('access log', () => {
  it('shows who read the record', async () => {
    const person = await create();
    await env.app.inject({ method: 'GET', url: `/api/persons/${person.id}`, headers: { cookie: village } });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person.id}/access-log`,
      headers: { cookie: village },
    });
    const actions = res
      .json()
      .items.map((i: { action: string; actor: { username: string } }) => `${i.action}:${i.actor.username}`);
    expect(actions).toContain('person.read:village');
    expect(actions).toContain('person.create:village');
  });

  it('records refused lookups too', async () => {
    const person = await create();
    await env.app.inject({ method: 'GET', url: `/api/persons/${person.id}`, headers: { cookie: township2 } });
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', person.id)
      .where('outcome', '=', 'not_found')
      .execute();
    expect(rows.map((r) => r.actor_username)).toContain('township2');
  });
});
