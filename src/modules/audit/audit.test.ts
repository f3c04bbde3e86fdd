import fs from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import * as keyedChainMigration from '../../db/migrations/2026-12-07T00-audit-keyed-chain.ts';
import { CHAIN_CONTENT, type ChainHasher, GENESIS, legacyChainHash, sealAudit, verifyAudit } from './audit.chain.ts';
import { SYSTEM_ACTOR, writeAudit } from './audit.repository.ts';
import { checkAuditChain, checkAuditTrail, checkpointRestoredChain, uncheckedStatus } from './audit.trail.ts';

const key = (env: TestEnv) => env.ctx.auditTrail.keys.chain;

/** What an attacker with database rights would do: switch the append-only guard off first. */
async function tamper(env: TestEnv, ...statements: string[]) {
  await env.ctx.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
    for (const statement of statements) await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
  });
}

async function sealedPositions(env: TestEnv): Promise<{ seq: string; chainSeq: string }[]> {
  const rows = await sql<{ seq: string; chain_seq: string }>`SELECT seq::text AS seq, chain_seq::text AS chain_seq
    FROM audit_log WHERE hash IS NOT NULL ORDER BY audit_log.chain_seq`.execute(env.ctx.db);
  return rows.rows.map((r) => ({ seq: r.seq, chainSeq: r.chain_seq }));
}

/**
 * The rewrite from the security review: change the actor of the row at `pos`, recompute every later link
 * with `hash` (the attacker has the published formula, not the key) and move the seal to the new head.
 */
