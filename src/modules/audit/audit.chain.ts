/**
 * The audit hash chain. Writers only INSERT (no shared lock); the sealer links committed rows in
 * order moments later, and verification walks the chain in pages so it runs over millions of rows.
 *
 * Each link is an HMAC-SHA256 under a key derived from the master key (deriveAuditKeys), which the
 * database does not hold: someone who can write to the database cannot recompute the chain after an
 * edit. Rows sealed before the key existed (positions below audit_seal.keyed_from, migration
 * 2026-12-07T00) keep their plain SHA-256 links and are verified by that formula; the first keyed row
 * links to the last of them, so they cannot be rewritten either without breaking it. Truncation and
 * rollback are caught against the checkpoints kept outside the database (audit.checkpoint.ts).
 */
import crypto from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export const GENESIS = 'liudong-audit-genesis';
const PAGE = 5000;

interface ChainRow {
  seq: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  content: string;
}

/** A chain position and the hash there: where verification resumes, and what a checkpoint records. */
export interface ChainHead {
  pos: string;
  hash: string;
}

// ORDER BY names the table's column (audit_log.seq), not the ::text output alias of the same name, which
// would sort "10" before "2".

/** Every column that matters, as text, so timestamps keep their microseconds and jsonb its canonical form. */
export const CHAIN_CONTENT = sql<string>`concat_ws('|', seq::text, (extract(epoch from at) * 1000000)::bigint::text,
  coalesce(actor_id::text, ''), coalesce(actor_username, ''), coalesce(actor_role, ''), coalesce(actor_division, ''),
  action, outcome, coalesce(entity, ''), coalesce(entity_id, ''), coalesce(person_id::text, ''), coalesce(ip, ''),
  coalesce(details::text, ''))`;

/** The link formula before keyed_from: public, so it only ever guarded against accidents. */
export function legacyChainHash(prevHash: string, chainSeq: string, content: string): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${chainSeq}\n${content}`).digest('hex');
}

export function keyedChainHash(key: Buffer, prevHash: string, chainSeq: string, content: string): string {
  return crypto.createHmac('sha256', key).update(`${prevHash}\n${chainSeq}\n${content}`).digest('hex');
}

export type ChainHasher = (prevHash: string, chainSeq: string, content: string) => string;

/** The formula for each position: plain SHA-256 below the switch-over, HMAC from it on. */
export function chainHasher(key: Buffer, keyedFrom: string): ChainHasher {
  const from = BigInt(keyedFrom);
  return (prev, chainSeq, content) =>
    BigInt(chainSeq) < from ? legacyChainHash(prev, chainSeq, content) : keyedChainHash(key, prev, chainSeq, content);
}

interface SealRow {
  last_seq: string;
  last_hash: string;
  keyed_from: string;
}

async function readSeal(db: Db, lock = false): Promise<SealRow | null> {
  const r = await sql<SealRow>`SELECT last_seq::text AS last_seq, last_hash, keyed_from::text AS keyed_from
    FROM audit_seal WHERE id = 1 ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0] ?? null;
}

