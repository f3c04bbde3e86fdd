import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { formatCertificateNumber } from '../../core/certificate.ts';
import { generateSigningKey, privateKeyObject, signPayload, verifyPayload } from '../../core/certificate-payload.ts';
import { buildApp } from '../../http/app.ts';
import { issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';
import { keyRingFor } from '../certificates/signing-keys.ts';

let env: TestEnv;
let cert: { id: string; number: string; payload: string; personId: string };

beforeAll(async () => {
  env = await createTestEnv();
  const township = await env.login('township');
  const person = await newOutflowPerson(env, township, { name: '欧阳晓薇' });
  cert = (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate;
});
afterAll(() => env.close());

const byNumber = (number: string) =>
  env.app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent(number)}` });
const byPayload = (payload: unknown) => env.app.inject({ method: 'POST', url: '/api/verify', payload: { payload } });

describe('public verification by number', () => {
  it('needs no login and shows masked data only', async () => {
    const res = await byNumber(cert.number);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      result: 'valid',
      label: '有效',
      certificate: { number: cert.number, maskedName: '欧**薇' },
    });
    expect(res.body).not.toContain('欧阳晓薇');
    expect(body.certificate.idNumberMasked).toContain('********');
  });

  it('answers a wrong check character with a 400 naming the number field', async () => {
    const wrong = cert.number.slice(0, -1) + (cert.number.endsWith('1') ? '2' : '1');
    const res = await byNumber(wrong);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'number', message: expect.stringContaining('证明编号') });
  });

  it('answers an unknown number with a valid check character as not found', async () => {
    const res = await byNumber(formatCertificateNumber('330205', 2026, 9_999_999));
    expect(res.json()).toMatchObject({ result: 'not_found', certificate: null });
  });
});

describe('public verification by payload', () => {
  it('accepts the scanned QR link and answers valid', async () => {
    const res = await byPayload(`https://liudong.example/verify#${cert.payload}`);
    expect(res.json().result).toBe('valid');
  });

  it('answers forged for a payload with one byte changed, revealing nothing of the real record', async () => {
    const i = cert.payload.indexOf('.', 5) + 8;
    const tampered = cert.payload.slice(0, i) + (cert.payload[i] === 'A' ? 'B' : 'A') + cert.payload.slice(i + 1);
    const res = await byPayload(tampered);
    expect(res.json()).toMatchObject({ result: 'forged', certificate: null });
    expect(res.body).not.toContain(cert.number);
  });

  it('answers forged for a payload signed by an unknown key', async () => {
    const stranger = generateSigningKey();
    const real = verifyPayload(cert.payload, await keyRingFor(env.ctx.db).keys());
    if (!real.ok) throw new Error('fixture payload does not verify');
    const forged = signPayload(real.facts, { kid: stranger.kid, privateKey: privateKeyObject(stranger.privateKey) });
    expect((await byPayload(forged)).json()).toMatchObject({
      result: 'forged',
      reason: expect.stringContaining('密钥'),
    });
  });

  it('answers forged for a truncated QR', async () => {
    expect((await byPayload(cert.payload.slice(0, 60))).json().result).toBe('forged');
  });

  it('refuses an oversized body with 413 and an over-long payload with 400', async () => {
    const huge = await byPayload('A'.repeat(20_000));
    expect(huge.statusCode).toBe(413);
    const long = await byPayload('A'.repeat(5_000));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.issues[0].path).toBe('payload');
  });

  it('refuses a body that is not a string payload without a 500', async () => {
    const res = await byPayload({ nested: true });
    expect(res.statusCode).toBe(400);
  });
});

describe('logging and limits', () => {
  it('logs every verification in the audit trail against the person', async () => {
    await byNumber(cert.number);
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'person_id', 'actor_role'])
      .where('action', '=', 'certificate.verify')
      .where('person_id', '=', cert.personId)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.actor_role).toBe('public');
  });

  it('limits requests per address and says so with 429', async () => {
    process.env.LIUDONG_VERIFY_RATE_PER_MINUTE = '3';
    const app = await buildApp(env.ctx);
    delete process.env.LIUDONG_VERIFY_RATE_PER_MINUTE;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.inject({ method: 'GET', url: `/api/verify/${cert.number}` })).statusCode);
    await app.close();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
