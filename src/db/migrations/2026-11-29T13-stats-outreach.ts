// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * 宣传活动 statistics (issue 6, phase 2): materials handed out (发放宣传资料 N 份), events held and attendance,
 * by the month the event was held and its division (detail = event kind). Uses the generic event counter of T09.
 */
const measures: [string, string][] = [
  ['outreach.materials', 'x.materials_count'],
  ['outreach.events', '1'],
  ['outreach.attendance', 'x.attendance'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [measure, value] of measures) {
    await sql`SELECT stat_register_event_source(${measure}, 'outreach_event', 'division_code', 'x.held_on',
      'x.kind', 'true', ${value})`.execute(db);
  }
  await sql`SELECT stat_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const op of ['ins', 'upd', 'del']) {
    await sql.raw(`DROP TRIGGER IF EXISTS stat_outreach_event_events_${op} ON outreach_event`).execute(db);
  }
  await sql
    .raw(`DO $$
    DECLARE
      rows_sql text;
    BEGIN
      SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
          x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
        INTO rows_sql FROM stat_event_sources() x WHERE x.table_name <> 'outreach_event';
      EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
        LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
        || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
    END $$`)
    .execute(db);
  await sql`DELETE FROM stat_rollup WHERE measure LIKE 'outreach.%'`.execute(db);
}
