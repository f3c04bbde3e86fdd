/**
 * 可提供办证服务 (issue 26 part 7): the origin office's work list names outflow married women of childbearing age
 * who hold no valid certificate, so it can offer one. An offer: never overdue, gone once a certificate is issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { validIdNumber } from '../../../test/support/fixtures.ts';
import type { WorkItem } from '../../core/deadlines.ts';
import { issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';

let env: TestEnv;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(() => env.close());

async function offers(): Promise<WorkItem[]> {
  const res = await env.app.inject({
    method: 'GET',
    url: '/api/worklists/items?kind=certificate_offer&pageSize=200&status=due',
    headers: { cookie: township },
  });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('certificate offers on the origin’s work list', () => {
  it('list an outflow married woman without a valid certificate, as due and never overdue', async () => {
    const woman = await newOutflowPerson(env, township, { idNumber: validIdNumber('330205', '1992-01-02', 'F') });
    const item = (await offers()).find((i) => i.personId === woman.id);
    expect(item).toMatchObject({ kind: 'certificate_offer', status: 'due', division: '330205005003' });
  });

  it('leave her off once a certificate is issued', async () => {
    const woman = await newOutflowPerson(env, township, { idNumber: validIdNumber('330205', '1991-03-04', 'F') });
    expect((await offers()).some((i) => i.personId === woman.id)).toBe(true);
    const issued = await issue(env, township, { personId: woman.id, kind: 'standard' });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await offers()).some((i) => i.personId === woman.id)).toBe(false);
  });

  it('leave out the unmarried and men', async () => {
    const single = await newOutflowPerson(env, township, {
      idNumber: validIdNumber('330205', '1996-05-06', 'F'),
      maritalStatus: 'unmarried',
    });
    const man = await newOutflowPerson(env, township, { idNumber: validIdNumber('330205', '1990-07-08', 'M') });
    const ids = (await offers()).map((i) => i.personId);
    expect(ids).not.toContain(single.id);
    expect(ids).not.toContain(man.id);
  });

  it('are offers in the summary too, counted under their own kind', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/worklists/summary', headers: { cookie: township } });
    expect(res.json().byKind.certificate_offer.due).toBeGreaterThan(0);
    expect(res.json().byKind.certificate_offer.overdue).toBe(0);
  });
});
