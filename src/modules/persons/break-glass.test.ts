import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let village: string;
let township2: string;
let person: { id: string };
const idNumber = validIdNumber('411525', '1987-06-05');

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township2 = await env.login('township2');
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: personInput({ idNumber }),
  });
  person = res.json().person;
});
afterAll(() => env.close());

const read = (cookie: string) =>
  env.app.inject({ method: 'GET', url: `/api/persons/${person.id}`, headers: { cookie } });
const breakGlass = (cookie: string, reason: string) =>
  env.app.inject({
    method: 'POST',
    url: '/api/persons/break-glass',
    headers: { cookie },
    payload: { idNumber, reason },
  });

describe('break-glass access', () => {
  it('needs a stated reason', async () => {
    const res = await breakGlass(township2, '急');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'reason', message: expect.stringContaining('理由') });
  });

  it('opens a record outside the jurisdiction for a limited time, flagged in the audit log', async () => {
    expect((await read(township2)).statusCode).toBe(404);
    const res = await breakGlass(township2, '该人员在孔浦街道就医，需核实婚育情况以便转诊');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ personId: person.id, inScope: false });
    expect((await read(township2)).statusCode).toBe(200);
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.break_glass')
      .where('entity_id', '=', person.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ flagged: true, reason: expect.stringContaining('转诊') });
  });

  it('does not add the record to lists', async () => {
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons?q=${idNumber}`,
      headers: { cookie: township2 },
    });
    expect(res.json().total).toBe(0);
  });

  it('closes again when the grant expires', async () => {
    await sql`UPDATE break_glass_grant SET expires_at = now() - interval '1 minute' WHERE person_id = ${person.id}::uuid`.execute(
      env.ctx.db,
    );
    expect((await read(township2)).statusCode).toBe(404);
  });
});
