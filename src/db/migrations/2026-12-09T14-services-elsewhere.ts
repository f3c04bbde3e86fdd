// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { keepEventSources } from './shared.ts';

/**
 * Services count where the person is from, too (issue 26 part 4): the origin counts the 'service' notices it
 * received (异地服务, measure `service.elsewhere`) at the person's household-registration division, by the service
 * date, detail = the coarse kind (checkup, counselling). Its own `service` measure counts only service_record, so
 * no service is counted twice in one place's figures.
 */
const DATE = `CASE WHEN x.event = 'service' THEN (x.payload->'service'->>'date')::date END`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT stat_register_event_source('service.elsewhere', 'exchange_inbox', 'division_code', ${DATE},
    ${"x.payload->'service'->>'kind'"}, ${"x.kind = 'notification' AND x.event = 'service'"}, '1')`.execute(db);
  // Only the new measure is computed (a whole stat_rebuild() would recount every person).
  await sql
    .raw(`DO $$
    DECLARE
      source stat_event_source;
    BEGIN
      FOR source IN SELECT * FROM stat_event_sources() WHERE measure = 'service.elsewhere' LOOP
        EXECUTE stat_events_sql(source, 'SELECT *, 1 AS stat_sign FROM exchange_inbox');
      END LOOP;
    END $$`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await keepEventSources(db, `x.measure <> 'service.elsewhere'`);
  await sql`DELETE FROM stat_rollup WHERE measure = 'service.elsewhere'`.execute(db);
}
