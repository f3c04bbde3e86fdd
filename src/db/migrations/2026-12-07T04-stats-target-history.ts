// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Responsibility targets are set by the level above (issue 19): every change of a unit's targets for a year is
 * kept, with who made it and how (the API, or the county's one-step xlsx publication), so a superseded target
 * can still be shown. stat_target keeps only the targets in force.
 */
const statements = [
  `CREATE TABLE stat_target_history (
      id bigserial PRIMARY KEY,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      year smallint NOT NULL,
      targets jsonb NOT NULL,
      source text NOT NULL CHECK (source IN ('api', 'xlsx')),
      set_by uuid REFERENCES app_user(id),
      set_by_division text COLLATE "C" NOT NULL,
      set_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX stat_target_history_unit_idx ON stat_target_history (division_code, year, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS stat_target_history`.execute(db);
}
