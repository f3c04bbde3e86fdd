/** Demo people for certificate tests, picked by query from the seeded demo county (test-only helper). */
import type { TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

export const YONGJIANG = '330205005'; // 甬江街道, where the demo user `township` works

/** People registered (户籍) in 甬江街道 and living elsewhere: the township is their origin. */
export async function outflowPeople(env: TestEnv, limit = 10) {
  return env.ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'id_number_enc', 'hukou_division', 'residence_division'])
    .where('hukou_division', 'like', `${YONGJIANG}%`)
    .where('residence_division', 'not like', '330205%')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** People living in 甬江街道 and registered in another county: the township is their residence. */
export async function inflowPeople(env: TestEnv, limit = 10, within = YONGJIANG) {
  return env.ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'id_number_enc', 'hukou_division', 'residence_division'])
    .where('residence_division', 'like', `${within}%`)
    .where('hukou_division', 'not like', '330205%')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function issue(env: TestEnv, cookie: string, body: Record<string, unknown>) {
  return env.app.inject({ method: 'POST', url: '/api/certificates', headers: { cookie }, payload: body });
}

/** A new person registered in 甬江街道 and living in Shanghai, created through the API by `cookie`'s user. */
export async function newOutflowPerson(env: TestEnv, cookie: string, overrides: Record<string, unknown> = {}) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie },
    payload: personInput({
      idNumber: validIdNumber('330205', '1993-06-07', 'F'),
      hukouDivision: '330205005003',
      residenceDivision: '310115000000',
      ...overrides,
    }),
  });
  if (res.statusCode !== 201) throw new Error(`create person failed: ${res.body}`);
  return res.json().person as { id: string; name: string };
}
