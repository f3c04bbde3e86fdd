/**
 * The audit hash chain. Writers only INSERT (no shared lock); the sealer links committed rows in
 * order moments later, and verification walks the chain in pages so it runs over millions of rows.
 */
import crypto from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './audit.repository.ts';

const GENESIS = 'liudong-audit-genesis';
const PAGE = 5000;

interface ChainRow {
  seq: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  content: string;
}

// ORDER BY names the table's column (audit_log.seq), not the ::text output alias of the same name, which
// would sort "10" before "2".

/** Every column that matters, as text, so timestamps keep their microseconds and jsonb its canonical form. */
const CONTENT = sql<string>`concat_ws('|', seq::text, (extract(epoch from at) * 1000000)::bigint::text,
  coalesce(actor_id::text, ''), coalesce(actor_username, ''), coalesce(actor_role, ''), coalesce(actor_division, ''),
  action, outcome, coalesce(entity, ''), coalesce(entity_id, ''), coalesce(person_id::text, ''), coalesce(ip, ''),
  coalesce(details::text, ''))`;

export function chainHash(prevHash: string, chainSeq: string, content: string): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${chainSeq}\n${content}`).digest('hex');
}

/** Seals unsealed rows in seq order. Returns how many rows it sealed. Safe to run concurrently (row lock on the head). */
export async function sealAudit(db: Db, maxRows = 50_000): Promise<number> {
  let sealed = 0;
  while (sealed < maxRows) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO audit_seal (id, last_seq, last_hash, sealed_at) VALUES (1, 0, ${GENESIS}, now())
        ON CONFLICT (id) DO NOTHING`.execute(trx);
      const head = await sql<{ last_seq: string; last_hash: string }>`
        SELECT last_seq::text AS last_seq, last_hash FROM audit_seal WHERE id = 1 FOR UPDATE`.execute(trx);
      const { last_seq, last_hash } = head.rows[0] as { last_seq: string; last_hash: string };
      const rows =
        await sql<ChainRow>`SELECT seq::text AS seq, ${CONTENT} AS content, NULL AS chain_seq, NULL AS prev_hash, NULL AS hash
        FROM audit_log WHERE hash IS NULL ORDER BY audit_log.seq LIMIT ${PAGE}`.execute(trx);
      if (rows.rows.length === 0) return 0;
      let prev = last_hash;
      let pos = BigInt(last_seq);
      const values = rows.rows.map((r) => {
        pos += 1n;
        const hash = chainHash(prev, pos.toString(), r.content);
        const v = sql`(${r.seq}::bigint, ${pos.toString()}::bigint, ${prev}, ${hash})`;
        prev = hash;
        return v;
      });
      await sql`UPDATE audit_log a SET chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash
        FROM (VALUES ${sql.join(values)}) AS v(seq, chain_seq, prev_hash, hash) WHERE a.seq = v.seq`.execute(trx);
      await sql`UPDATE audit_seal SET last_seq = ${pos.toString()}::bigint, last_hash = ${prev}, sealed_at = now() WHERE id = 1`.execute(
        trx,
      );
      return rows.rows.length;
    });
    sealed += n;
    if (n < PAGE) break;
  }
  return sealed;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: { seq: string | null; chainSeq: string; reason: string };
}

export interface Anchor {
  chain_seq: string;
  hash: string;
  kept_rows: string;
  kept_digest: string;
}

/** The newest purge anchor (see audit.retention.ts), or null when nothing was ever purged. */
export async function latestAnchor(db: Db): Promise<Anchor | null> {
  const r = await sql<Anchor>`SELECT chain_seq::text AS chain_seq, hash, kept_rows::text AS kept_rows, kept_digest
    FROM audit_anchor ORDER BY chain_seq DESC LIMIT 1`.execute(db);
  return r.rows[0] ?? null;
}

export interface RetainedRows {
  rows: number;
  digest: string;
  /** The first retained row whose own hash does not match its content. */
  altered?: { seq: string; chainSeq: string };
}

/**
 * Walks the rows at or before chain position `upTo` that a purge kept (or would keep, given `keep`):
 * each must still hash to its own content, and together they digest to what the anchor recorded.
 */
