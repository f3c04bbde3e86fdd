// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * SQL functions live one per file in src/db/functions (issue 22): this table records, per function, the hash of
 * the file last applied and of the definition it left, so `migrateToLatest` re-applies a file only when it
 * changed or the function was redefined since. Bookkeeping like kysely_migration: a backup leaves it out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sql_function (
      name text COLLATE "C" PRIMARY KEY,
      file_hash text NOT NULL,
      definition_hash text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS sql_function`.execute(db);
}
