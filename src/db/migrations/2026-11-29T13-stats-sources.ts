// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Statistics over the tables merged after the framework (issue 6, phase 2): event sources for the generic
 * "events by month and place" counter of migration T09. Each call creates the triggers on first use of a table
 * and is picked up by `stat_rebuild()` (`liudong stats rebuild`).
 */
const statements = [
  // 投诉按时办结率: a complaint counts as resolved once it has a reply (replied_on), in time when replied_on <= due_on;
  // the same rule as complaintCountsByDivision in src/modules/complaints. Counted in the month of the reply.
  `SELECT stat_register_event_source('complaint.closed', 'complaint', 'division_code', 'x.replied_on', 'NULL',
      'true', '1')`,
  `SELECT stat_register_event_source('complaint.resolved_in_time', 'complaint', 'division_code', 'x.replied_on',
      'NULL', 'x.replied_on <= x.due_on', '1')`,
  // 生育登记: registrations completed (status registered) by the month of registration in China time (UTC+8),
  // detail = channel (online / counter).
  `SELECT stat_register_event_source('birth_registration', 'birth_registration', 'division_code',
      '(x.registered_at AT TIME ZONE ''UTC'' + interval ''8 hours'')', 'x.channel', 'x.status = ''registered''',
      '1')`,
  `SELECT stat_rebuild()`,
];

const measures = ['complaint.closed', 'complaint.resolved_in_time', 'birth_registration'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['complaint', 'birth_registration']) {
    for (const op of ['ins', 'upd', 'del']) {
      await sql.raw(`DROP TRIGGER IF EXISTS stat_${table}_events_${op} ON ${table}`).execute(db);
    }
  }
  const list = measures.map((m) => `'${m}'`).join(', ');
  await sql
    .raw(`DO $$
    DECLARE
      rows_sql text;
    BEGIN
      SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
          x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
        INTO rows_sql FROM stat_event_sources() x WHERE x.measure NOT IN (${list});
      EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
        LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
        || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
    END $$`)
    .execute(db);
  await sql.raw(`DELETE FROM stat_rollup WHERE measure IN (${list})`).execute(db);
}
