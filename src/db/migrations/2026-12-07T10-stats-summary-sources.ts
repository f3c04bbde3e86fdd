// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { dropEventTriggers, keepEventSources } from './shared.ts';

/**
 * The figures the draft annual summary writes about that had no indicator yet (issue 19 part 4), as event
 * sources of the generic counter of T09, so their answers for a closed period stay put:
 *
 * - complaints received (受理咨询投诉): by the day received (`received_on`), detail = type;
 * - distribution points (避孕药具发放点): +1 in the month the point was set up (`created_at`, China time), detail =
 *   kind; a `balance` indicator sums every month up to the period's end. Points are never deleted or deactivated
 *   by the application, so this is the points standing at the period's end;
 * - twelve-household groups (十二户联勤小组): +1 in the month the group was set up, the same way;
 * - duty log entries (联勤值班记录): by `duty_date`.
 *
 * Only the new measures are computed here (not a whole `stat_rebuild()`, which would recount every person).
 */
const CHINA_MONTH = (column: string) => `(x.${column} AT TIME ZONE 'UTC' + interval '8 hours')`;

const sources: [measure: string, table: string, date: string, detail: string][] = [
  ['complaint.received', 'complaint', 'x.received_on', 'x.type'],
  ['supply.points', 'distribution_point', CHINA_MONTH('created_at'), 'x.kind'],
  ['community.groups', 'household_group', CHINA_MONTH('created_at'), 'NULL'],
  ['community.duty_logs', 'duty_log', 'x.duty_date', 'NULL'],
];
const TABLES = ['distribution_point', 'household_group', 'duty_log'];

const list = sources.map(([m]) => `'${m}'`).join(', ');

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [measure, table, date, detail] of sources) {
    await sql`SELECT stat_register_event_source(${measure}, ${table}, 'division_code', ${date}, ${detail}, 'true',
      '1')`.execute(db);
  }
  await sql
    .raw(`DO $$
    DECLARE
      source stat_event_source;
    BEGIN
      FOR source IN SELECT * FROM stat_event_sources() WHERE measure IN (${list}) ORDER BY measure LOOP
        EXECUTE stat_events_sql(source, format('SELECT *, 1 AS stat_sign FROM %I', source.table_name));
      END LOOP;
    END $$`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // complaint keeps its triggers (earlier sources use it); the three tables new to the counter lose theirs.
  await dropEventTriggers(db, TABLES);
  await keepEventSources(db, `x.measure NOT IN (${list})`);
  await sql.raw(`DELETE FROM stat_rollup WHERE measure IN (${list})`).execute(db);
}
