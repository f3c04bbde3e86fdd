/**
 * Issue 26 part 7: the same child is registered once per couple (either spouse, by child order or by birth date
 * and sex), and a registered birth puts the child on both parents' records with a history line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let village: string;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township = await env.login('township');
});
afterAll(() => env.close());

function post(url: string, payload: object, cookie = village) {
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie } });
}

/** A married couple registered in the village, the wife naming the husband as spouse. */
async function couple(): Promise<{ wife: string; husband: string }> {
  const h = await post(
    '/api/persons',
    personInput({ idNumber: validIdNumber('341221', '1993-02-03', 'M'), name: '张伟' }),
  );
  expect(h.statusCode, h.body).toBe(201);
  const husband = h.json().person.id;
  const w = await post(
    '/api/persons',
    personInput({ idNumber: validIdNumber('341221', '1994-05-06', 'F'), name: '李丽', spouseId: husband }),
  );
  expect(w.statusCode, w.body).toBe(201);
  return { wife: w.json().person.id, husband };
}

const application = (personId: string, spousePersonId: string, extra: object = {}) => ({
  personId,
  spousePersonId,
  placeBasis: 'residence',
  childOrder: 1,
  childBornOn: '2026-10-15',
  childSex: 'F',
  childName: '张小雨',
  ...extra,
});

async function registered(personId: string, spouseId: string, extra: object = {}) {
  const res = await post('/api/birth-registrations', application(personId, spouseId, extra));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().registration.id;
  const done = await post(`/api/birth-registrations/${id}/transitions`, { action: 'register' }, township);
  expect(done.statusCode, done.body).toBe(200);
  return id;
}

describe('the same child registered twice', () => {
  it('is 409 when the other spouse files the same child order', async () => {
    const { wife, husband } = await couple();
    await registered(wife, husband);
    const again = await post('/api/birth-registrations', application(husband, wife, { childBornOn: '2026-10-16' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('BIRTH_REGISTRATION_EXISTS');
  });

  it('is 409 for the same birth date and sex under another child order', async () => {
    const { wife, husband } = await couple();
    await registered(wife, husband);
    const again = await post('/api/birth-registrations', application(wife, husband, { childOrder: 2 }));
    expect(again.statusCode).toBe(409);
  });

  it('files nothing when refused', async () => {
    const { wife, husband } = await couple();
    await registered(wife, husband);
    await post('/api/birth-registrations', application(husband, wife));
    const rows = await env.ctx.db
      .selectFrom('birth_registration')
      .select('id')
      .where('person_id', 'in', [wife, husband])
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('a registered birth', () => {
  it('adds the child to both parents’ children, each with a history line', async () => {
    const { wife, husband } = await couple();
    await registered(wife, husband);
    const parents = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'children', 'version'])
      .where('id', 'in', [wife, husband])
      .execute();
    for (const p of parents) {
      expect(p.children).toEqual([{ name: '张小雨', sex: 'F', birthDate: '2026-10-15' }]);
      const history = await env.ctx.db
        .selectFrom('person_history')
        .select(['kind', 'changes'])
        .where('person_id', '=', p.id)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      expect(history.kind).toBe('update');
      expect(Object.keys(history.changes as object)).toEqual(['children']);
    }
  });

  it('shows the new child on the person page', async () => {
    const { wife, husband } = await couple();
    await registered(wife, husband, { childName: '张小明', childSex: 'M', childBornOn: '2026-09-01' });
    const res = await env.app.inject({ method: 'GET', url: `/api/persons/${wife}`, headers: { cookie: village } });
    expect(res.json().person.children).toEqual([{ name: '张小明', sex: 'M', birthDate: '2026-09-01' }]);
  });
});