export async function retainedRows(
  db: Db,
  upTo: string,
  keep: RawBuilder<boolean> = sql<boolean>`true`,
  onProgress?: (checked: number) => void,
): Promise<RetainedRows> {
  const digest = crypto.createHash('sha256');
  let after = '0';
  let rows = 0;
  for (;;) {
    const page =
      await sql<ChainRow>`SELECT seq::text AS seq, chain_seq::text AS chain_seq, prev_hash, hash, ${CONTENT} AS content
      FROM audit_log WHERE chain_seq > ${after}::bigint AND chain_seq <= ${upTo}::bigint AND ${keep}
      ORDER BY audit_log.chain_seq LIMIT ${PAGE}`.execute(db);
    for (const r of page.rows) {
      if (chainHash(r.prev_hash as string, r.chain_seq as string, r.content) !== r.hash) {
        return { rows, digest: '', altered: { seq: r.seq, chainSeq: r.chain_seq as string } };
      }
      digest.update(`${r.chain_seq}:${r.hash}\n`);
      rows++;
      after = r.chain_seq as string;
    }
    onProgress?.(rows);
    if (page.rows.length < PAGE) break;
  }
  return { rows, digest: digest.digest('hex') };
}

export async function verifyAudit(db: Db, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectedPos = 1n;
  let checked = 0;
  // After a purge the chain starts at the anchor; the rows kept before it are checked one by one.
  const anchor = await latestAnchor(db);
  if (anchor) {
    const kept = await retainedRows(db, anchor.chain_seq, undefined, onProgress);
    const broken = (seq: string | null, chainSeq: string, reason: string): VerifyResult => ({
      ok: false,
      checked: kept.rows,
      unsealed: 0,
      firstBroken: { seq, chainSeq, reason },
    });
    if (kept.altered) return broken(kept.altered.seq, kept.altered.chainSeq, 'row content was altered');
    if (String(kept.rows) !== anchor.kept_rows || kept.digest !== anchor.kept_digest) {
      return broken(null, anchor.chain_seq, 'rows kept before the purge anchor were deleted or reordered');
    }
    prev = anchor.hash;
    expectedPos = BigInt(anchor.chain_seq) + 1n;
    checked = kept.rows;
  }
  for (;;) {
    const rows =
      await sql<ChainRow>`SELECT seq::text AS seq, chain_seq::text AS chain_seq, prev_hash, hash, ${CONTENT} AS content
      FROM audit_log WHERE chain_seq >= ${expectedPos.toString()}::bigint ORDER BY audit_log.chain_seq LIMIT ${PAGE}`.execute(
        db,
      );
    for (const r of rows.rows) {
      const pos = BigInt(r.chain_seq as string);
      const broken = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        unsealed: 0,
        firstBroken: { seq: r.seq, chainSeq: r.chain_seq as string, reason },
      });
      if (pos !== expectedPos) {
        return {
          ok: false,
          checked,
          unsealed: 0,
          firstBroken: { seq: null, chainSeq: expectedPos.toString(), reason: 'row missing (deleted)' },
        };
      }
      if (r.prev_hash !== prev) return broken('link to the previous row is broken');
      if (chainHash(prev, r.chain_seq as string, r.content) !== r.hash) return broken('row content was altered');
      prev = r.hash as string;
      expectedPos += 1n;
      checked++;
    }
    onProgress?.(checked);
    if (rows.rows.length < PAGE) break;
  }
  const head = await sql<{
    last_seq: string;
    last_hash: string;
  }>`SELECT last_seq::text AS last_seq, last_hash FROM audit_seal WHERE id = 1`.execute(db);
  const seal = head.rows[0];
  if (seal && (BigInt(seal.last_seq) !== expectedPos - 1n || seal.last_hash !== prev)) {
    return {
      ok: false,
      checked,
      unsealed: 0,
      firstBroken: {
        seq: null,
        chainSeq: seal.last_seq,
        reason: 'sealed rows missing at the end of the chain (deleted)',
      },
    };
  }
  const tail = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE hash IS NULL`.execute(db);
  return { ok: true, checked, unsealed: tail.rows[0]?.n ?? 0 };
}
