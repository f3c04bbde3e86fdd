// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Services people actually receive (issue 4). Created first on its own because statistics (issue 6) reads it:
 * check-up coverage and contraceptive prevalence come from these rows. An offer that was declined is a row
 * too (status 'declined'); it never blocks anything and never counts as a service given.
 */
const statements = [
  `CREATE TABLE service_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('reproductive_checkup', 'prenatal_care', 'contraceptive_counselling',
        'mental_health_counselling', 'health_education')),
      status text NOT NULL CHECK (status IN ('done', 'declined')),
      service_date date NOT NULL,
      facility text,
      provider_name text,
      outcome jsonb NOT NULL DEFAULT '{}'::jsonb,
      contraceptive_in_use boolean,
      next_due_on date,
      consent boolean NOT NULL DEFAULT false,
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
  `CREATE INDEX service_record_person_idx ON service_record (person_id, service_date)`,
  `CREATE INDEX service_record_division_idx ON service_record (division_code, service_date)`,
  `CREATE INDEX service_record_due_idx ON service_record (next_due_on) WHERE next_due_on IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE service_record CASCADE`.execute(db);
}
