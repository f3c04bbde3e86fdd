// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Resident self-service (issue 9 §1) and complaints (§4). A resident signs in with their ID number and a
 * one-time code; their account is an app_user of role 'resident' bound to exactly one person.
 */
const statements = [
  `CREATE TABLE resident_account (
      user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
      person_id uuid NOT NULL UNIQUE REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  // One-time sign-in codes: only a keyed hash of the code is kept; single use, short-lived, few attempts.
  `CREATE TABLE resident_otp (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      id_hash text COLLATE "C" NOT NULL,
      code_hash text NOT NULL,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      consumed_at timestamptz
    )`,
  `CREATE INDEX resident_otp_id_hash_idx ON resident_otp (id_hash, created_at)`,
  // Consent events (PIPL Art. 14/29): the latest event per kind is the current state; nothing is overwritten.
  `CREATE TABLE consent_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('terms', 'health')),
      granted boolean NOT NULL,
      ip text,
      at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX consent_event_person_idx ON consent_event (person_id, kind, at)`,
  `CREATE TABLE certificate_application (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      hukou_division text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('standard', 'temporary')),
      purpose text,
      status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'issued', 'rejected')),
      certificate_id uuid REFERENCES certificate(id),
      decided_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      decision_note text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX certificate_application_division_idx ON certificate_application (division_code, status)`,
  `CREATE INDEX certificate_application_hukou_idx ON certificate_application (hukou_division, status)`,
  `CREATE INDEX certificate_application_person_idx ON certificate_application (person_id)`,
  `CREATE TABLE contact_change (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      phone_enc text,
      residence_address text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by uuid REFERENCES app_user(id),
      decided_at timestamptz,
      decision_note text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX contact_change_division_idx ON contact_change (division_code, status)`,
  `CREATE INDEX contact_change_person_idx ON contact_change (person_id)`,
  `CREATE TABLE service_slot (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('reproductive_checkup', 'prenatal_care', 'contraceptive_counselling',
        'mental_health_counselling', 'health_education')),
      facility text NOT NULL,
      starts_at timestamptz NOT NULL,
      capacity integer NOT NULL CHECK (capacity > 0),
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz
    )`,
  `CREATE INDEX service_slot_division_idx ON service_slot (division_code, starts_at)`,
  `CREATE TABLE service_booking (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slot_id uuid NOT NULL REFERENCES service_slot(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz
    )`,
  `CREATE UNIQUE INDEX service_booking_once_idx ON service_booking (slot_id, person_id) WHERE status = 'booked'`,
  `CREATE INDEX service_booking_person_idx ON service_booking (person_id)`,
  `CREATE SEQUENCE complaint_serial_seq`,
  // 便民维权: consultations and complaints. person_id is null for an anonymous hotline call.
  `CREATE TABLE complaint (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text COLLATE "C" NOT NULL UNIQUE,
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      channel text NOT NULL CHECK (channel IN ('hotline', 'portal', 'walk_in')),
      type text NOT NULL CHECK (type IN ('consultation', 'complaint')),
      category text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      contact_name text,
      contact_phone_enc text,
      assignee_id uuid REFERENCES app_user(id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replied', 'closed')),
      received_on date NOT NULL,
      due_on date NOT NULL,
      escalated_at timestamptz,
      reply text,
      replied_at timestamptz,
      replied_on date,
      replied_by uuid REFERENCES app_user(id),
      rating integer CHECK (rating BETWEEN 1 AND 5),
      rating_comment text,
      rated_at timestamptz,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX complaint_division_idx ON complaint (division_code, status, due_on)`,
  `CREATE INDEX complaint_person_idx ON complaint (person_id)`,
  // 行政复议 / 行政诉讼 requests, with the statutory deadline computed when recorded.
  `CREATE TABLE complaint_legal_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('administrative_review', 'litigation')),
      known_on date NOT NULL,
      deadline_on date NOT NULL,
      filed_on date NOT NULL,
      note text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX complaint_legal_request_complaint_idx ON complaint_legal_request (complaint_id)`,
  // A photo or scan a resident adds to their complaint; the type is what the bytes are, not what the name says.
  `CREATE TABLE complaint_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
      file_name text NOT NULL,
      size integer NOT NULL,
      sha256 text NOT NULL,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX complaint_attachment_complaint_idx ON complaint_attachment (complaint_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'complaint_attachment',
    'complaint_legal_request',
    'complaint',
    'service_booking',
    'service_slot',
    'contact_change',
    'certificate_application',
    'consent_event',
    'resident_otp',
    'resident_account',
  ]) {
    await sql.raw(`DROP TABLE ${table} CASCADE`).execute(db);
  }
  await sql`DROP SEQUENCE complaint_serial_seq`.execute(db);
}
