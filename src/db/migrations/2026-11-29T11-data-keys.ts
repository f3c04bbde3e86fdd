// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * The data-key ring (issue 8 §2, `liudong keys rotate-data`). Each row is one AES-256-GCM data key, stored
 * only wrapped (AES-GCM) under a key derived from the deployment master key (LIUDONG_DATA_KEY or the key
 * file), never in clear. The original key (ciphertexts "v1.…") is derived from the master key and has no
 * row until it is retired. `wrapped` is emptied when a key is retired: its material is then gone.
 */
const statements = [
  `CREATE TABLE data_key (
      kid text COLLATE "C" PRIMARY KEY CHECK (kid ~ '^[a-z0-9]+$'),
      wrapped text,
      state text NOT NULL CHECK (state IN ('staged', 'current', 'active', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz,
      retired_at timestamptz,
      rotation_checkpoint jsonb,
      rotated_rows bigint NOT NULL DEFAULT 0,
      rotation_finished_at timestamptz,
      CHECK ((state = 'retired') = (wrapped IS NULL))
    )`,
  `CREATE UNIQUE INDEX data_key_one_current ON data_key (state) WHERE state = 'current'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE data_key`.execute(db);
}
