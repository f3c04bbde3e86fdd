import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { formatCertificateNumber } from '../../core/certificate.ts';
import { generateSigningKey, privateKeyObject, signPayload, verifyPayload } from '../../core/certificate-payload.ts';
import { formatLegacyNumber, NUMBER_ALPHABET } from '../../core/record-number.ts';
import { buildApp } from '../../http/app.ts';
import { issue, newOutflowPerson } from '../certificates/certificates.fixtures.ts';
import { keyRingFor } from '../certificates/index.ts';
import { BIRTH_DATE_TRIES_PER_HOUR } from './verify.routes.ts';

let env: TestEnv;
let cert: { id: string; number: string; payload: string; personId: string };
/** The next certificate the township issued, right after `cert`. */
let next: { number: string };
const BORN = '1993-06-07'; // the fixture person's birth date (from the ID number)
const HOLDER_FIELDS = ['maskedName', 'idNumberMasked', 'maritalStatus', 'childrenCount', 'replacedByNumber'];

beforeAll(async () => {
  env = await createTestEnv();
  const township = await env.login('township');
  const person = await newOutflowPerson(env, township, { name: '欧阳晓薇' });
  cert = (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate;
  const neighbour = await newOutflowPerson(env, township);
  next = (await issue(env, township, { personId: neighbour.id, kind: 'standard' })).json().certificate;
});
afterAll(() => env.close());

const byNumber = (number: string, remoteAddress?: string) =>
  env.app.inject({
    method: 'GET',
    url: `/api/verify/${encodeURIComponent(number)}`,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const withBirthDate = (number: string, birthDate: unknown) =>
  env.app.inject({ method: 'POST', url: `/api/verify/${encodeURIComponent(number)}`, payload: { birthDate } });
const byPayload = (payload: unknown) => env.app.inject({ method: 'POST', url: '/api/verify', payload: { payload } });
const withoutTime = (body: Record<string, unknown>) => ({ ...body, checkedAt: null });

/** The numbers next to `number`: its random part counted up and down in the number alphabet, check recomputed. */
function neighbours(number: string, each: number): string[] {
  const random = number.slice(10, 18);
  let value = 0n;
  for (const c of random) value = value * 32n + BigInt(NUMBER_ALPHABET.indexOf(c));
  const out: string[] = [];
  for (let d = 1n; d <= BigInt(each); d++) {
    for (const v of [value + d, value - d]) {
      let rest = v;
      let part = '';
      for (let i = 0; i < 8; i++) {
        part = NUMBER_ALPHABET[Number(rest % 32n)] + part;
        rest /= 32n;
      }
      out.push(formatCertificateNumber(number.slice(2, 8), Number(number.slice(8, 10)), part));
    }
  }
  return out;
}

describe('public verification by number', () => {
  it('needs no login and answers the status only: no name, ID number, marital status or children', async () => {
    const res = await byNumber(cert.number);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      result: 'valid',
      label: '有效',
      detailed: false,
      certificate: { number: cert.number, kind: 'standard', expiresOn: expect.any(String) },
    });
    for (const field of HOLDER_FIELDS) expect(body.certificate).not.toHaveProperty(field);
    expect(res.body).not.toContain('欧**薇');
  });

  it('answers a wrong check character with a 400 naming the number field', async () => {
    const last = NUMBER_ALPHABET.indexOf(cert.number.slice(-1));
    const wrong = cert.number.slice(0, -1) + NUMBER_ALPHABET[(last + 1) % 32];
    const res = await byNumber(wrong);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ path: 'number', message: expect.stringContaining('证明编号') });
  });

  it('answers an unknown number with a valid check character as not found', async () => {
    const res = await byNumber(formatCertificateNumber('330205', 2026, 'ZZZZZZZZ'));
    expect(res.json()).toMatchObject({ result: 'not_found', certificate: null });
  });

  it('cannot be walked: two consecutive issues are far apart and 40 neighbouring numbers find nothing', async () => {
    expect(next.number.slice(0, 10)).toBe(cert.number.slice(0, 10));
    expect(next.number.slice(10, 18)).not.toBe(cert.number.slice(10, 18));
    const results = new Set<string>();
    for (const number of neighbours(cert.number, 20))
      results.add((await byNumber(number, '198.51.100.7')).json().result);
    expect([...results]).toEqual(['not_found']);
  });

  it('still verifies a certificate numbered before December 2026 (serial numbers printed on paper)', async () => {
    const old = formatLegacyNumber('HY', '330205', 2026, 4242);
    await env.ctx.db.updateTable('certificate').set({ number: old }).where('number', '=', next.number).execute();
    try {
      expect((await byNumber(old)).json()).toMatchObject({ result: 'valid', certificate: { number: old } });
    } finally {
      await env.ctx.db.updateTable('certificate').set({ number: next.number }).where('number', '=', old).execute();
    }
  });
});

