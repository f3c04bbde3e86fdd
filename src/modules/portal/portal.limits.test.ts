/** The resident sign-in's limits when requests arrive at the same moment (issue 18). */
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { AppError } from '../../core/errors.ts';
import { OTP_MAX_ATTEMPTS, requestCode } from './portal.auth.ts';
import { MemorySmsSender, setSmsSender } from './sms.ts';

let env: TestEnv;
let village: string;
const sms = new MemorySmsSender();

beforeAll(async () => {
  // Many requests from one test address; the per-address limit is not what these tests are about.
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
});
afterAll(() => env.close());

async function registeredIdNumber(): Promise<string> {
  const input = personInput({ idNumber: validIdNumber() });
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: input,
  });
  expect(res.statusCode, res.body).toBe(201);
  return input.idNumber as string;
}

const post = (url: string, payload: object) => env.app.inject({ method: 'POST', url, payload });
const inParallel = <T>(n: number, send: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => send(i)));

describe('resident sign-in requests sent at the same moment', () => {
  it('send one code, and the rest are throttled', async () => {
    const idNumber = await registeredIdNumber();
    const before = sms.sent.length;
    // Straight to the service: the HTTP stack happens to run injected requests one after another.
    const request = { ip: '192.0.2.7' } as FastifyRequest;
    const answers = await inParallel(10, () =>
      requestCode(env.ctx, request, idNumber).then(
        () => 'sent',
        (err: unknown) => (err instanceof AppError ? err.code : 'other'),
      ),
    );
    expect(answers.sort()).toEqual([...Array(9).fill('RATE_LIMITED'), 'sent']);
    expect(sms.sent.length - before).toBe(1);
  });

  it('with 25 wrong codes lock the code, so the right one is refused afterwards', async () => {
    const idNumber = await registeredIdNumber();
    expect((await post('/api/portal/auth/code', { idNumber })).statusCode).toBe(202);
    const code = sms.lastCode() as string;
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const answers = await inParallel(25, (i) => post('/api/portal/auth/verify', { idNumber, code: wrong(i) }));
    expect(answers.every((r) => r.statusCode === 401)).toBe(true);
    expect((await post('/api/portal/auth/verify', { idNumber, code })).statusCode).toBe(401);
    const otp = await env.ctx.db
      .selectFrom('resident_otp')
      .select('attempts')
      .where('id_hash', '=', env.ctx.pii.blindIndex(idNumber))
      .executeTakeFirstOrThrow();
    expect(otp.attempts).toBe(OTP_MAX_ATTEMPTS);
  });
});
