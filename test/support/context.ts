/** A fresh copy of the template database plus the real app, for one test file. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../../src/context.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo.generator.ts';
import { currentCounter, totpCode } from '../../src/security/totp.ts';
import { openContext } from '../../src/server.ts';
import { adminQuery, databaseUrl, TEMPLATE_DB, TEMPLATE_DIR, testConfig, withDatabase } from './template.ts';

export interface TestEnv {
  ctx: AppContext;
  app: FastifyInstance;
  handle: DatabaseHandle;
  /** Logs in a demo user and returns their session cookie header. */
  login(username: string): Promise<string>;
  /** Closes the app and database but keeps the data, so another process (the CLI) can open it. */
  release(): Promise<void>;
  close(): Promise<void>;
}

export async function createTestEnv(): Promise<TestEnv> {
  const url = databaseUrl();
  // Every environment has its own data folder (uploads, import files, backups), on PostgreSQL too, so files
  // written by parallel test files never meet.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-test-'));
  let dbName: string | null = null;
  if (url) {
    dbName = `liudong_t_${crypto.randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`);
  } else {
    fs.cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  }
  const config = testConfig({ databaseUrl: url && dbName ? withDatabase(url, dbName) : null, dataDir });
  const { ctx, handle } = await openContext(config);
  const app = await buildApp(ctx);
  await app.ready();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await app.close();
    await handle.close();
  };
  return {
    ctx,
    app,
    handle,
    async login(username) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      const cookie = cookieOf(res);
      await completeLoginSteps(ctx, app, cookie, res.json().next);
      return cookie;
    },
    release,
    async close() {
      await release();
      if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Finishes the steps a role owes after the password (county admins and auditors must use TOTP), the
 * way a person with an authenticator app would, so tests can log in as any demo user.
 */
async function completeLoginSteps(ctx: AppContext, app: FastifyInstance, cookie: string, next: string): Promise<void> {
  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  if (next === 'enrol_totp') {
    const { secret } = (await post('/api/auth/totp/enrol')).json();
    const res = await post('/api/auth/totp/confirm', { code: totpCode(secret, currentCounter()) });
    if (res.statusCode !== 200) throw new Error(`TOTP enrolment failed: ${res.body}`);
  } else if (next === 'totp') {
    const { username } = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user;
    const user = await ctx.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    // Several logins inside one 30-second step would otherwise be refused as replays.
    await ctx.db.updateTable('app_user').set({ totp_last_counter: null }).where('id', '=', user.id).execute();
    const secret = ctx.pii.decrypt(user.totp_secret_enc as string);
    const res = await post('/api/auth/totp', { code: totpCode(secret, currentCounter()) });
    if (res.statusCode !== 200) throw new Error(`TOTP step failed: ${res.body}`);
  } else if (next !== 'full') {
    throw new Error(`unexpected login step ${next}`);
  }
}

export function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no session cookie');
  return first.split(';')[0] as string;
}
