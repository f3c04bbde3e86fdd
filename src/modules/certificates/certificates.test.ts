import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { formatCertificateNumber } from '../../core/certificate.ts';
import { verifyPayload } from '../../core/certificate-payload.ts';
import { withFreshNumber } from '../../core/record-number.ts';
import { inflowPeople, issue, newOutflowPerson, outflowPeople } from './certificates.fixtures.ts';
import { insertCertificate } from './certificates.repository.ts';
import { keyRingFor } from './signing-keys.ts';

let env: TestEnv;
let township: string;
let township2: string;
let village: string;
let outflow: Awaited<ReturnType<typeof outflowPeople>>;
let inflow: Awaited<ReturnType<typeof inflowPeople>>;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  township2 = await env.login('township2');
  village = await env.login('village');
  outflow = await outflowPeople(env, 2);
  inflow = await inflowPeople(env, 4);
  // The small test county has few outflow people per township; the rest are registered through the API.
  for (let i = outflow.length; i < 16; i++) {
    const p = await newOutflowPerson(env, township);
    outflow.push({ ...p, id_number_enc: '', hukou_division: '330205005003', residence_division: '310115000000' });
  }
});
afterAll(() => env.close());

const personAt = (i: number) => outflow[i]?.id as string;

async function countCertificates(): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('certificate')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

