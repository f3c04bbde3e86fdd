// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Issue 26 parts 2, 3 and 5.
 * - A booking reaches the provider: a slot names its facility (backfilled by name within the county), and a
 *   booking carries attendance and the service record given against it.
 * - Free technical services (放取环, 皮埋, 结扎) as service kinds, with the informed consent signed for each, the
 *   complications noted at follow-up, and who pays on every service given. Services given before this
 *   migration were free basic public health services: they are set to 'public_health_funds' (README,
 *   "Technical services and payers"). A declined offer has no payer. The API requires a payer on every service
 *   given; the column stays nullable so that bulk loads (demo, fixtures) written before it still load, and the
 *   payer report counts such rows as "not recorded".
 * - Reminders to residents: a separate consent kind, and a log of every reminder, one row per event.
 */
const KINDS = `'reproductive_checkup', 'prenatal_care', 'contraceptive_counselling', 'mental_health_counselling',
  'health_education', 'iud_insertion', 'iud_removal', 'implant_insertion', 'implant_removal', 'tubal_ligation',
  'vasectomy', 'technical_follow_up'`;
const OLD_KINDS = `'reproductive_checkup', 'prenatal_care', 'contraceptive_counselling', 'mental_health_counselling',
  'health_education'`;

const statements = [
  ...['service_record', 'service_referral', 'service_slot'].flatMap((t) => [
    `ALTER TABLE ${t} DROP CONSTRAINT ${t}_kind_check`,
    `ALTER TABLE ${t} ADD CONSTRAINT ${t}_kind_check CHECK (kind IN (${KINDS}))`,
  ]),
  `ALTER TABLE service_record ADD COLUMN payer text CHECK (payer IN ('public_health_funds', 'county_finance',
      'employer', 'medical_insurance', 'self'))`,
  `UPDATE service_record SET payer = 'public_health_funds' WHERE status = 'done'`,
  `ALTER TABLE service_record ADD COLUMN booking_id uuid REFERENCES service_booking(id)`,
  // The work list finds the latest visit of each follow-up chain.
  `CREATE INDEX service_record_follow_up_idx ON service_record (follow_up_of) WHERE follow_up_of IS NOT NULL`,
  `CREATE UNIQUE INDEX service_record_booking_idx ON service_record (booking_id) WHERE booking_id IS NOT NULL`,
  // The consent signed for a technical service: a ticked checklist or an uploaded signed form, always with the
  // version of the consent text shown and that text's SHA-256.
  `CREATE TABLE service_consent (
      service_record_id uuid PRIMARY KEY REFERENCES service_record(id) ON DELETE CASCADE,
      method text NOT NULL CHECK (method IN ('checklist', 'document')),
      text_version text NOT NULL,
      text_sha256 text NOT NULL,
      checklist jsonb,
      document bytea,
      document_name text,
      document_type text CHECK (document_type IN ('image/jpeg', 'image/png', 'application/pdf')),
      document_sha256 text,
      signed_on date NOT NULL,
      CHECK ((method = 'checklist') = (checklist IS NOT NULL)),
      CHECK ((method = 'document') = (document IS NOT NULL))
    )`,
  `CREATE TABLE service_complication (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_record_id uuid NOT NULL REFERENCES service_record(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('bleeding', 'infection', 'pain', 'displacement', 'other')),
      severity text NOT NULL CHECK (severity IN ('mild', 'serious')),
      noted_on date NOT NULL,
      note text,
      recorded_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX service_complication_record_idx ON service_complication (service_record_id)`,
  `ALTER TABLE service_slot ADD COLUMN facility_id uuid REFERENCES facility(id)`,
  `UPDATE service_slot s SET facility_id = f.id FROM facility f
      WHERE f.name = s.facility AND substr(f.division_code, 1, 6) = substr(s.division_code, 1, 6)`,
  `CREATE INDEX service_slot_facility_idx ON service_slot (facility_id, starts_at)`,
  `ALTER TABLE service_booking ADD COLUMN attendance text CHECK (attendance IN ('attended', 'no_show'))`,
  `ALTER TABLE service_booking ADD COLUMN attendance_marked_at timestamptz`,
  `ALTER TABLE service_booking ADD COLUMN attendance_marked_by uuid REFERENCES app_user(id)`,
  `ALTER TABLE consent_event DROP CONSTRAINT consent_event_kind_check`,
  `ALTER TABLE consent_event ADD CONSTRAINT consent_event_kind_check CHECK (kind IN ('terms', 'health', 'reminders'))`,
  // One row per reminder event (the unique key makes the job idempotent); the phone only as a keyed hash.
  `CREATE TABLE reminder_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('checkup_due', 'certificate_expiring', 'booking_tomorrow',
        'complaint_answered', 'birth_needs_info')),
      event_key text NOT NULL UNIQUE,
      phone_hash text,
      outcome text NOT NULL CHECK (outcome IN ('sent', 'rate_limited', 'no_phone', 'failed')),
      text text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX reminder_log_division_idx ON reminder_log (division_code, at)`,
  `CREATE INDEX reminder_log_phone_idx ON reminder_log (phone_hash, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const undo = [
    'DROP TABLE reminder_log',
    `DELETE FROM consent_event WHERE kind = 'reminders'`,
    'ALTER TABLE consent_event DROP CONSTRAINT consent_event_kind_check',
    `ALTER TABLE consent_event ADD CONSTRAINT consent_event_kind_check CHECK (kind IN ('terms', 'health'))`,
    'ALTER TABLE service_booking DROP COLUMN attendance_marked_by',
    'ALTER TABLE service_booking DROP COLUMN attendance_marked_at',
    'ALTER TABLE service_booking DROP COLUMN attendance',
    'ALTER TABLE service_slot DROP COLUMN facility_id',
    'DROP TABLE service_complication',
    'DROP TABLE service_consent',
    'ALTER TABLE service_record DROP COLUMN booking_id',
    'ALTER TABLE service_record DROP COLUMN payer',
    ...['service_record', 'service_referral', 'service_slot'].flatMap((t) => [
      `DELETE FROM ${t} WHERE kind NOT IN (${OLD_KINDS})`,
      `ALTER TABLE ${t} DROP CONSTRAINT ${t}_kind_check`,
      `ALTER TABLE ${t} ADD CONSTRAINT ${t}_kind_check CHECK (kind IN (${OLD_KINDS}))`,
    ]),
  ];
  for (const statement of undo) await sql.raw(statement).execute(db);
}
