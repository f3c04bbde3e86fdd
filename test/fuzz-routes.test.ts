/**
 * Every write route in the route table (not a hand list, so a new route is fuzzed automatically) gets random
 * and hostile JSON bodies and path parameters from a county admin, whose scope is the whole demo county. The
 * property: never a 5xx, always the one error shape.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { expectErrorShape, hostileString, hostileValue } from './support/fuzz.ts';

let env: TestEnv;
let cookie: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('admin');
});
afterAll(() => env.close());

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Sign-in and sign-out change the session the rest of the run depends on; test/fuzz.test.ts covers them. */
const SESSION_ROUTES = /^\/api\/(auth|portal\/auth)\//;

const pathParam = fc.oneof(
  fc.uuid(),
  hostileString.filter((s) => s.length > 0),
  fc.constant('0'),
);
const body = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 6 }),
  fc.array(hostileValue, { maxLength: 3 }),
  hostileValue,
);

describe('fuzzing every write route from the route table', () => {
  it('never answers 5xx, and every error has the one shape', async () => {
    const routes = env.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && WRITE_METHODS.has(r.method) && !SESSION_ROUTES.test(r.url),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), pathParam, body, async (route, param, payload) => {
        const url = route.url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(param));
        const res = await env.app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie, 'content-type': 'application/json' },
          payload: JSON.stringify(payload ?? null),
        });
        expectErrorShape(res.statusCode, res.body);
      }),
      { numRuns: 1500 },
    );
  });
});
