import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';

let env: TestEnv;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(() => env.close());

const outbox = (certificateId: string) =>
  env.ctx.db
    .selectFrom('exchange_outbox')
    .selectAll()
    .where('idempotency_key', '=', `certificate:${certificateId}`)
    .execute();

async function issued(personId: string): Promise<{ id: string; number: string }> {
  const res = await issue(env, township, { personId, kind: 'standard' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().certificate;
}

describe('a certificate issued at the origin reaches the residence', () => {
  it('queues one notice to the place of residence in another county', async () => {
    const person = await newOutflowPerson(env, township);
    const certificate = await issued(person.id);
    const rows = await outbox(certificate.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'notification',
      event: 'certificate',
      person_id: person.id,
      from_side: 'origin',
      to_division: '310115000000',
      status: 'pending',
    });
  });

  it('queues nothing when the person lives in the issuing county', async () => {
    const person = await newOutflowPerson(env, township, { residenceDivision: '330205005003' });
    const certificate = await issued(person.id);
    expect(await outbox(certificate.id)).toEqual([]);
  });
});