async function rewriteFrom(
  env: TestEnv,
  pos: string,
  hash: ChainHasher,
  opts: { edit?: boolean; andAlso?: string } = {},
) {
  await env.ctx.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard`.execute(trx);
    if (opts.edit !== false) {
      await sql`UPDATE audit_log SET actor_username = 'someone-else' WHERE chain_seq = ${pos}::bigint`.execute(trx);
    }
    const before = await sql<{ hash: string }>`SELECT hash FROM audit_log WHERE chain_seq = ${pos}::bigint - 1`.execute(
      trx,
    );
    let prev = before.rows[0]?.hash ?? GENESIS;
    const rows = await sql<{ seq: string; chain_seq: string; content: string }>`SELECT seq::text AS seq,
      chain_seq::text AS chain_seq, ${CHAIN_CONTENT} AS content FROM audit_log
      WHERE chain_seq >= ${pos}::bigint ORDER BY audit_log.chain_seq`.execute(trx);
    for (const r of rows.rows) {
      const h = hash(prev, r.chain_seq, r.content);
      await sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${h} WHERE seq = ${r.seq}::bigint`.execute(trx);
      prev = h;
    }
    await sql`UPDATE audit_seal SET last_hash = ${prev}`.execute(trx);
    if (opts.andAlso) await sql.raw(opts.andAlso).execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard`.execute(trx);
  });
}

describe('audit chain', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    const cookie = await env.login('village');
    for (let i = 0; i < 3; i++)
      await env.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie }, payload: personInput() });
    await sealAudit(env.ctx.db, key(env));
  });
  afterAll(() => env.close());

  it('verifies an untouched log', async () => {
    const result = await verifyAudit(env.ctx.db, key(env));
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

  it('refuses changes to a row that is not sealed yet, column by column', async () => {
    await writeAudit(
      env.ctx.db,
      { ...SYSTEM_ACTOR, ip: '10.0.0.1', role: 'village_manager' },
      {
        action: 'test.unsealed',
        entity: 'person',
      },
    );
    for (const change of [`actor_username = 'x'`, `ip = '1.2.3.4'`, `actor_role = 'auditor'`, `entity = 'other'`]) {
      await expect(
        sql`UPDATE audit_log SET ${sql.raw(change)} WHERE action = 'test.unsealed' AND hash IS NULL`.execute(
          env.ctx.db,
        ),
        change,
      ).rejects.toThrow(/append-only/);
    }
    expect(await sealAudit(env.ctx.db, key(env))).toBe(1);
    expect((await verifyAudit(env.ctx.db, key(env))).ok).toBe(true);
  });

  it('reports the first broken row after a manual UPDATE', async () => {
    const rows = await sealedPositions(env);
    const seq = rows[Math.floor(rows.length / 2)]!.seq;
    await tamper(env, `UPDATE audit_log SET actor_username = 'someone-else' WHERE seq = ${seq}`);
    const result = await verifyAudit(env.ctx.db, key(env));
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq, reason: 'row content was altered' });
  });
});

describe('audit chain rewritten with every later hash recomputed', () => {
  let env: TestEnv;
  let target: { seq: string; chainSeq: string };
  beforeAll(async () => {
    env = await createTestEnv();
    const rows = await sealedPositions(env);
    target = rows[Math.floor(rows.length / 2)]!;
    await rewriteFrom(env, target.chainSeq, legacyChainHash);
  });
  afterAll(() => env.close());

  it('is refused at the rewritten row: the links are keyed', async () => {
    const result = await verifyAudit(env.ctx.db, key(env));
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: target.seq, chainSeq: target.chainSeq, reason: 'row content was altered' },
    });
  });

  it('is logged loudly by the server check and shown to auditors', async () => {
    const status = uncheckedStatus();
    const alarms: string[] = [];
    await checkAuditChain(env.ctx.db, env.ctx.auditTrail, status, { full: true, alarm: (m) => alarms.push(m) });
    expect(alarms).toEqual([expect.stringContaining(`AUDIT CHAIN BROKEN at chain position ${target.chainSeq}`)]);
    env.ctx.auditStatus = status;
    const auditor = await env.login('auditor');
    const res = await env.app.inject({ method: 'GET', url: '/api/audit/status', headers: { cookie: auditor } });
    expect(res.json()).toMatchObject({ state: 'broken', firstBroken: { chainSeq: target.chainSeq } });
  });
});

describe('audit chain rewritten as if it predated the key', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await checkAuditTrail(env.ctx.db, env.ctx.auditTrail, { write: 'always' });
    // Every link from the first recomputed by the public formula, the switch-over moved past the head to match.
    await rewriteFrom(env, '1', legacyChainHash, {
      andAlso: 'UPDATE audit_seal SET keyed_from = last_seq + 1',
    });
  });
  afterAll(() => env.close());

  it('passes the database alone, so the checkpoint outside it must catch it', async () => {
    expect((await verifyAudit(env.ctx.db, key(env))).ok).toBe(true);
    const result = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail);
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: expect.stringMatching(/switch-over .* moved/) } });
  });
});

describe('audit chain truncated with the seal moved back', () => {
  let env: TestEnv;
  let head: string;
  beforeAll(async () => {
    env = await createTestEnv();
    const first = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail, { write: 'always' });
    expect(first.ok).toBe(true);
    head = first.head.pos;
    expect(Number(head)).toBeGreaterThan(50);
    const newHead = Number(head) - 50;
    await tamper(
      env,
      `DELETE FROM audit_log WHERE chain_seq > ${newHead}`,
      `UPDATE audit_seal SET last_seq = ${newHead}, last_hash = (SELECT hash FROM audit_log WHERE chain_seq = ${newHead})`,
    );
  });
  afterAll(() => env.close());

  it('fails against the checkpoint, naming the missing rows', async () => {
    const result = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail);
    const from = Number(head) - 49;
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { chainSeq: String(from), reason: expect.stringContaining(`rows ${from}–${head}`) },
    });
  });

  it('also fails the server’s periodic check, which resumes from the checkpoint', async () => {
    const status = uncheckedStatus();
    await checkAuditChain(env.ctx.db, env.ctx.auditTrail, status, { full: false, alarm: () => undefined });
    expect(status).toMatchObject({ state: 'broken', firstBroken: { reason: expect.stringMatching(/truncated/) } });
  });

  it('after a restore of the shorter chain, keeps the old checkpoint file aside and starts again at its head', async () => {
    const chain = await verifyAudit(env.ctx.db, key(env));
    const restored = await checkpointRestoredChain(env.ctx.db, env.ctx.auditTrail, chain);
    expect(restored.gap?.reason).toMatch(/truncated or rolled back/);
    expect(fs.existsSync(restored.movedAside as string)).toBe(true);
    expect(restored.written.pos).toBe(chain.head.pos);
    expect((await checkAuditTrail(env.ctx.db, env.ctx.auditTrail)).ok).toBe(true);
  });
});

describe('audit checkpoints', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('are appended as the chain grows and checked from the latest one', async () => {
    const first = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail, { write: 'always' });
    await env.login('township');
    await sealAudit(env.ctx.db, key(env));
    const second = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail, { incremental: true, write: 'when-moved' });
    expect(second).toMatchObject({ ok: true, checkpoint: { pos: first.head.pos } });
    expect(Number(second.written?.pos)).toBeGreaterThan(Number(first.head.pos));
    expect(second.checked).toBe(Number(second.head.pos) - Number(first.head.pos));
  });

  it('refuse a checkpoint file line that was edited', async () => {
    const file = env.ctx.auditTrail.checkpointFile;
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const edited = JSON.parse(lines[0] as string);
    edited.pos = '1';
    fs.writeFileSync(file, `${[JSON.stringify(edited), ...lines.slice(1)].join('\n')}\n`);
    const result = await checkAuditTrail(env.ctx.db, env.ctx.auditTrail);
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: expect.stringMatching(/line 1 .* not signed/) } });
  });
});

describe('an existing SHA-256 chain after the upgrade', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    // The deployment as it was: the migration undone, the chain linked by the old formula.
    await keyedChainMigration.down(env.ctx.db as Kysely<unknown>);
    await rewriteFrom(env, '1', legacyChainHash, { edit: false });
    await keyedChainMigration.up(env.ctx.db as Kysely<unknown>);
  });
  afterAll(() => env.close());

  it('verifies the old rows by the old formula up to the switch-over, and keys the rows sealed after it', async () => {
    const before = await verifyAudit(env.ctx.db, key(env));
    expect(before).toMatchObject({ ok: true, keyedFrom: String(Number(before.head.pos) + 1) });
    await env.login('township');
    await sealAudit(env.ctx.db, key(env));
    const after = await verifyAudit(env.ctx.db, key(env));
    expect(after.ok).toBe(true);
    expect(Number(after.head.pos)).toBeGreaterThan(Number(before.head.pos));
    expect(after.keyedFrom).toBe(before.keyedFrom);
  });
});

describe('audit chain after a deletion', () => {
  let other: TestEnv;
  beforeAll(async () => {
    other = await createTestEnv();
    for (let i = 0; i < 3; i++) await other.login('township');
    await sealAudit(other.ctx.db, key(other));
  });
  afterAll(() => other.close());

  it('fails when a row in the middle is deleted', async () => {
    const rows = await sealedPositions(other);
    expect(rows.length).toBeGreaterThan(1);
    await tamper(other, `DELETE FROM audit_log WHERE seq = ${rows[0]!.seq}`);
    const result = await verifyAudit(other.ctx.db, key(other));
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toMatch(/deleted/);
  });
});

describe('audit chain after deleting the newest rows', () => {
  let third: TestEnv;
  beforeAll(async () => {
    third = await createTestEnv();
    for (let i = 0; i < 3; i++) await third.login('township');
    await sealAudit(third.ctx.db, key(third));
  });
  afterAll(() => third.close());

  it('fails when the tail of the chain is deleted', async () => {
    await tamper(third, 'DELETE FROM audit_log WHERE chain_seq = (SELECT max(chain_seq) FROM audit_log)');
    const result = await verifyAudit(third.ctx.db, key(third));
    expect(result.ok).toBe(false);
  });
});
