// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Merging duplicate persons (issue 24 part 3). The merged record stays as a tombstone (`merged_into` points to the
 * survivor) so its id and ID number still resolve; `person_merge` is the trail an unmerge restores from: what moved
 * (per table, row keys), both records' field values before the merge and the versions written.
 */
const statements = [
  `ALTER TABLE person ADD COLUMN merged_into uuid REFERENCES person(id)`,
  `ALTER TABLE person ADD COLUMN merged_at timestamptz`,
  `ALTER TABLE person ADD COLUMN merged_by uuid`,
  `ALTER TABLE person ADD COLUMN merge_id uuid`,
  `CREATE INDEX person_merged_into_idx ON person (merged_into) WHERE merged_into IS NOT NULL`,
  `CREATE TABLE person_merge (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survivor_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      merged_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL,
      reason text NOT NULL,
      field_choices jsonb NOT NULL,
      survivor_before jsonb NOT NULL,
      merged_before jsonb NOT NULL,
      survivor_version_before integer NOT NULL,
      survivor_version_after integer NOT NULL,
      merged_version_before integer NOT NULL,
      merged_version_after integer NOT NULL,
      moved jsonb NOT NULL,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT now(),
      undone_at timestamptz,
      undone_by uuid
    )`,
  // One live merge per merged record: a second merge of the same record at the same moment fails here at worst.
  `CREATE UNIQUE INDEX person_merge_live_idx ON person_merge (merged_id) WHERE undone_at IS NULL`,
  `CREATE INDEX person_merge_survivor_idx ON person_merge (survivor_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS person_merge`.execute(db);
  await sql`DROP INDEX IF EXISTS person_merged_into_idx`.execute(db);
  for (const column of ['merge_id', 'merged_by', 'merged_at', 'merged_into'])
    await sql.raw(`ALTER TABLE person DROP COLUMN IF EXISTS ${column}`).execute(db);
}