describe('issuing', () => {
  it('gives the origin township a valid certificate whose QR payload verifies with the public keys', async () => {
    const res = await issue(env, township, { personId: personAt(0), kind: 'standard' });
    expect(res.statusCode, res.body).toBe(201);
    const cert = res.json().certificate;
    expect(cert).toMatchObject({ kind: 'standard', status: 'valid', issuer: { code: '330205005000' } });
    expect(cert.number).toMatch(/^HY33020526[0-9A-HJKMNP-TV-Z]{9}$/);
    expect(cert.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const check = verifyPayload(cert.payload, await keyRingFor(env.ctx.db).keys());
    expect(check).toMatchObject({ ok: true, facts: { number: cert.number, expiresOn: cert.expiresOn } });
  });

  it('writes the issue into the person history and the audit log', async () => {
    const res = await issue(env, township, { personId: personAt(1), kind: 'standard' });
    const cert = res.json().certificate;
    const history = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${personAt(1)}/history`,
      headers: { cookie: township },
    });
    const entry = history.json().items.find((i: { kind: string }) => i.kind === 'certificate');
    expect(entry).toMatchObject({ changes: { certificate: { from: null, to: cert.number } } });
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', cert.id).execute();
    expect(audit.map((a) => a.action)).toContain('certificate.issue');
  });

  it('refuses a standard certificate where the township is only the residence, naming the field', async () => {
    const before = await countCertificates();
    const res = await issue(env, township, { personId: inflow[0]?.id, kind: 'standard' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'kind', message: expect.stringContaining('证明类型') });
    expect(await countCertificates()).toBe(before);
  });

  it('lets the place of residence issue a temporary certificate', async () => {
    const res = await issue(env, township, { personId: inflow[1]?.id, kind: 'temporary' });
    expect(res.statusCode).toBe(201);
    expect(res.json().certificate.kind).toBe('temporary');
  });

  it('is not open to village managers', async () => {
    const res = await issue(env, village, { personId: personAt(2), kind: 'standard' });
    expect(res.statusCode).toBe(403);
  });

  it('answers 404 for a person outside the jurisdiction', async () => {
    const res = await issue(env, township2, { personId: personAt(2), kind: 'standard' });
    expect(res.statusCode).toBe(404);
  });

  it('rejects unknown fields and a malformed person id with field-named messages', async () => {
    const res = await issue(env, township, { personId: 'nope', kind: 'standard', fee: 100 });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['fee', 'personId']);
  });
});

describe('numbers', () => {
  it('differ in the random part between two consecutive issues', async () => {
    const a = (await issue(env, township, { personId: personAt(12), kind: 'standard' })).json().certificate;
    const b = (await issue(env, township, { personId: personAt(13), kind: 'standard' })).json().certificate;
    expect(a.number.slice(0, 10)).toBe(b.number.slice(0, 10));
    expect(a.number.slice(10, 18)).not.toBe(b.number.slice(10, 18));
  });

  it('skip a number already taken and draw again, inside the same transaction', async () => {
    const taken = (await issue(env, township, { personId: personAt(14), kind: 'standard' })).json().certificate;
    const row = await env.ctx.db
      .selectFrom('certificate')
      .selectAll()
      .where('number', '=', taken.number)
      .executeTakeFirstOrThrow();
    const draws = [taken.number.slice(10, 18), 'TESTZZZZ'];
    const numberWith = (random: string) =>
      formatCertificateNumber(taken.number.slice(2, 8), Number(taken.number.slice(8, 10)), random);
    const inserted = await env.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('certificate').set({ status: 'replaced' }).where('id', '=', row.id).execute();
      const fresh = await withFreshNumber(
        numberWith,
        (number) =>
          insertCertificate(trx, {
            number,
            person_id: row.person_id,
            division_code: row.division_code,
            kind: row.kind,
            issued_on: row.issued_on,
            expires_on: row.expires_on,
            facts: JSON.stringify(row.facts),
            payload: row.payload,
            key_id: row.key_id,
          }),
        () => draws.shift() as string,
      );
      // Still usable after the skipped collision: a unique violation would have aborted the transaction.
      await trx.selectFrom('certificate').select('id').where('id', '=', fresh.id).executeTakeFirstOrThrow();
      return fresh;
    });
    expect(draws).toEqual([]);
    expect(inserted.number).toBe(numberWith('TESTZZZZ'));
  });
});

describe('re-issue and revocation', () => {
  it('re-issue replaces the old certificate, which then verifies as replaced', async () => {
    const first = (await issue(env, township, { personId: personAt(3), kind: 'standard' })).json().certificate;
    const res = await post(township, `/api/certificates/${first.id}/reissue`, { reason: '婚姻状况变更' });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json().certificate;
    expect(second.number).not.toBe(first.number);
    const old = await env.app.inject({ method: 'POST', url: '/api/verify', payload: { payload: first.payload } });
    expect(old.json()).toMatchObject({ result: 'replaced', certificate: { replacedByNumber: second.number } });
  });

  it('issuing while a valid certificate exists answers 409 naming it, and changes nothing', async () => {
    const first = (await issue(env, township, { personId: personAt(11), kind: 'standard' })).json().certificate;
    const before = await countCertificates();
    const res = await issue(env, township, { personId: personAt(11), kind: 'standard' });
    expect(res.statusCode, res.body).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('CERTIFICATE_EXISTS');
    expect(error.message).toContain(first.number);
    expect(error.message).toContain(first.expiresOn);
    expect(error.existing).toMatchObject({ id: first.id, number: first.number });
    expect(await countCertificates()).toBe(before);
    const old = await env.app.inject({ method: 'GET', url: `/api/verify/${first.number}` });
    expect(old.json().result).toBe('valid');
  });

  it('replacing through issue needs a reason, and with one replaces the current certificate', async () => {
    const first = (await issue(env, township, { personId: personAt(15), kind: 'standard' })).json().certificate;
    const bare = await issue(env, township, { personId: personAt(15), kind: 'standard', replace: true });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues[0].path).toBe('reason');
    const res = await issue(env, township, {
      personId: personAt(15),
      kind: 'standard',
      replace: true,
      reason: '证明遗失',
    });
    expect(res.statusCode, res.body).toBe(201);
    const old = await env.app.inject({ method: 'GET', url: `/api/verify/${first.number}` });
    // A number alone answers the status only (issue 18.7); the replacing number is a detail.
    expect(old.json().result).toBe('replaced');
  });

  it('revocation needs a reason and changes nothing without one', async () => {
    const cert = (await issue(env, township, { personId: personAt(4), kind: 'standard' })).json().certificate;
    const res = await post(township, `/api/certificates/${cert.id}/revoke`, { reason: ' ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('reason');
    const row = await env.ctx.db
      .selectFrom('certificate')
      .select('status')
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('valid');
  });

  it('revoked certificates verify as revoked and the revocation is in the history', async () => {
    const cert = (await issue(env, township, { personId: personAt(5), kind: 'standard' })).json().certificate;
    const res = await post(township, `/api/certificates/${cert.id}/revoke`, { reason: '信息有误' });
    expect(res.json().certificate).toMatchObject({ status: 'revoked', revokeReason: '信息有误' });
    const verify = await env.app.inject({ method: 'POST', url: '/api/verify', payload: { payload: cert.payload } });
    expect(verify.json().result).toBe('revoked');
    const history = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${personAt(5)}/history`,
      headers: { cookie: township },
    });
    const changes = history.json().items.map((i: { changes: object }) => i.changes);
    expect(changes).toContainEqual({ certificateRevoked: { from: cert.number, to: '信息有误' } });
  });

  it('cannot revoke twice', async () => {
    const cert = (await issue(env, township, { personId: personAt(6), kind: 'standard' })).json().certificate;
    await post(township, `/api/certificates/${cert.id}/revoke`, { reason: '信息有误' });
    const again = await post(township, `/api/certificates/${cert.id}/revoke`, { reason: '再次撤销' });
    expect(again.statusCode).toBe(409);
  });

  it('only the issuing office (or above) may revoke: others get 404', async () => {
    const cert = (await issue(env, township, { personId: personAt(7), kind: 'standard' })).json().certificate;
    const res = await post(township2, `/api/certificates/${cert.id}/revoke`, { reason: '信息有误' });
    expect(res.statusCode).toBe(404);
  });
});

describe('reading', () => {
  it('lists a person’s certificates with their events', async () => {
    await issue(env, township, { personId: personAt(8), kind: 'standard' });
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${personAt(8)}/certificates`,
      headers: { cookie: township },
    });
    expect(res.json().items[0].events.map((e: { kind: string }) => e.kind)).toEqual(['issued']);
  });

  it('answers 404 for a certificate outside the jurisdiction', async () => {
    const cert = (await issue(env, township, { personId: personAt(9), kind: 'standard' })).json().certificate;
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/certificates/${cert.id}`,
      headers: { cookie: township2 },
    });
    expect(res.statusCode).toBe(404);
  });
});
