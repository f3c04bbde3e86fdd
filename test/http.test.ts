import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/core/demo-random.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;
let cookie: string;
beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
});
afterAll(() => env.close());

describe('app', () => {
  it('reports health and the database kind', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: env.ctx.dbKind });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/persons', '/api/persons/{id}', '/api/divisions']),
    );
  });

  it('answers unknown API paths with the error shape', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), issues: [] } });
  });
});

/** Hostile values of many types, chosen by a seeded generator so a failure can be replayed. */
function junk(rng: SeededRandom): unknown {
  const pick = rng.int(0, 11);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rng.int(-1e9, 1e9);
    case 2:
      return 'x'.repeat(rng.int(0, 5000));
    case 3:
      return ['a', 1, null];
    case 4:
      return { nested: { deep: true } };
    case 5:
      return "'; DROP TABLE person; --";
    case 6:
      return '2026-02-30';
    case 7:
      return '\u0000\uFFFF😀';
    case 8:
      return true;
    case 9:
      return '330205005003';
    case 10:
      return -0.5;
    default:
      return '９９９９';
  }
}

describe('hostile input', () => {
  const fields = [
    'idNumber',
    'name',
    'hukouDivision',
    'residenceDivision',
    'arrivedOn',
    'maritalStatus',
    'children',
    'phone',
    'version',
    'spouseId',
    'departedOn',
  ];

  it('never answers 500 to random bodies, queries or ids', async () => {
    const rng = new SeededRandom(99);
    for (let i = 0; i < 150; i++) {
      const body: Record<string, unknown> = {};
      for (const f of fields) if (rng.chance(0.6)) body[f] = junk(rng);
      const id = String(junk(rng));
      const requests = [
        env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: body }),
        env.app.inject({
          method: 'PATCH',
          url: `/api/persons/${encodeURIComponent(id)}`,
          headers: { cookie },
          payload: body,
        }),
        env.app.inject({
          method: 'GET',
          url: `/api/persons?q=${encodeURIComponent(id)}&page=${encodeURIComponent(String(junk(rng)))}`,
          headers: { cookie },
        }),
        env.app.inject({ method: 'GET', url: `/api/divisions?q=${encodeURIComponent(id)}`, headers: { cookie } }),
        env.app.inject({
          method: 'GET',
          url: `/api/divisions/${encodeURIComponent(id)}/children`,
          headers: { cookie },
        }),
      ];
      for (const res of await Promise.all(requests)) {
        expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
        expect(res.json().error ?? {}).not.toHaveProperty('stack');
      }
    }
  });
});
