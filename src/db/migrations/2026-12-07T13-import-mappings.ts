// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Column mappings the console's import step confirmed (issue 20), remembered per division and header set, so
 * next month's sheet from the same community maps itself. header_hash is SHA-256 of the sorted, normalised
 * header texts; mapping is header text → field, or null for a column not imported.
 */
const statements = [
  `CREATE TABLE import_mapping (
     division_code text COLLATE "C" NOT NULL,
     header_hash text NOT NULL,
     headers jsonb NOT NULL,
     mapping jsonb NOT NULL,
     updated_by uuid NOT NULL REFERENCES app_user(id),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (division_code, header_hash)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE import_mapping`.execute(db);
}
