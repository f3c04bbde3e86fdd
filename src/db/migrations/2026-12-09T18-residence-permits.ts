// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Residence-permit registrations from public security (issue 26 part 6). A department key now carries scopes:
 * the status check every key had (`certificate_status`) and, when the county grants it, submitting 居住证
 * registrations (`residence_permits:write`). Each registration waits as a pending arrival for the village
 * manager, who confirms it (the person is registered or updated then, never before) or marks it not found.
 * One registration per department, ID number and date: a resubmission finds the row already there.
 *
 * Issue 26 part 7 in the same file (one prefix per branch): property-management companies (物业服务企业, seed
 * art. 31) are a third kind of community partner beside employers and landlords; staff training sessions
 * (session, date, hours, topic, attending staff) are recorded for the annual summary.
 */
const statements = [
  `ALTER TABLE dept_api_key ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['certificate_status']::text[]`,
  `CREATE TABLE residence_permit (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dept_key_id uuid NOT NULL REFERENCES dept_api_key(id),
      department text NOT NULL,
      permit_number text,
      id_number_enc text NOT NULL,
      id_hash text NOT NULL,
      id_masked text NOT NULL,
      name text NOT NULL,
      address text NOT NULL,
      registered_on date NOT NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      address_resolved boolean NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'not_found')),
      person_id uuid REFERENCES person(id),
      reason text,
      decided_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (department, id_hash, registered_on)
    )`,
  `CREATE INDEX residence_permit_division_idx ON residence_permit (division_code, status)`,
  `ALTER TABLE employer_landlord DROP CONSTRAINT employer_landlord_kind_check`,
  `ALTER TABLE employer_landlord ADD CONSTRAINT employer_landlord_kind_check
     CHECK (kind IN ('employer', 'landlord', 'property_manager'))`,
  `CREATE TABLE staff_training (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      title text NOT NULL,
      topic text NOT NULL,
      held_on date NOT NULL,
      hours numeric(5,1) NOT NULL CHECK (hours > 0 AND hours <= 200),
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX staff_training_division_idx ON staff_training (division_code, held_on)`,
  `CREATE TABLE staff_training_attendee (
      training_id uuid NOT NULL REFERENCES staff_training(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      division_code text COLLATE "C" NOT NULL,
      PRIMARY KEY (training_id, user_id)
    )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE staff_training_attendee, staff_training`.execute(db);
  await sql`DELETE FROM employer_landlord WHERE kind = 'property_manager'`.execute(db);
  await sql`ALTER TABLE employer_landlord DROP CONSTRAINT employer_landlord_kind_check`.execute(db);
  await sql`ALTER TABLE employer_landlord ADD CONSTRAINT employer_landlord_kind_check CHECK (kind IN ('employer', 'landlord'))`.execute(
    db,
  );
  await sql`DROP TABLE residence_permit`.execute(db);
  await sql`ALTER TABLE dept_api_key DROP COLUMN scopes`.execute(db);
}
