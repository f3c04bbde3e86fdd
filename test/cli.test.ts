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

  it('exits 1 naming the missing rows after the newest rows are deleted and the seal moved back', async () => {
    const { ctx, handle } = await openContext(env.ctx.config);
    const head = await sql<{ n: number }>`SELECT last_seq::int AS n FROM audit_seal`.execute(ctx.db);
    const last = head.rows[0]?.n as number;
    await ctx.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
      await sql`DELETE FROM audit_log WHERE chain_seq > ${last - 50}`.execute(trx);
      await sql`UPDATE audit_seal SET last_seq = ${last - 50},
        last_hash = (SELECT hash FROM audit_log WHERE chain_seq = ${last - 50})`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
    });
    await handle.close();
    const { status, out } = runCli(['audit', 'verify', '--no-seal']);
    expect(out).toMatch(
      new RegExp(`BROKEN at chain position ${last - 49} .*rows ${last - 49}–${last}, covered by the checkpoint`),
    );
    expect(status).toBe(1);
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
