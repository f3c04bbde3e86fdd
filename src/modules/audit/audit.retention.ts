/**
 * Audit retention. Rows about a person are records of processing personal information and are kept at
 * least 3 years (PIPL); other rows (logins, system events) are logs kept at least 6 months (等保 level 3).
 * Both periods are configurable upwards only (src/config.ts); the database trigger enforces the floors.
 *
 * A purge keeps the chain verifiable with an anchor row: it picks the newest sealed chain position P
 * older than the log retention, records P's hash, then deletes the rows at or before P that are past
 * their retention. Rows at or before P that must stay (younger processing records) are digested into the
 * anchor, so verification checks each of them and notices if one goes missing; after P the chain is
 * verified link by link from the anchor's hash, as before. Unsealed rows are never touched.
 *
 * Everything happens in one transaction, and only after the whole chain verifies: a purge never
 * launders an earlier tampering into a fresh anchor. The anchor is signed with the chain key, so one
 * written by someone with only database access is refused by verification.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../http/session.ts';
import { anchorMac, chainHasher, latestAnchor, retainedRows, verifyAudit } from './audit.chain.ts';
import { SYSTEM_ACTOR, writeAudit } from './audit.repository.ts';

export interface RetentionPolicy {
  logMonths: number;
  processingMonths: number;
}

export interface PurgeResult {
  /** The chain position of the new anchor, or null when nothing was old enough to purge. */
  anchorChainSeq: string | null;
  deleted: number;
  /** Rows at or before the anchor kept because their retention has not run out. */
  kept: number;
  logCutoff: string;
  processingCutoff: string;
}

export class AuditChainBrokenError extends Error {}

export async function purgeAudit(
  db: Kysely<Database>,
  /** The chain key (deriveAuditKeys): verifies the chain and signs the anchor. */
  key: Buffer,
  policy: RetentionPolicy,
  options: { dryRun?: boolean; actor?: Actor } = {},
): Promise<PurgeResult> {
  return db.transaction().execute(async (trx) => {
    // One purge at a time; writers and the sealer are not blocked.
    await sql`LOCK TABLE audit_anchor IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const cut = await sql<{ log_cutoff: string; processing_cutoff: string }>`SELECT
      (now() - make_interval(months => ${policy.logMonths}))::text AS log_cutoff,
      (now() - make_interval(months => ${policy.processingMonths}))::text AS processing_cutoff`.execute(trx);
    const { log_cutoff: logCutoff, processing_cutoff: processingCutoff } = cut.rows[0] as {
      log_cutoff: string;
      processing_cutoff: string;
    };
    const result = (anchorChainSeq: string | null, deleted: number, kept: number): PurgeResult => ({
      anchorChainSeq,
      deleted,
      kept,
      logCutoff,
      processingCutoff,
    });

    const previous = await latestAnchor(trx);
    const newest = await sql<{ p: string | null }>`SELECT max(chain_seq)::text AS p FROM audit_log
      WHERE hash IS NOT NULL AND at < ${logCutoff}::timestamptz`.execute(trx);
    let anchorSeq = newest.rows[0]?.p ?? null;
    if (previous && (anchorSeq === null || BigInt(anchorSeq) < BigInt(previous.chain_seq))) {
      anchorSeq = previous.chain_seq;
    }
    if (anchorSeq === null) return result(null, 0, 0);

    const expired = sql<boolean>`((person_id IS NULL AND at < ${logCutoff}::timestamptz)
      OR (person_id IS NOT NULL AND at < ${processingCutoff}::timestamptz))`;
    const due = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log
      WHERE chain_seq <= ${anchorSeq}::bigint AND ${expired}`.execute(trx);
    const deletable = Number(due.rows[0]?.n ?? 0);
    if (deletable === 0) return result(null, 0, 0);

    const verified = await verifyAudit(trx, key);
    if (!verified.ok) {
      const b = verified.firstBroken;
      throw new AuditChainBrokenError(
        `The audit chain is broken at chain position ${b?.chainSeq} (${b?.reason}); nothing was purged. Investigate first.`,
      );
    }
    const kept = await retainedRows(trx, chainHasher(key, verified.keyedFrom), anchorSeq, sql<boolean>`NOT ${expired}`);
    if (options.dryRun) return result(anchorSeq, deletable, kept.rows);

    const at = await sql<{ hash: string }>`SELECT hash FROM audit_log WHERE chain_seq = ${anchorSeq}::bigint`.execute(
      trx,
    );
    const anchorHash = at.rows[0]?.hash ?? previous?.hash;
    if (!anchorHash) throw new Error(`No hash for chain position ${anchorSeq}`);
    const mac = anchorMac(key, {
      chain_seq: anchorSeq,
      hash: anchorHash,
      kept_rows: String(kept.rows),
      kept_digest: kept.digest,
    });
    await sql`INSERT INTO audit_anchor (chain_seq, hash, kept_rows, kept_digest, deleted_rows, log_cutoff, processing_cutoff, mac)
      VALUES (${anchorSeq}::bigint, ${anchorHash}, ${kept.rows}, ${kept.digest}, ${deletable},
        ${logCutoff}::timestamptz, ${processingCutoff}::timestamptz, ${mac})`.execute(trx);
    await sql`SELECT set_config('liudong.audit_purge', 'on', true)`.execute(trx);
    const gone = await sql`DELETE FROM audit_log WHERE chain_seq <= ${anchorSeq}::bigint AND ${expired}`.execute(trx);
    await sql`SELECT set_config('liudong.audit_purge', 'off', true)`.execute(trx);
    if (Number(gone.numAffectedRows ?? 0) !== deletable) {
      throw new Error(`Purge deleted ${String(gone.numAffectedRows)} rows, expected ${deletable}; rolled back.`);
    }
    await writeAudit(trx, options.actor ?? SYSTEM_ACTOR, {
      action: 'audit.purge',
      details: {
        anchorChainSeq: anchorSeq,
        anchorHash,
        deleted: deletable,
        kept: kept.rows,
        logCutoff,
        processingCutoff,
      },
    });
    return result(anchorSeq, deletable, kept.rows);
  });
}
