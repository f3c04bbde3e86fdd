// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Import warnings (issue 7): rows that were imported but look like another person (same name and birth
 * date, in the file or in the registry), as the API flags them. They are listed in the error report with
 * issues marked "warning": true, and counted apart from the bad rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_job ADD COLUMN warnings integer NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_job DROP COLUMN warnings`.execute(db);
}
