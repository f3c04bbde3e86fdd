import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../src/server.ts';
import { runCli as runTestCli } from './support/cli.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;

const runCli = (args: string[]) => runTestCli(env.ctx.config, args);

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < 4; i++) await env.login('village');
  // The CLI opens the database itself; PGlite allows one process at a time.
  await env.release();
});
afterAll(() => env.close());

describe('liudong audit verify', () => {
  it('reports OK on an untouched log', () => {
    const { status, out } = runCli(['audit', 'verify']);
    expect(out).toMatch(/^OK: \d+ sealed rows verified/m);
    expect(status).toBe(0);
  });

  it('exits 1 naming the broken row after a manual UPDATE', async () => {
    const { ctx, handle } = await openContext(env.ctx.config);
    await ctx.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
      await sql`UPDATE audit_log SET outcome = 'failed' WHERE chain_seq = 2`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
    });
    await handle.close();
    const { status, out } = runCli(['audit', 'verify']);
    expect(out).toMatch(/BROKEN at chain position 2 .*altered/);
    expect(status).toBe(1);
  });
});
