/**
 * Fuzzing the community write routes with random and hostile bodies (fast-check): never a 5xx, always the one
 * error shape, and nothing written when the answer is an error.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE } from '../../../test/support/fixtures.ts';
import type { Database } from '../../db/schema.ts';

let env: TestEnv;
let cookie: string;
let householdId = '';
let partyId = '';
let personId = '';

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('village');
  const post = (url: string, payload: object) => env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
  personId = (await post('/api/persons', personInput())).json().person.id;
  householdId = (await post('/api/households', { divisionCode: VILLAGE, address: '人民路1号' })).json().household.id;
  partyId = (await post('/api/employers', { kind: 'employer', divisionCode: VILLAGE, name: '某厂' })).json().party.id;
});
afterAll(() => env.close());

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "'; DROP TABLE household; --",
    '<script>alert(1)</script>',
    '\u202Eevil',
    '2027-13',
    '2027-02-30',
    '9'.repeat(400),
    '330205005003',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}, -1, 1e308),
);

function bodyFrom(fields: Record<string, unknown>, keys: string[]) {
  return fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.constant(fields[k]), hostile)])), {
    requiredKeys: [],
  });
}

const ROUTES: { url: () => string; table: keyof Database; valid: () => Record<string, unknown> }[] = [
  {
    url: () => '/api/households',
    table: 'household',
    valid: () => ({ divisionCode: VILLAGE, address: '人民路2号', members: [{ personId, relation: 'head' }] }),
  },
  {
    url: () => '/api/household-groups',
    table: 'household_group',
    valid: () => ({ divisionCode: VILLAGE, name: '小组', householdIds: [householdId], leaderHouseholdId: householdId }),
  },
  {
    url: () => `/api/households/${householdId}/absences`,
    table: 'household_absence',
    valid: () => ({ fromMonth: '2027-01', toMonth: '2027-02', reason: '返乡' }),
  },
  {
    url: () => '/api/visits',
    table: 'visit',
    valid: () => ({ personId, visitedOn: '2026-01-02', purpose: 'follow_up', outcome: 'met', notes: 'x' }),
  },
  {
    url: () => '/api/employers',
    table: 'employer_landlord',
    valid: () => ({ kind: 'landlord', divisionCode: VILLAGE, name: '房东', contactPhone: '13800000000' }),
  },
  {
    url: () => `/api/employers/${partyId}/agreements`,
    table: 'cooperation_agreement',
    valid: () => ({ kind: 'distribution_point', signedOn: '2026-01-01', validUntil: '2026-12-31' }),
  },
  {
    url: () => '/api/outreach-events',
    table: 'outreach_event',
    valid: () => ({
      divisionCode: VILLAGE,
      kind: 'holiday',
      title: '春节宣传',
      place: '广场',
      heldOn: '2026-02-01',
      materialsCount: 10,
      attendance: 5,
    }),
  },
];

async function count(table: keyof Database): Promise<number> {
  const row = await env.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('community write routes under fuzzing', () => {
  for (const route of ROUTES) {
    it(`${route.table}: never a 5xx, one error shape, nothing written on refusal`, async () => {
      const valid = route.valid();
      await fc.assert(
        fc.asyncProperty(bodyFrom(valid, Object.keys(valid)), async (body) => {
          const before = await count(route.table);
          const res = await env.app.inject({ method: 'POST', url: route.url(), headers: { cookie }, payload: body });
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const error = res.json().error;
            expect(typeof error.code).toBe('string');
            expect(typeof error.message).toBe('string');
            expect(Array.isArray(error.issues)).toBe(true);
            expect(await count(route.table)).toBe(before);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
