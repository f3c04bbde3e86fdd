/** The second step's guess budget: wrong TOTP and recovery codes, per account, under concurrency (issue 18). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cookieOf, createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { currentCounter, totpCode } from '../../security/totp.ts';
import { upsertUser } from '../users/index.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const PASSWORD = 'Right-pass-2026';

// A client address per test, so the per-address limits never join tests up.
let address = 0;
let clientIp = '';
beforeEach(() => {
  clientIp = `198.51.100.${++address}`;
});

const post = (cookie: string, url: string, payload?: object) =>
  env.app.inject({
    method: 'POST',
    url,
    headers: { cookie },
    remoteAddress: clientIp,
    ...(payload ? { payload } : {}),
  });

async function passwordLogin(username: string): Promise<string> {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
    remoteAddress: clientIp,
  });
  expect(res.statusCode, res.body).toBe(200);
  return cookieOf(res);
}

interface Enrolled {
  username: string;
  secret: string;
  recoveryCodes: string[];
  /** A session that has passed the password and owes the code. */
  atSecondStep(): Promise<string>;
  rightCode(): Promise<string>;
}

/** An account with an authenticator, enrolled through the API the way a person does it. */
async function enrolled(username: string): Promise<Enrolled> {
  await upsertUser(env.ctx.db, {
    username,
    displayName: '测试',
    role: 'village_manager',
    divisionCode: '330205005003',
    password: PASSWORD,
  });
  const cookie = await passwordLogin(username);
  const { secret } = (await post(cookie, '/api/auth/totp/enrol')).json();
  const confirm = await post(cookie, '/api/auth/totp/confirm', { code: totpCode(secret, currentCounter()) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  return {
    username,
    secret,
    recoveryCodes: confirm.json().recoveryCodes,
    atSecondStep: () => passwordLogin(username),
    async rightCode() {
      // Enrolment used this 30-second step's code; forget it, or the right code would be refused as a replay.
      await env.ctx.db
        .updateTable('app_user')
        .set({ totp_last_counter: null })
        .where('username', '=', username)
        .execute();
      return totpCode(secret, currentCounter());
    },
  };
}

/** A 6-digit code that matches none of the steps the server accepts (the current one and one either side). */
function wrongTotp(secret: string, i: number): string {
  const valid = new Set([-1, 0, 1].map((d) => totpCode(secret, currentCounter() + d)));
  for (let n = i; ; n++) {
    const code = String((n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

const max = () => env.ctx.config.totpMaxFailures;

describe('wrong second-step codes', () => {
  it('lock the step after the configured number, even for the right code', async () => {
    const user = await enrolled('totp-seq');
    const cookie = await user.atSecondStep();
    for (let i = 0; i < max() - 1; i++) {
      expect((await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, i) })).statusCode).toBe(400);
    }
    const last = await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, max()) });
    expect(last.statusCode).toBe(429);
    const right = await post(cookie, '/api/auth/totp', { code: await user.rightCode() });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_LOCKED');
  });

  it('sent 40 at the same moment still lock the step for the right code', async () => {
    const user = await enrolled('totp-parallel');
    const cookie = await user.atSecondStep();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, i) })),
    );
    expect(answers.filter((r) => r.statusCode === 400)).toHaveLength(max() - 1);
    expect((await post(cookie, '/api/auth/totp', { code: await user.rightCode() })).statusCode).toBe(429);
  });

  it('count per account, so signing in again with the password does not reset them', async () => {
    const user = await enrolled('totp-relogin');
    for (let i = 0; i < max() - 1; i++) {
      const cookie = await user.atSecondStep();
      expect((await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, i) })).statusCode).toBe(400);
    }
    const cookie = await user.atSecondStep();
    expect((await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, 99) })).statusCode).toBe(429);
  });

  it('include wrong recovery codes, and a locked step leaves a right recovery code unspent', async () => {
    const user = await enrolled('totp-recovery');
    const cookie = await user.atSecondStep();
    for (let i = 0; i < max(); i++) await post(cookie, '/api/auth/totp', { code: `ZZZZ-ZZZ${i}` });
    const code = user.recoveryCodes[0] as string;
    expect((await post(cookie, '/api/auth/totp', { code })).statusCode).toBe(429);
    const row = await env.ctx.db
      .selectFrom('app_user')
      .select('recovery_code_hashes')
      .where('username', '=', user.username)
      .executeTakeFirstOrThrow();
    expect(row.recovery_code_hashes).toHaveLength(10);
  });

  it('are cleared by a right code', async () => {
    const user = await enrolled('totp-clears');
    for (let round = 0; round < 2; round++) {
      const cookie = await user.atSecondStep();
      for (let i = 0; i < max() - 1; i++) await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, i) });
      const right = await post(cookie, '/api/auth/totp', { code: await user.rightCode() });
      expect(right.statusCode, right.body).toBe(200);
    }
  });

  it('are audited as failed, the locking one marked, and refusals while locked as denied', async () => {
    const user = await enrolled('totp-audit');
    const cookie = await user.atSecondStep();
    for (let i = 0; i <= max(); i++) await post(cookie, '/api/auth/totp', { code: wrongTotp(user.secret, i) });
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select(['outcome', 'details'])
      .where('action', '=', 'auth.totp')
      .where('actor_username', '=', user.username)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.outcome, r.details])).toEqual([
      ...Array.from({ length: max() - 1 }, () => ['failed', { locked: false }]),
      ['failed', { locked: true }],
      ['denied', { reason: 'locked' }],
    ]);
  });
});

describe('a recovery code sent twice at the same moment', () => {
  it('works once', async () => {
    const user = await enrolled('recovery-race');
    const code = user.recoveryCodes[1] as string;
    const [a, b] = [await user.atSecondStep(), await user.atSecondStep()];
    const answers = await Promise.all([a, b].map((cookie) => post(cookie, '/api/auth/totp', { code })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });
});
