// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

export const AUDIT_LOG_GUARD = `-- Rows may be sealed once (hash set from NULL) and never changed or deleted afterwards.
    CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_log is append-only';
      END IF;
      IF OLD.hash IS NOT NULL
         OR NEW.seq <> OLD.seq OR NEW.at <> OLD.at OR NEW.action <> OLD.action OR NEW.outcome <> OLD.outcome
         OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.entity_id IS DISTINCT FROM OLD.entity_id
         OR NEW.details IS DISTINCT FROM OLD.details OR NEW.person_id IS DISTINCT FROM OLD.person_id THEN
        RAISE EXCEPTION 'audit_log is append-only';
      END IF;
      RETURN NEW;
    END $$`;

const statements = [
  `CREATE TABLE division (
      code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
      parent_code text COLLATE "C",
      name text NOT NULL,
      full_name text NOT NULL,
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
      initials text COLLATE "C" NOT NULL,
      has_children boolean NOT NULL DEFAULT false
    )`,
  `CREATE INDEX division_parent_idx ON division (parent_code, code)`,
  `CREATE INDEX division_name_idx ON division (name COLLATE "C")`,
  `CREATE INDEX division_initials_idx ON division (initials)`,
  `CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('county_admin','township_officer','village_manager','provider','dept_verifier','auditor','resident')),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE TABLE session (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text
    )`,
  `CREATE INDEX session_user_idx ON session (user_id)`,
  `CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      id_number_enc text NOT NULL,
      id_hash text NOT NULL,
      id_prefix_hashes text[] NOT NULL,
      id_masked text NOT NULL,
      name text NOT NULL,
      name_initials text COLLATE "C" NOT NULL,
      name_pinyin text COLLATE "C" NOT NULL,
      sex char(1) NOT NULL CHECK (sex IN ('M','F')),
      birth_date date NOT NULL,
      hukou_division text COLLATE "C" NOT NULL REFERENCES division(code),
      residence_division text COLLATE "C" NOT NULL REFERENCES division(code),
      residence_address text,
      arrived_on date,
      departed_on date,
      marital_status text NOT NULL,
      spouse_id uuid REFERENCES person(id) ON DELETE SET NULL,
      spouse_name text,
      spouse_id_enc text,
      spouse_id_masked text,
      spouse_birth_date date,
      children jsonb NOT NULL DEFAULT '[]',
      phone text,
      employer text,
      landlord text,
      housing_type text,
      version integer NOT NULL DEFAULT 1,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE UNIQUE INDEX person_id_hash_idx ON person (id_hash)`,
  `CREATE INDEX person_residence_idx ON person (residence_division)`,
  `CREATE INDEX person_hukou_idx ON person (hukou_division)`,
  `CREATE INDEX person_name_idx ON person (name COLLATE "C", birth_date)`,
  `CREATE INDEX person_initials_idx ON person (name_initials)`,
  `CREATE INDEX person_pinyin_idx ON person (name_pinyin)`,
  `CREATE INDEX person_id_prefix_idx ON person USING gin (id_prefix_hashes)`,
  `CREATE TABLE person_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL,
      version integer NOT NULL,
      kind text NOT NULL,
      changes jsonb NOT NULL,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX person_history_person_idx ON person_history (person_id, version)`,
  `CREATE TABLE person_episode (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
      residence_division text COLLATE "C" NOT NULL,
      residence_address text,
      arrived_on date,
      departed_on date,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX person_episode_person_idx ON person_episode (person_id, created_at)`,
  `-- Append-only, hash-chained after the fact by the sealer (see src/modules/audit).
    CREATE TABLE audit_log (
      seq bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id uuid,
      actor_username text,
      actor_role text,
      actor_division text,
      action text NOT NULL,
      outcome text NOT NULL DEFAULT 'ok',
      entity text,
      entity_id text,
      person_id uuid,
      ip text,
      details jsonb,
      chain_seq bigint,
      prev_hash text,
      hash text
    )`,
  // One row per person touched keeps this a plain btree: a GIN index on an id array cost ~30% of lookup throughput.
  `CREATE INDEX audit_log_person_idx ON audit_log (person_id, seq) WHERE person_id IS NOT NULL`,
  `CREATE INDEX audit_log_unsealed_idx ON audit_log (seq) WHERE hash IS NULL`,
  // Partial, so the hot insert path (chain_seq still NULL) does not touch it.
  `CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (chain_seq) WHERE chain_seq IS NOT NULL`,
  // BRIN: rows arrive in time order, so a tiny index serves date-range filters and retention purges.
  `CREATE INDEX audit_log_at_idx ON audit_log USING brin (at)`,
  `CREATE TABLE audit_seal (
      id integer PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      last_hash text NOT NULL,
      sealed_at timestamptz NOT NULL
    )`,
  AUDIT_LOG_GUARD,
  `CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite's extended protocol does not take several at once.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_seal, audit_log, person_episode, person_history, person, session, app_user, division CASCADE`.execute(
    db,
  );
  await sql`DROP FUNCTION IF EXISTS audit_log_guard()`.execute(db);
}
