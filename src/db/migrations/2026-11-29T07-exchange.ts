// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Origin ↔ residence information exchange (issue 5): a transactional outbox and an inbox in the same
 * database as the registry, cases with their national-platform state, dead letters, and this deployment's
 * Ed25519 exchange identity. Every row about people carries a division code (our side of the exchange).
 */
const statements = [
  `CREATE TABLE exchange_identity (
      kid text PRIMARY KEY,
      public_key text NOT NULL,
      private_key_enc text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE TABLE exchange_outbox (
      id uuid PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('inquiry', 'notification', 'feedback', 'pairing')),
      event text,
      case_id uuid NOT NULL,
      from_side text NOT NULL CHECK (from_side IN ('residence', 'origin')),
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL,
      from_division text COLLATE "C" NOT NULL,
      to_division text COLLATE "C" NOT NULL,
      urgent boolean NOT NULL DEFAULT false,
      needs_reply boolean NOT NULL DEFAULT false,
      due_on date,
      in_reply_to uuid,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      transport text CHECK (transport IN ('local', 'nats')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'delivered', 'rejected')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      reply_id uuid,
      replied_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      sent_at timestamptz
    )`,
  `CREATE INDEX exchange_outbox_pending_idx ON exchange_outbox (next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX exchange_outbox_division_idx ON exchange_outbox (division_code, created_at)`,
  `CREATE INDEX exchange_outbox_case_idx ON exchange_outbox (case_id)`,
  `CREATE TABLE exchange_inbox (
      id uuid PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      event text,
      case_id uuid NOT NULL,
      from_side text NOT NULL,
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL,
      from_division text COLLATE "C" NOT NULL,
      to_division text COLLATE "C" NOT NULL,
      urgent boolean NOT NULL DEFAULT false,
      needs_reply boolean NOT NULL DEFAULT false,
      due_on date,
      in_reply_to uuid,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      transport text NOT NULL CHECK (transport IN ('local', 'nats')),
      peer text,
      outcome text NOT NULL,
      reply_id uuid,
      replied_at timestamptz,
      sent_at timestamptz NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`,
  `CREATE INDEX exchange_inbox_division_idx ON exchange_inbox (division_code, applied_at)`,
  `CREATE INDEX exchange_inbox_case_idx ON exchange_inbox (case_id)`,
  `CREATE INDEX exchange_inbox_open_idx ON exchange_inbox (due_on) WHERE needs_reply AND replied_at IS NULL`,
  `CREATE TABLE exchange_case (
      id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('residence', 'origin')),
      person_id uuid REFERENCES person(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL,
      counterpart_division text COLLATE "C" NOT NULL,
      state text NOT NULL CHECK (state IN ('unconfirmed', 'needs_reconfirmation', 'registered_inflow',
        'registered_outflow', 'moving', 'settled')),
      paired_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, side)
    )`,
  `CREATE INDEX exchange_case_person_idx ON exchange_case (person_id)`,
  `CREATE INDEX exchange_case_division_idx ON exchange_case (division_code, state)`,
  `CREATE TABLE exchange_dead_letter (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('local', 'nats')),
      subject text,
      peer text,
      message_id text,
      division_code text COLLATE "C",
      reason_code text NOT NULL,
      reason jsonb NOT NULL,
      raw_enc text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retried')),
      retries integer NOT NULL DEFAULT 0,
      received_at timestamptz NOT NULL DEFAULT now(),
      retried_at timestamptz
    )`,
  `CREATE UNIQUE INDEX exchange_dead_letter_message_idx ON exchange_dead_letter (source, message_id)`,
  `CREATE INDEX exchange_dead_letter_open_idx ON exchange_dead_letter (status, received_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'exchange_dead_letter',
    'exchange_case',
    'exchange_inbox',
    'exchange_outbox',
    'exchange_identity',
  ])
    await sql.raw(`DROP TABLE ${table} CASCADE`).execute(db);
}
