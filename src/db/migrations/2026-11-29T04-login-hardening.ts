// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

const statements = [
  `ALTER TABLE app_user
     ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
     ADD COLUMN password_changed_at timestamptz,
     ADD COLUMN totp_secret_enc text,
     ADD COLUMN totp_pending_enc text,
     ADD COLUMN totp_last_counter bigint,
     ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}'`,
  // A session that has passed the password but still owes a step (TOTP, enrolment, password change).
  `ALTER TABLE session ADD COLUMN stage text NOT NULL DEFAULT 'full'
     CHECK (stage IN ('full', 'totp', 'enrol_totp', 'change_password'))`,
  `CREATE TABLE break_glass_grant (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
     person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
     reason text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL
   )`,
  `CREATE INDEX break_glass_grant_lookup_idx ON break_glass_grant (user_id, person_id, expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE break_glass_grant`.execute(db);
  await sql`ALTER TABLE session DROP COLUMN stage`.execute(db);
  await sql`ALTER TABLE app_user DROP COLUMN must_change_password, DROP COLUMN password_changed_at,
    DROP COLUMN totp_secret_enc, DROP COLUMN totp_pending_enc, DROP COLUMN totp_last_counter,
    DROP COLUMN recovery_code_hashes`.execute(db);
}
