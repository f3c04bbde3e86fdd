/**
 * Property-based fuzzing (fast-check) of the write routes: thousands of random and hostile bodies —
 * SQL-injection strings, HTML/script, huge numbers, unicode edge cases, deep JSON. The property: never
 * a 5xx, always the one error shape, and nothing written when the answer is an error.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput } from './support/fixtures.ts';
import { expectErrorShape, hostileString, hostileValue } from './support/fuzz.ts';

let env: TestEnv;
let cookie: string;
let personId = '';

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('village');
  personId = (
    await env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: personInput() })
  ).json().person.id;
});
afterAll(() => env.close());

const FIELDS = [
  'idNumber',
  'name',
  'hukouDivision',
  'residenceDivision',
  'residenceAddress',
  'arrivedOn',
  'departedOn',
  'maritalStatus',
  'spouseName',
  'spouseIdNumber',
  'spouseId',
  'children',
  'phone',
  'employer',
  'landlord',
  'housingType',
  'version',
];
/** A valid person with some fields replaced by hostile values, and sometimes extra keys. */
const personBody = fc
  .record({
    replace: fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 4 }),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 2 }),
  })
  .map(({ replace, extra }) => ({ ...personInput(), ...extra, ...replace }));

async function count(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('fuzzing write routes', () => {
  it('POST /api/persons never fails with 5xx and writes nothing when refusing', async () => {
    await fc.assert(
      fc.asyncProperty(personBody, async (body) => {
        const before = await count();
        const res = await env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: body });
        expectErrorShape(res.statusCode, res.body);
        if (res.statusCode >= 400) expect(await count()).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('PATCH /api/persons/:id never fails with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 }), async (patch) => {
        const res = await env.app.inject({
          method: 'PATCH',
          url: `/api/persons/${personId}`,
          headers: { cookie },
          payload: { version: 999, ...patch },
        });
        expectErrorShape(res.statusCode, res.body);
      }),
      { numRuns: 400 },
    );
  });

  it('raw bodies of any shape never fail with 5xx', async () => {
    const routes = [
      '/api/persons',
      '/api/auth/login',
      '/api/auth/password',
      '/api/auth/totp',
      '/api/persons/break-glass',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(fc.json(), fc.string()), async (url, raw) => {
        const res = await env.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': 'application/json' },
          payload: raw,
        });
        expectErrorShape(res.statusCode, res.body);
      }),
      { numRuns: 400 },
    );
  });

  it('query strings of any shape never fail with 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('q', 'page', 'pageSize', 'flow', 'sex', 'ageBand', 'division', 'maritalStatus', 'zz'),
          hostileString,
          { maxKeys: 4 },
        ),
        async (params) => {
          const qs = new URLSearchParams(params as Record<string, string>).toString();
          const res = await env.app.inject({ method: 'GET', url: `/api/persons?${qs}`, headers: { cookie } });
          expectErrorShape(res.statusCode, res.body);
        },
      ),
      { numRuns: 300 },
    );
  });
});
