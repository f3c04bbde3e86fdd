// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

const statements = [
  // Ed25519 signing keys. Retired keys stay so that old certificates verify through their key id.
  `CREATE TABLE signing_key (
      kid text COLLATE "C" PRIMARY KEY,
      public_key text NOT NULL,
      private_key_enc text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    )`,
  `CREATE UNIQUE INDEX signing_key_one_active_idx ON signing_key ((true)) WHERE retired_at IS NULL`,
  `CREATE SEQUENCE certificate_serial_seq`,
  `CREATE TABLE certificate (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text COLLATE "C" NOT NULL UNIQUE,
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('standard', 'temporary')),
      status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'replaced')),
      issued_on date NOT NULL,
      expires_on date NOT NULL,
      facts jsonb NOT NULL,
      payload text NOT NULL,
      key_id text COLLATE "C" NOT NULL REFERENCES signing_key(kid),
      issued_by uuid REFERENCES app_user(id),
      replaces_id uuid REFERENCES certificate(id),
      replaced_by_id uuid REFERENCES certificate(id),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES app_user(id),
      revoke_reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX certificate_person_idx ON certificate (person_id, created_at)`,
  `CREATE INDEX certificate_division_idx ON certificate (division_code)`,
  `CREATE INDEX certificate_expiry_idx ON certificate (expires_on) WHERE status = 'valid'`,
  // At most one current certificate per person: issuing again replaces it.
  `CREATE UNIQUE INDEX certificate_one_valid_idx ON certificate (person_id) WHERE status = 'valid'`,
  `CREATE TABLE certificate_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      certificate_id uuid NOT NULL REFERENCES certificate(id) ON DELETE CASCADE,
      person_id uuid NOT NULL,
      division_code text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('issued', 'replaced', 'revoked', 'printed')),
      reason text,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
  `CREATE INDEX certificate_event_cert_idx ON certificate_event (certificate_id, at)`,
  // A certificate presented and checked at the place of residence (or "none held": nobody is refused for that).
  `CREATE TABLE certificate_check (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      certificate_id uuid REFERENCES certificate(id) ON DELETE SET NULL,
      number_presented text,
      method text NOT NULL CHECK (method IN ('qr', 'number', 'none_held')),
      result text NOT NULL,
      checked_by uuid NOT NULL REFERENCES app_user(id),
      checked_at timestamptz NOT NULL DEFAULT now(),
      notes text
    )`,
  `CREATE INDEX certificate_check_person_idx ON certificate_check (person_id, checked_at)`,
  `CREATE INDEX certificate_check_division_idx ON certificate_check (division_code, checked_at)`,
  // Forged or altered certificates, referred to public security. No fines: the app computes none.
  `CREATE TABLE misuse_incident (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      check_id uuid NOT NULL REFERENCES certificate_check(id),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      presented text NOT NULL,
      reason text NOT NULL,
      place text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'referred', 'closed')),
      referred_to text,
      referred_at timestamptz,
      referred_by uuid REFERENCES app_user(id),
      notes text,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX misuse_incident_division_idx ON misuse_incident (division_code, created_at)`,
  // Partner-department API keys: only a hash is stored; the key is shown once when created.
  `CREATE TABLE dept_api_key (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      department text NOT NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE dept_api_key, misuse_incident, certificate_check, certificate_event, certificate, signing_key CASCADE`.execute(
    db,
  );
  await sql`DROP SEQUENCE IF EXISTS certificate_serial_seq`.execute(db);
}
