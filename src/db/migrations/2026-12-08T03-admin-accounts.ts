// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * The admin pages (issue 23 part 3): an account an administrator locks stays locked until one unlocks it
 * (`locked_at`, apart from the sign-in throttle in login_attempt, which expires by itself), and a department key
 * shows when it was last used, so an office can tell a dormant key from a busy one before revoking it.
 */
const statements = [
  `ALTER TABLE app_user ADD COLUMN locked_at timestamptz`,
  `ALTER TABLE dept_api_key ADD COLUMN last_used_at timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dept_api_key DROP COLUMN last_used_at`.execute(db);
  await sql`ALTER TABLE app_user DROP COLUMN locked_at`.execute(db);
}