describe('public verification by number and birth date', () => {
  it('shows the masked details when the birth date is the holder’s', async () => {
    const res = await withBirthDate(cert.number, BORN);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'valid',
      detailed: true,
      certificate: {
        number: cert.number,
        maskedName: '欧**薇',
        maritalStatus: expect.any(String),
        childrenCount: expect.any(Number),
      },
    });
    expect(res.json().certificate.idNumberMasked).toContain('********');
    expect(res.body).not.toContain('欧阳晓薇');
  });

  it('answers a wrong birth date exactly like the number alone', async () => {
    const wrong = await withBirthDate(cert.number, '1993-06-08');
    expect(wrong.statusCode).toBe(200);
    expect(withoutTime(wrong.json())).toEqual(withoutTime((await byNumber(cert.number)).json()));
  });

  it('answers an unknown number with a birth date as not found', async () => {
    const res = await withBirthDate(formatCertificateNumber('330205', 2026, 'ZZZZZZZZ'), BORN);
    expect(res.json()).toMatchObject({ result: 'not_found', certificate: null, detailed: false });
  });

  it('refuses a birth date that is not a date with a 400 naming the field', async () => {
    const res = await withBirthDate(cert.number, '1993-13-40');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({
      path: 'birthDate',
      message: expect.stringContaining('出生日期'),
    });
  });
});

describe('public verification by payload', () => {
  it('accepts the scanned QR link and shows the masked details', async () => {
    const res = await byPayload(`https://liudong.example/verify#${cert.payload}`);
    expect(res.json()).toMatchObject({ result: 'valid', detailed: true, certificate: { maskedName: '欧**薇' } });
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
    const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, verifyRatePerMinute: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.inject({ method: 'GET', url: `/api/verify/${cert.number}` })).statusCode);
    await app.close();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts birth-date checks against the same per-address limit', async () => {
    const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, verifyRatePerMinute: 2 } });
    const post = () => app.inject({ method: 'POST', url: `/api/verify/${cert.number}`, payload: { birthDate: BORN } });
    const statuses = [
      (await app.inject({ method: 'GET', url: `/api/verify/${cert.number}` })).statusCode,
      (await post()).statusCode,
      (await post()).statusCode,
    ];
    await app.close();
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('limits birth-date tries per number from any address, however the number is typed', async () => {
    const app = await buildApp(env.ctx);
    const typed = (i: number) =>
      i % 2 ? cert.number.toLowerCase() : `${cert.number.slice(0, 8)} ${cert.number.slice(8)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= BIRTH_DATE_TRIES_PER_HOUR; i++) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/verify/${encodeURIComponent(typed(i))}`,
        payload: { birthDate: `1990-01-${String(i + 1).padStart(2, '0')}` },
        remoteAddress: `203.0.113.${i + 1}`,
      });
      statuses.push(res.statusCode);
    }
    const other = await app.inject({ method: 'POST', url: `/api/verify/${next.number}`, payload: { birthDate: BORN } });
    await app.close();
    expect(statuses).toEqual([...Array(BIRTH_DATE_TRIES_PER_HOUR).fill(200), 429]);
    expect(other.statusCode).toBe(200);
  });
});
