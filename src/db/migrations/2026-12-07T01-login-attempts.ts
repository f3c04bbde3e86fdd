// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Failed sign-in attempts, counted atomically per subject (issue 18): `password:<username>` for the password
 * step, whether or not the user exists, so an unknown name locks exactly like a real one, and
 * `totp:<user id>` for the second step. A request takes its slot with one upsert before the secret is checked,
 * so parallel guesses cannot all slip in before the count is written. Replaces app_user.failed_logins and
 * locked_until, which were read, then written, by each request.
 */
const statements = [
  `CREATE TABLE login_attempt (
     subject text PRIMARY KEY,
     failures integer NOT NULL,
     locked_until timestamptz,
     updated_at timestamptz NOT NULL
   )`,
  `ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`.execute(
    db,
  );
  await sql`DROP TABLE login_attempt`.execute(db);
}