/** Seals unsealed rows in seq order. Returns how many rows it sealed. Safe to run concurrently (row lock on the head). */
export async function sealAudit(db: Db, key: Buffer, maxRows = 50_000): Promise<number> {
  let sealed = 0;
  while (sealed < maxRows) {
    const n = await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO audit_seal (id, last_seq, last_hash, sealed_at) VALUES (1, 0, ${GENESIS}, now())
        ON CONFLICT (id) DO NOTHING`.execute(trx);
      const { last_seq, last_hash } = (await readSeal(trx, true)) as SealRow;
      const rows =
        await sql<ChainRow>`SELECT seq::text AS seq, ${CHAIN_CONTENT} AS content, NULL AS chain_seq, NULL AS prev_hash, NULL AS hash
        FROM audit_log WHERE hash IS NULL ORDER BY audit_log.seq LIMIT ${PAGE}`.execute(trx);
      if (rows.rows.length === 0) return 0;
      let prev = last_hash;
      let pos = BigInt(last_seq);
      const values = rows.rows.map((r) => {
        pos += 1n;
        const hash = keyedChainHash(key, prev, pos.toString(), r.content);
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

export interface BrokenAt {
  /** The row's seq, or null when the row is missing. */
  seq: string | null;
  chainSeq: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  unsealed: number;
  firstBroken?: BrokenAt;
  /** The last verified position and its hash (position 0 and the genesis value for an empty chain). */
  head: ChainHead;
  /** The first HMAC-linked position (audit_seal.keyed_from); checkpoints record it so it cannot be moved. */
  keyedFrom: string;
}

export interface Anchor {
  chain_seq: string;
  hash: string;
  kept_rows: string;
  kept_digest: string;
  mac: string | null;
}

/** The newest purge anchor (see audit.retention.ts), or null when nothing was ever purged. */
export async function latestAnchor(db: Db): Promise<Anchor | null> {
  // By max(), not ORDER BY … DESC LIMIT 1: on PGlite (0.5.17) that form returned an older anchor than one inserted
  // earlier in the same transaction, while max() and an unlimited ORDER BY saw it (seen 2026-12-08 in the
  // retention test: a forged anchor went unchecked).
  const r = await sql<Anchor>`SELECT chain_seq::text AS chain_seq, hash, kept_rows::text AS kept_rows, kept_digest, mac
    FROM audit_anchor WHERE chain_seq = (SELECT max(chain_seq) FROM audit_anchor)`.execute(db);
  return r.rows[0] ?? null;
}

/** An anchor lets verification skip deleted rows, so it is signed too: the database cannot forge one. */
export function anchorMac(key: Buffer, a: Omit<Anchor, 'mac'>): string {
  return crypto
    .createHmac('sha256', key)
    .update(`anchor\n${a.chain_seq}\n${a.hash}\n${a.kept_rows}\n${a.kept_digest}`)
    .digest('hex');
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
  hasher: ChainHasher,
  upTo: string,
  keep: RawBuilder<boolean> = sql<boolean>`true`,
  onProgress?: (checked: number) => void,
): Promise<RetainedRows> {
  const digest = crypto.createHash('sha256');
  let after = '0';
  let rows = 0;
  for (;;) {
    const page =
      await sql<ChainRow>`SELECT seq::text AS seq, chain_seq::text AS chain_seq, prev_hash, hash, ${CHAIN_CONTENT} AS content
      FROM audit_log WHERE chain_seq > ${after}::bigint AND chain_seq <= ${upTo}::bigint AND ${keep}
      ORDER BY audit_log.chain_seq LIMIT ${PAGE}`.execute(db);
    for (const r of page.rows) {
      if (hasher(r.prev_hash as string, r.chain_seq as string, r.content) !== r.hash) {
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

export interface VerifyOptions {
  onProgress?: (checked: number) => void;
  /**
   * Resume from a verified position (the latest checkpoint) instead of the start: checks that the row there
   * still has that hash, then only the rows after it. Falls back to the whole chain when the row was purged.
   */
  from?: ChainHead;
}

/** The hash stored at a chain position, or null when no row holds it. */
export async function hashAt(db: Db, pos: string): Promise<string | null> {
  const r = await sql<{
    hash: string;
  }>`SELECT hash FROM audit_log WHERE chain_seq = ${pos}::bigint`.execute(db);
  return r.rows[0]?.hash ?? null;
}

/**
 * Verifies the sealed rows up to the seal head read at the start (rows the sealer adds meanwhile are left
 * for the next run), then that nothing sealed lies beyond the head.
 */
export async function verifyAudit(db: Db, key: Buffer, options: VerifyOptions = {}): Promise<VerifyResult> {
  const seal = await readSeal(db);
  const keyedFrom = seal?.keyed_from ?? '1';
  const headPos = BigInt(seal?.last_seq ?? '0');
  const hasher = chainHasher(key, keyedFrom);
  let prev = GENESIS;
  let expectedPos = 1n;
  let checked = 0;
  const broken = (b: BrokenAt): VerifyResult => ({
    ok: false,
    checked,
    unsealed: 0,
    firstBroken: b,
    head: { pos: (expectedPos - 1n).toString(), hash: prev },
    keyedFrom,
  });

  const from = options.from;
  const resumeAt = from && from.pos !== '0' && BigInt(from.pos) <= headPos ? await hashAt(db, from.pos) : null;
  if (from && resumeAt !== null) {
    if (resumeAt !== from.hash) {
      return broken({ seq: null, chainSeq: from.pos, reason: 'the row differs from the checkpoint' });
    }
    prev = from.hash;
    expectedPos = BigInt(from.pos) + 1n;
  } else {
    // After a purge the chain starts at the anchor; the rows kept before it are checked one by one.
    const anchor = await latestAnchor(db);
    if (anchor) {
      const legacy = BigInt(anchor.chain_seq) < BigInt(keyedFrom);
      if (anchor.mac === null ? !legacy : anchor.mac !== anchorMac(key, anchor)) {
        return broken({ seq: null, chainSeq: anchor.chain_seq, reason: 'the purge anchor is forged or altered' });
      }
      const kept = await retainedRows(db, hasher, anchor.chain_seq, undefined, options.onProgress);
      checked = kept.rows;
      if (kept.altered) {
        return broken({ seq: kept.altered.seq, chainSeq: kept.altered.chainSeq, reason: 'row content was altered' });
      }
      if (String(kept.rows) !== anchor.kept_rows || kept.digest !== anchor.kept_digest) {
        return broken({
          seq: null,
          chainSeq: anchor.chain_seq,
          reason: 'rows kept before the purge anchor were deleted or reordered',
        });
      }
      prev = anchor.hash;
      expectedPos = BigInt(anchor.chain_seq) + 1n;
    }
  }

  while (expectedPos <= headPos) {
    const rows =
      await sql<ChainRow>`SELECT seq::text AS seq, chain_seq::text AS chain_seq, prev_hash, hash, ${CHAIN_CONTENT} AS content
      FROM audit_log WHERE chain_seq >= ${expectedPos.toString()}::bigint AND chain_seq <= ${headPos.toString()}::bigint
      ORDER BY audit_log.chain_seq LIMIT ${PAGE}`.execute(db);
    for (const r of rows.rows) {
      const chainSeq = r.chain_seq as string;
      if (BigInt(chainSeq) !== expectedPos) {
        return broken({ seq: null, chainSeq: expectedPos.toString(), reason: 'row missing (deleted)' });
      }
      if (r.prev_hash !== prev) return broken({ seq: r.seq, chainSeq, reason: 'link to the previous row is broken' });
      if (hasher(prev, chainSeq, r.content) !== r.hash) {
        return broken({ seq: r.seq, chainSeq, reason: 'row content was altered' });
      }
      prev = r.hash as string;
      expectedPos += 1n;
      checked++;
    }
    options.onProgress?.(checked);
    if (rows.rows.length < PAGE) break;
  }
  if (seal && (expectedPos - 1n !== headPos || seal.last_hash !== prev)) {
    return broken({
      seq: null,
      chainSeq: seal.last_seq,
      reason: 'sealed rows missing at the end of the chain (deleted)',
    });
  }
  // One statement, one snapshot: the sealer moves rows and head together.
  const beyond = await sql<{ beyond: boolean; unsealed: number }>`SELECT
    coalesce((SELECT max(chain_seq) FROM audit_log), 0) > coalesce((SELECT last_seq FROM audit_seal WHERE id = 1), 0) AS beyond,
    (SELECT count(*)::int FROM audit_log WHERE hash IS NULL) AS unsealed`.execute(db);
  if (beyond.rows[0]?.beyond) {
    return broken({ seq: null, chainSeq: (headPos + 1n).toString(), reason: 'sealed rows lie beyond the seal head' });
  }
  return {
    ok: true,
    checked,
    unsealed: beyond.rows[0]?.unsealed ?? 0,
    head: { pos: headPos.toString(), hash: prev },
    keyedFrom,
  };
}
