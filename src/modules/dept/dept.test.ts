import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';
import { createDeptKey, revokeDeptKey } from './dept.keys.ts';

let env: TestEnv;
let key: string;
let cert: { id: string; number: string; personId: string };
let idNumber: string;

beforeAll(async () => {
  env = await createTestEnv();
  const township = await env.login('township');
  const person = await newOutflowPerson(env, township);
  cert = (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate;
  const row = await env.ctx.db
    .selectFrom('person')
    .select('id_number_enc')
    .where('id', '=', person.id)
    .executeTakeFirstOrThrow();
  idNumber = env.ctx.pii.decrypt(row.id_number_enc);
  key = (await createDeptKey(env.ctx.db, { department: '江北区公安分局', divisionCode: '330205000000' })).key;
});
afterAll(() => env.close());

const status = (query: string, headers: Record<string, string> = { 'x-api-key': key }) =>
  env.app.inject({ method: 'GET', url: `/api/dept/certificate-status?${query}`, headers });

async function deptAuditRows(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'dept.certificate_status')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('department status API', () => {
  it('refuses a missing key with 401', async () => {
    const res = await status(`number=${cert.number}`, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong key with 401, before looking at the query', async () => {
    const res = await status('number=garbage', { 'x-api-key': `${key.slice(0, -2)}xx` });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a revoked key with 401', async () => {
    const other = await createDeptKey(env.ctx.db, { department: '民政局', divisionCode: '330205000000' });
    await revokeDeptKey(env.ctx.db, other.prefix);
    expect((await status(`number=${cert.number}`, { authorization: `Bearer ${other.key}` })).statusCode).toBe(401);
  });

  it('answers the status alone by certificate number', async () => {
    const res = await status(`number=${cert.number}`);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['checkedAt', 'status']);
    expect(res.json().status).toBe('valid');
  });

  it('answers the status alone by ID number', async () => {
    const res = await status(`idNumber=${idNumber}`);
    expect(res.json()).toEqual({ status: 'valid', checkedAt: expect.any(String) });
  });

  it('answers "none" for an ID number outside its area, as for one without a certificate', async () => {
    const far = await createDeptKey(env.ctx.db, { department: '外县公安', divisionCode: '341221000000' });
    const res = await status(`idNumber=${idNumber}`, { 'x-api-key': far.key });
    expect(res.json().status).toBe('none');
  });

  it('rejects an invalid ID number with a field-named 400', async () => {
    const res = await status('idNumber=123');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('idNumber');
  });

  it('logs every call, refused ones included', async () => {
    const before = await deptAuditRows();
    await status(`number=${cert.number}`);
    await status(`number=${cert.number}`, {});
    expect(await deptAuditRows()).toBe(before + 2);
  });

  it('never lets a department key read a person', async () => {
    const headers = { 'x-api-key': key };
    const reads = [
      `/api/persons/${cert.personId}`,
      `/api/persons/lookup?idNumber=${idNumber}`,
      `/api/persons?q=${idNumber.slice(0, 6)}`,
      `/api/certificates/${cert.id}`,
      `/api/persons/${cert.personId}/certificates`,
    ];
    for (const url of reads) {
      const res = await env.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(401);
    }
  });
});
