import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import { sealAudit, verifyAudit } from './audit.chain.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const cookie = await env.login('village');
  for (let i = 0; i < 3; i++)
    await env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: personInput() });
  await sealAudit(env.ctx.db);
});
afterAll(() => env.close());

/** What an attacker with database rights would do: switch the append-only guard off first. */
async function tamper(statement: string) {
  await env.ctx.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
    await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
  });
}

async function middleSeq(): Promise<string> {
  const rows = await sql<{
    seq: string;
  }>`SELECT seq::text AS seq FROM audit_log WHERE hash IS NOT NULL ORDER BY chain_seq`.execute(env.ctx.db);
  return rows.rows[Math.floor(rows.rows.length / 2)]!.seq;
}

describe('audit chain', () => {
  it('verifies an untouched log', async () => {
    const result = await verifyAudit(env.ctx.db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(3);
  });

  it('refuses a plain UPDATE or DELETE', async () => {
    await expect(
      sql`UPDATE audit_log SET action = 'x' WHERE seq = (SELECT min(seq) FROM audit_log)`.execute(env.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)`.execute(env.ctx.db),
    ).rejects.toThrow(/append-only/);
  });

  it('reports the first broken row after a manual UPDATE', async () => {
    const seq = await middleSeq();
    await tamper(`UPDATE audit_log SET actor_username = 'someone-else' WHERE seq = ${seq}`);
    const result = await verifyAudit(env.ctx.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq, reason: 'row content was altered' });
  });
});

describe('audit chain after a deletion', () => {
  let other: TestEnv;
  beforeAll(async () => {
    other = await createTestEnv();
    for (let i = 0; i < 3; i++) await other.login('township');
    await sealAudit(other.ctx.db);
  });
  afterAll(() => other.close());

  it('fails when a row in the middle is deleted', async () => {
    const rows = await sql<{
      seq: string;
    }>`SELECT seq::text AS seq FROM audit_log WHERE hash IS NOT NULL ORDER BY chain_seq`.execute(other.ctx.db);
    expect(rows.rows.length).toBeGreaterThan(1);
    await other.ctx.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
      await sql`DELETE FROM audit_log WHERE seq = ${rows.rows[0]!.seq}::bigint`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
    });
    const result = await verifyAudit(other.ctx.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toMatch(/deleted/);
  });
});

describe('audit chain after deleting the newest rows', () => {
  let third: TestEnv;
  beforeAll(async () => {
    third = await createTestEnv();
    for (let i = 0; i < 3; i++) await third.login('township');
    await sealAudit(third.ctx.db);
  });
  afterAll(() => third.close());

  it('fails when the tail of the chain is deleted', async () => {
    await third.ctx.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
      await sql`DELETE FROM audit_log WHERE chain_seq = (SELECT max(chain_seq) FROM audit_log)`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
    });
    const result = await verifyAudit(third.ctx.db);
    expect(result.ok).toBe(false);
  });
});
