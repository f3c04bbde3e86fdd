/**
 * The password step's guess budget under concurrency, and unknown usernames answered like real ones (issue 18).
 * Timing is never measured: "costs the same" is checked as "derives the same scrypt key".
 */
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { upsertUser } from '../users/index.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());
afterEach(() => vi.restoreAllMocks());

// A client address per test, so the per-address lock (30 failures) and rate limit never join tests up.
let address = 0;
let clientIp = '';
beforeEach(() => {
  clientIp = `192.0.2.${++address}`;
});

const RIGHT = 'Right-pass-2026';

function login(username: string, password: string) {
  return env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: clientIp,
  });
}

/** Each test has its own account (and so its own count) and, for the per-address lock, its own address. */
async function account(username: string): Promise<string> {
  await upsertUser(env.ctx.db, {
    username,
    displayName: '测试',
    role: 'village_manager',
    divisionCode: '330205005003',
    password: RIGHT,
  });
  return username;
}

const parallelWrong = (username: string, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => login(username, `wrong-guess-${i}`)));

/** The scrypt key derivations a block of code performs, as their cost parameters. */
async function scryptCalls(run: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(crypto, 'scrypt');
  await run();
  const calls = spy.mock.calls.map((args) => JSON.stringify([args[2], args[3]]));
  spy.mockRestore();
  return calls;
}

describe('password guesses sent at the same moment', () => {
  it('lock the account, so the right password is refused afterwards', async () => {
    const name = await account('parallel-lock');
    const answers = await parallelWrong(name, 25);
    expect(answers.filter((r) => r.statusCode === 429).length).toBeGreaterThan(0);
    const right = await login(name, RIGHT);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_LOCKED');
  });

  it('have no more passwords checked than the configured number of failures', async () => {
    const name = await account('parallel-budget');
    const calls = await scryptCalls(() => parallelWrong(name, 25));
    expect(calls).toHaveLength(env.ctx.config.loginMaxFailures);
  });

  it('are answered 401 until the last allowed one, and 429 after it', async () => {
    const name = await account('parallel-answers');
    const codes = (await parallelWrong(name, 25)).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(env.ctx.config.loginMaxFailures - 1);
    expect(codes.filter((c) => c === 429)).toHaveLength(25 - (env.ctx.config.loginMaxFailures - 1));
  });
});

describe('an unknown username', () => {
  it('costs one scrypt derivation with the same parameters as a real account', async () => {
    const name = await account('timing-real');
    await login('timing-warm-up', 'wrong-guess-0'); // the dummy hash is made on first use
    const real = await scryptCalls(() => login(name, 'wrong-guess-1'));
    const unknown = await scryptCalls(() => login('timing-nobody', 'wrong-guess-1'));
    expect(real).toHaveLength(1);
    expect(unknown).toEqual(real);
  });

  it('is locked after the same number of failures, with the same answers', async () => {
    const name = await account('lock-real');
    const answersFor = async (username: string) => {
      const out: { status: number; body: unknown }[] = [];
      for (let i = 0; i <= env.ctx.config.loginMaxFailures; i++) {
        const res = await login(username, `wrong-guess-${i}`);
        out.push({ status: res.statusCode, body: res.json() });
      }
      return out;
    };
    const real = await answersFor(name);
    const unknown = await answersFor('lock-nobody');
    expect(unknown).toEqual(real);
    expect(real.at(-1)?.status).toBe(429);
  });
});

describe('a successful login', () => {
  it('clears the count, so earlier failures do not add up to a lock', async () => {
    const name = await account('clears-count');
    for (let i = 0; i < env.ctx.config.loginMaxFailures - 1; i++)
      expect((await login(name, 'nope-1')).statusCode).toBe(401);
    expect((await login(name, RIGHT)).statusCode).toBe(200);
    for (let i = 0; i < env.ctx.config.loginMaxFailures - 1; i++)
      expect((await login(name, 'nope-1')).statusCode).toBe(401);
    expect((await login(name, RIGHT)).statusCode).toBe(200);
  });

  it('works again once the lock has expired', async () => {
    const name = await account('lock-expires');
    await parallelWrong(name, env.ctx.config.loginMaxFailures);
    expect((await login(name, RIGHT)).statusCode).toBe(429);
    await env.ctx.db
      .updateTable('login_attempt')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('subject', '=', `password:${name}`)
      .execute();
    expect((await login(name, RIGHT)).statusCode).toBe(200);
  });
});
