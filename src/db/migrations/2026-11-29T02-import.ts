// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

const statements = [
  `-- One row per import run; rows_done is the checkpoint a rerun resumes from (committed with each batch).
    CREATE TABLE import_job (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL DEFAULT 'persons',
      file_name text NOT NULL,
      file_sha256 text NOT NULL,
      file_format text NOT NULL CHECK (file_format IN ('csv','xlsx')),
      update_existing boolean NOT NULL,
      actor_id uuid NOT NULL REFERENCES app_user(id),
      division_code text COLLATE "C" NOT NULL,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','failed')),
      header jsonb,
      rows_done integer NOT NULL DEFAULT 0,
      rows_read integer NOT NULL DEFAULT 0,
      inserted integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      message jsonb,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`,
  `CREATE INDEX import_job_resume_idx ON import_job (actor_id, file_sha256, update_existing) WHERE status = 'running'`,
  `CREATE INDEX import_job_actor_idx ON import_job (actor_id, started_at)`,
  `-- Bad rows of an import, for the error report. The original cells are encrypted: they hold ID numbers.
    CREATE TABLE import_error (
      job_id uuid NOT NULL REFERENCES import_job(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      division_code text COLLATE "C" NOT NULL,
      issues jsonb NOT NULL,
      cells_enc text NOT NULL,
      PRIMARY KEY (job_id, row_number)
    )`,
  // Division cells given as full names (安徽省阜阳市临泉县) are matched exactly first.
  `CREATE INDEX division_full_name_idx ON division (full_name COLLATE "C")`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE import_error, import_job`.execute(db);
  await sql`DROP INDEX IF EXISTS division_full_name_idx`.execute(db);
}
