/**
 * Fuzzing the issue-4 write routes (fast-check): random and hostile values in each field never give a 5xx,
 * every refusal has the one error shape, and a refused request writes nothing.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let cookie: string;
let personId: string;
let pointId: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
  personId = (
    await env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: personInput() })
  ).json().person.id;
  const point = await env.app.inject({
    method: 'POST',
    url: '/api/distribution-points',
    headers: { cookie },
    payload: { name: '模糊测试点', pointKind: 'community', division: '330205005003', location: 'x', keeper: 'y' },
  });
  pointId = point.json().point.id;
  await env.app.inject({
    method: 'POST',
    url: `/api/distribution-points/${pointId}/movements`,
    headers: { cookie },
    payload: { movementKind: 'received', item: 'male_condom', quantity: 5 },
  });
});
afterAll(() => env.close());

const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(
    null,
    [],
    {},
    -1,
    0,
    1e308,
    '2999-01-01',
    '1900-01-01',
    '2026-02-30',
    "'; DROP TABLE person; --",
    '\u0000',
  ),
);

/** Valid-looking bodies with some fields replaced by hostile values, so checks past the schema are reached too. */
function bodies(valid: Record<string, unknown>) {
  return fc
    .record(Object.fromEntries(Object.keys(valid).map((k) => [k, fc.option(hostile, { freq: 3 })])))
    .map((patch) => {
      const out: Record<string, unknown> = { ...valid };
      for (const [k, v] of Object.entries(patch)) if (v !== null) out[k] = v;
      return out;
    });
}

async function counts() {
  const r = await sql<{ s: string; m: string; b: string; e: string }>`SELECT
    (SELECT count(*) FROM service_record) AS s, (SELECT count(*) FROM stock_movement) AS m,
    (SELECT count(*) FROM birth_registration) AS b, (SELECT coalesce(sum(balance), 0) FROM stock_balance) AS e`.execute(
    env.ctx.db,
  );
  return r.rows[0];
}

function checkRefusal(status: number, body: string) {
  expect(status).toBeLessThan(500);
  if (status >= 400) {
    const json = JSON.parse(body);
    expect(typeof json.error.code).toBe('string');
    expect(typeof json.error.message).toBe('string');
    expect(Array.isArray(json.error.issues)).toBe(true);
  }
}

describe('fuzzing the services, supply and birth-registration routes', () => {
  const routes = () => [
    {
      url: '/api/services',
      valid: {
        personId,
        serviceKind: 'reproductive_checkup',
        status: 'done',
        serviceDate: '2026-11-01',
        consent: true,
        payer: 'public_health_funds',
        outcome: {},
      },
    },
    {
      url: `/api/distribution-points/${pointId}/movements`,
      valid: { movementKind: 'dispensed', item: 'male_condom', quantity: 1 },
    },
    {
      url: '/api/birth-registrations',
      valid: { personId, placeBasis: 'residence', childOrder: 1, childBornOn: '2026-11-01' },
    },
  ];

  for (const index of [0, 1, 2]) {
    it(`route ${index + 1}: never a 5xx, and a refusal writes nothing`, async () => {
      const route = routes()[index] as { url: string; valid: Record<string, unknown> };
      await fc.assert(
        fc.asyncProperty(bodies(route.valid), async (body) => {
          const before = await counts();
          const res = await env.app.inject({ method: 'POST', url: route.url, headers: { cookie }, payload: body });
          checkRefusal(res.statusCode, res.body);
          if (res.statusCode >= 400) expect(await counts()).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});
