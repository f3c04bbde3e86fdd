// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import * as T03 from './2026-11-29T03-audit-retention.ts';

// The guard as migration T03 left it.
const GUARD_BEFORE = T03.AUDIT_LOG_GUARD;

const statements = [
  `-- Rows sealed before this migration are linked by plain SHA-256; from keyed_from on, by HMAC-SHA256 under a
    -- key derived from the master key, which the database does not hold. A new database is keyed from 1.
    ALTER TABLE audit_seal ADD COLUMN keyed_from bigint NOT NULL DEFAULT 1`,
  `UPDATE audit_seal SET keyed_from = last_seq + 1`,
  `-- HMAC of the anchor under the chain key; NULL only for anchors written before keyed_from.
    ALTER TABLE audit_anchor ADD COLUMN mac text`,
  `-- Immutable from insertion: the only UPDATE is the sealer's, which fills chain_seq, prev_hash and hash
    -- once and changes nothing else. Deleting stays reserved to a purge (unchanged).
    CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('liudong.audit_purge', true), '') = 'on'
           AND OLD.hash IS NOT NULL
           AND OLD.chain_seq <= (SELECT max(chain_seq) FROM audit_anchor)
           AND OLD.at < now() - interval '6 months'
           AND (OLD.person_id IS NULL OR OLD.at < now() - interval '3 years') THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END IF;
      IF OLD.hash IS NOT NULL OR OLD.chain_seq IS NOT NULL OR OLD.prev_hash IS NOT NULL
         OR NEW.hash IS NULL OR NEW.chain_seq IS NULL OR NEW.prev_hash IS NULL
         OR (NEW.seq, NEW.at, NEW.actor_id, NEW.actor_username, NEW.actor_role, NEW.actor_division, NEW.action,
             NEW.outcome, NEW.entity, NEW.entity_id, NEW.person_id, NEW.ip, NEW.details)
            IS DISTINCT FROM
            (OLD.seq, OLD.at, OLD.actor_id, OLD.actor_username, OLD.actor_role, OLD.actor_division, OLD.action,
             OLD.outcome, OLD.entity, OLD.entity_id, OLD.person_id, OLD.ip, OLD.details) THEN
        RAISE EXCEPTION 'audit_log is append-only';
      END IF;
      RETURN NEW;
    END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(GUARD_BEFORE).execute(db);
  await sql`ALTER TABLE audit_anchor DROP COLUMN mac`.execute(db);
  await sql`ALTER TABLE audit_seal DROP COLUMN keyed_from`.execute(db);
}
