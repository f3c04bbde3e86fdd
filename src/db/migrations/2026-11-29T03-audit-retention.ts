// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import * as T00 from './2026-11-29T00-initial.ts';
import { orReplace } from './shared.ts';

export const AUDIT_LOG_GUARD = `-- The one way to delete audit rows: a purge transaction that sets liudong.audit_purge = 'on' locally,
    -- only for sealed rows covered by an anchor, and never younger than the legal minimums (等保: logs
    -- 6 months; PIPL: records of processing personal information, i.e. rows about a person, 3 years).
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
      IF OLD.hash IS NOT NULL
         OR NEW.seq <> OLD.seq OR NEW.at <> OLD.at OR NEW.action <> OLD.action OR NEW.outcome <> OLD.outcome
         OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.entity_id IS DISTINCT FROM OLD.entity_id
         OR NEW.details IS DISTINCT FROM OLD.details OR NEW.person_id IS DISTINCT FROM OLD.person_id THEN
        RAISE EXCEPTION 'audit_log is append-only';
      END IF;
      RETURN NEW;
    END $$`;

const statements = [
  `-- One row per purge. Verification starts from the newest anchor: its hash links the first row after
    -- it, and kept_digest covers the rows at or before it that retention keeps (processing records).
    CREATE TABLE audit_anchor (
      chain_seq bigint PRIMARY KEY,
      hash text NOT NULL,
      kept_rows bigint NOT NULL,
      kept_digest text NOT NULL,
      deleted_rows bigint NOT NULL,
      log_cutoff timestamptz NOT NULL,
      processing_cutoff timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE FUNCTION audit_anchor_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_anchor is append-only';
    END $$`,
  `CREATE TRIGGER audit_anchor_guard BEFORE UPDATE OR DELETE ON audit_anchor
      FOR EACH ROW EXECUTE FUNCTION audit_anchor_guard()`,
  AUDIT_LOG_GUARD,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(orReplace(T00.AUDIT_LOG_GUARD)).execute(db);
  await sql`DROP TABLE audit_anchor`.execute(db);
  await sql`DROP FUNCTION IF EXISTS audit_anchor_guard()`.execute(db);
}
