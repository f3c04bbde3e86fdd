// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Issue 4: facilities and referrals (what a provider may see), free contraceptive supply with a stock ledger,
 * and birth service registration (生育登记服务). The birth registration is a service record for the benefits it
 * unlocks; it is not a permit and nothing here tracks pregnancies.
 */
const statements = [
  // A service facility (服务站, 社区卫生服务中心, 妇幼保健院). Provider accounts are bound to one.
  `CREATE TABLE facility (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('health_centre', 'service_station', 'maternal_child_hospital', 'hospital')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (division_code, name)
    )`,
  `ALTER TABLE app_user ADD COLUMN facility_id uuid REFERENCES facility(id)`,
  // A person referred to a facility for a service (e.g. the first check-up after arrival).
  `CREATE TABLE service_referral (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      facility_id uuid NOT NULL REFERENCES facility(id),
      kind text NOT NULL CHECK (kind IN ('reproductive_checkup', 'prenatal_care', 'contraceptive_counselling',
        'mental_health_counselling', 'health_education')),
      note text,
      referred_by uuid REFERENCES app_user(id),
      referred_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX service_referral_facility_idx ON service_referral (facility_id, person_id)`,
  `CREATE INDEX service_referral_person_idx ON service_referral (person_id)`,
  `ALTER TABLE service_record ADD COLUMN facility_id uuid REFERENCES facility(id)`,
  `ALTER TABLE service_record ADD COLUMN outreach_event text`,
  `ALTER TABLE service_record ADD COLUMN follow_up_of uuid REFERENCES service_record(id)`,
  `CREATE INDEX service_record_facility_idx ON service_record (facility_id, person_id) WHERE facility_id IS NOT NULL`,

  // Free contraceptive supply (免费避孕药具发放).
  `CREATE TABLE distribution_point (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('community', 'employer', 'construction_site', 'bus_terminus')),
      location text NOT NULL,
      keeper text NOT NULL,
      restock_threshold integer NOT NULL DEFAULT 20 CHECK (restock_threshold >= 0),
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX distribution_point_division_idx ON distribution_point (division_code)`,
  // The balance per point and item. CHECK (balance >= 0) is the enforcement: a dispense that would go below
  // zero fails inside the UPDATE itself, whatever the interleaving of concurrent sessions.
  `CREATE TABLE stock_balance (
      point_id uuid NOT NULL REFERENCES distribution_point(id) ON DELETE CASCADE,
      item text NOT NULL CHECK (item IN ('male_condom', 'female_condom', 'oral_pill', 'topical_gel')),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (point_id, item)
    )`,
  `CREATE TABLE stock_movement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      point_id uuid NOT NULL REFERENCES distribution_point(id) ON DELETE CASCADE,
      item text NOT NULL CHECK (item IN ('male_condom', 'female_condom', 'oral_pill', 'topical_gel')),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('received', 'dispensed', 'transferred_in', 'transferred_out', 'adjusted')),
      quantity integer NOT NULL CHECK (quantity > 0),
      delta integer NOT NULL CHECK (delta <> 0),
      balance_after integer NOT NULL CHECK (balance_after >= 0),
      reason text,
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      recipients integer CHECK (recipients IS NULL OR recipients > 0),
      transfer_id uuid,
      counterpart_point_id uuid REFERENCES distribution_point(id),
      actor_id uuid REFERENCES app_user(id),
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CHECK (kind <> 'adjusted' OR reason IS NOT NULL),
      CHECK (kind NOT IN ('received', 'transferred_in') OR delta > 0),
      CHECK (kind NOT IN ('dispensed', 'transferred_out') OR delta < 0),
      CHECK (abs(delta) = quantity)
    )`,
  `CREATE INDEX stock_movement_point_idx ON stock_movement (point_id, at)`,
  `CREATE INDEX stock_movement_division_idx ON stock_movement (division_code, at)`,
  `CREATE INDEX stock_movement_person_idx ON stock_movement (person_id) WHERE person_id IS NOT NULL`,

  // Birth service registration (生育登记服务).
  `CREATE SEQUENCE birth_registration_serial_seq`,
  `CREATE TABLE birth_registration (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text COLLATE "C" NOT NULL UNIQUE,
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      spouse_person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      place_basis text NOT NULL CHECK (place_basis IN ('hukou', 'residence')),
      channel text NOT NULL CHECK (channel IN ('online', 'counter')),
      status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'needs_info', 'registered', 'withdrawn')),
      child_order integer NOT NULL CHECK (child_order BETWEEN 1 AND 20),
      child_born_on date,
      child_name text,
      child_sex text CHECK (child_sex IS NULL OR child_sex IN ('M', 'F')),
      expected_on date,
      pledge boolean NOT NULL DEFAULT false,
      prefilled jsonb NOT NULL DEFAULT '{}'::jsonb,
      message text,
      payload text,
      key_id text COLLATE "C" REFERENCES signing_key(kid),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      registered_at timestamptz,
      withdrawn_at timestamptz,
      exchange_notified_at timestamptz,
      created_by uuid REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CHECK (child_born_on IS NOT NULL OR expected_on IS NOT NULL)
    )`,
  `CREATE INDEX birth_registration_person_idx ON birth_registration (person_id)`,
  `CREATE INDEX birth_registration_queue_idx ON birth_registration (division_code, status, submitted_at)`,
  `CREATE INDEX birth_registration_exchange_idx ON birth_registration (registered_at)
      WHERE status = 'registered' AND exchange_notified_at IS NULL`,
  `CREATE TABLE birth_registration_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      registration_id uuid NOT NULL REFERENCES birth_registration(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL,
      action text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      message text,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
  `CREATE INDEX birth_registration_event_idx ON birth_registration_event (registration_id, at)`,
  // Uploaded scans: kept in the database (bytea), type decided from the bytes, never from the client.
  `CREATE TABLE birth_registration_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      registration_id uuid NOT NULL REFERENCES birth_registration(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('id_card', 'household_register', 'marriage_certificate', 'birth_certificate', 'other')),
      file_name text NOT NULL,
      media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL,
      content bytea NOT NULL,
      uploaded_by uuid REFERENCES app_user(id),
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX birth_registration_document_idx ON birth_registration_document (registration_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'birth_registration_document',
    'birth_registration_event',
    'birth_registration',
    'stock_movement',
    'stock_balance',
    'distribution_point',
    'service_referral',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS birth_registration_serial_seq`.execute(db);
  await sql`ALTER TABLE service_record DROP COLUMN IF EXISTS facility_id, DROP COLUMN IF EXISTS outreach_event, DROP COLUMN IF EXISTS follow_up_of`.execute(
    db,
  );
  await sql`ALTER TABLE app_user DROP COLUMN IF EXISTS facility_id`.execute(db);
  await sql`DROP TABLE IF EXISTS facility CASCADE`.execute(db);
}
