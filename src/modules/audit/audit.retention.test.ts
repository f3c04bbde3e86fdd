import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { loadConfig } from '../../config.ts';
import { sealAudit, type VerifyResult, verifyAudit } from './audit.chain.ts';
import { purgeAudit } from './audit.retention.ts';

const POLICY = { logMonths: 6, processingMonths: 36 };
const SOMEONE = '00000000-0000-4000-8000-000000000001';

let env: TestEnv;
let before: VerifyResult;
const key = () => env.ctx.auditTrail.keys.chain;

async function count(where: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE ${sql.raw(where)}`.execute(
    env.ctx.db,
  );
  return r.rows[0]?.n ?? 0;
}

/** Old rows of each kind, written as if years ago, in one run of the chain after the template's rows. */
async function insertAged(action: string, personId: string | null, age: string, n: number) {
  await sql`INSERT INTO audit_log (at, action, person_id)
    SELECT now() - ${age}::interval + g * interval '1 second', ${action}, ${personId}::uuid
    FROM generate_series(1, ${n}) AS g`.execute(env.ctx.db);
}

/** Tampers inside a transaction, verifies there, and rolls back, so each case starts from a clean log. */
async function verifyAfter(statement: string): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await env.ctx.db
    .transaction()
    .execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
      await sql.raw(statement).execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
      result = await verifyAudit(trx, key());
      throw new Error('rollback');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error && err.message === 'rollback')) throw err;
    });
  return result as VerifyResult;
}

beforeAll(async () => {
  env = await createTestEnv();
  await insertAged('test.log-old', null, '2 years', 5);
  await insertAged('test.record-young', SOMEONE, '2 years', 5);
  await insertAged('test.record-old', SOMEONE, '4 years', 5);
  await insertAged('test.log-recent', null, '1 day', 3);
  await sealAudit(env.ctx.db, key());
  // Old but never sealed: a purge must leave it alone.
  await insertAged('test.unsealed-old', null, '5 years', 1);
  before = await verifyAudit(env.ctx.db, key());
});
afterAll(() => env.close());

describe('audit purge', () => {
  it('deletes only sealed rows past their retention, and the chain still verifies from the anchor', async () => {
    expect(before.ok).toBe(true);
    // More than 9 sealed rows: the chain is walked in numeric order, not as text ("10" < "2").
    expect(before.checked).toBeGreaterThan(10);
    const result = await purgeAudit(env.ctx.db, key(), POLICY);
    expect(result).toMatchObject({ deleted: 10, anchorChainSeq: expect.any(String) });
    expect(await count(`action IN ('test.log-old', 'test.record-old')`)).toBe(0);
    expect(await count(`action = 'test.record-young'`)).toBe(5);
    expect(await count(`action = 'test.log-recent'`)).toBe(3);
    expect(await count(`action = 'test.unsealed-old'`)).toBe(1);
    expect(await count(`action = 'audit.purge'`)).toBe(1);
    await sealAudit(env.ctx.db, key());
    const after = await verifyAudit(env.ctx.db, key());
    expect(after).toMatchObject({ ok: true });
    // Everything sealed before, less the purged rows, plus the purge's own row and the sealed old one.
    expect(after.checked).toBe(before.checked - 10 + 2);
  });

  it('purges an old row once it is sealed, from a newer anchor, and then has nothing more to do', async () => {
    const second = await purgeAudit(env.ctx.db, key(), POLICY);
    expect(second).toMatchObject({ deleted: 1 });
    expect(await count(`action = 'test.unsealed-old'`)).toBe(0);
    expect(await purgeAudit(env.ctx.db, key(), POLICY)).toMatchObject({ anchorChainSeq: null, deleted: 0 });
    await sealAudit(env.ctx.db, key());
    expect((await verifyAudit(env.ctx.db, key())).ok).toBe(true);
  });

  it('detects a kept row edited after the purge', async () => {
    const result = await verifyAfter(`UPDATE audit_log SET action = 'x' WHERE action = 'test.record-young'
      AND seq = (SELECT min(seq) FROM audit_log WHERE action = 'test.record-young')`);
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'row content was altered' } });
  });

  it('detects a kept row deleted after the purge', async () => {
    const result = await verifyAfter(
      `DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log WHERE action = 'test.record-young')`,
    );
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: expect.stringMatching(/deleted/) } });
  });

  it('detects a row after the anchor deleted', async () => {
    await insertAged('test.after-anchor', null, '1 hour', 3);
    await sealAudit(env.ctx.db, key());
    const result = await verifyAfter(
      `DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log WHERE action = 'test.after-anchor')`,
    );
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'row missing (deleted)' } });
  });

  it('detects an anchor written without the key', async () => {
    const result = await verifyAfter(`INSERT INTO audit_anchor
      (chain_seq, hash, kept_rows, kept_digest, deleted_rows, log_cutoff, processing_cutoff)
      SELECT max(chain_seq) + 1000, 'x', 0, '', 0, now(), now() FROM audit_log`);
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'the purge anchor is forged or altered' } });
  });

  it('refuses a DELETE outside a purge, and a purge-flagged DELETE of young or unanchored rows', async () => {
    await expect(sql`DELETE FROM audit_log WHERE action = 'test.record-young'`.execute(env.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await insertAged('test.unsealed-old-2', null, '5 years', 1);
    for (const action of ['test.log-recent', 'test.unsealed-old-2', 'test.record-young']) {
      await expect(
        env.ctx.db.transaction().execute(async (trx) => {
          await sql`SELECT set_config('liudong.audit_purge', 'on', true)`.execute(trx);
          await sql`DELETE FROM audit_log WHERE action = ${action}`.execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
    }
    await expect(sql`DELETE FROM audit_anchor`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
  });

  it('refuses to purge a broken chain, and purges nothing', async () => {
    await insertAged('test.log-old-2', null, '1 year', 2);
    await sealAudit(env.ctx.db, key());
    const edit = async (action: string, to: string) =>
      env.ctx.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
        await sql`UPDATE audit_log SET action = ${to} WHERE action = ${action}`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
      });
    await edit('test.log-recent', 'test.log-edited');
    await expect(purgeAudit(env.ctx.db, key(), POLICY)).rejects.toThrow(/broken at chain position/);
    expect(await count(`action = 'test.log-old-2'`)).toBe(2);
    await edit('test.log-edited', 'test.log-recent');
    expect((await purgeAudit(env.ctx.db, key(), POLICY)).deleted).toBeGreaterThanOrEqual(2);
    expect(await count(`action = 'test.log-old-2'`)).toBe(0);
    expect((await verifyAudit(env.ctx.db, key())).ok).toBe(true);
  });
});

describe('retention settings', () => {
  it('refuse periods shorter than the legal minimums', () => {
    const saved = { ...process.env };
    try {
      process.env.LIUDONG_AUDIT_LOG_RETENTION_MONTHS = '5';
      expect(() => loadConfig()).toThrow(/at least 6/);
      process.env.LIUDONG_AUDIT_LOG_RETENTION_MONTHS = '12';
      process.env.LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS = '24';
      expect(() => loadConfig()).toThrow(/at least 36/);
      process.env.LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS = '60';
      expect(loadConfig()).toMatchObject({ auditLogRetentionMonths: 12, auditProcessingRetentionMonths: 60 });
    } finally {
      process.env = saved;
    }
  });
});
