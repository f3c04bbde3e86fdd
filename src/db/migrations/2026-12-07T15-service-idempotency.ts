// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Issue 21 part 6: a service saved twice (a double click, a retried request) makes one record. The console sends
 * one key per form instance; the key is unique per recording user, so the second insert finds the first record.
 * Older records have no key (NULLs never collide).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE service_record ADD COLUMN idempotency_key uuid`.execute(db);
  await sql`CREATE UNIQUE INDEX service_record_idempotency ON service_record (created_by, idempotency_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX service_record_idempotency`.execute(db);
  await sql`ALTER TABLE service_record DROP COLUMN idempotency_key`.execute(db);
}
