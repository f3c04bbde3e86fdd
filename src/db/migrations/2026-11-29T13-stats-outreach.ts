// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { dropEventTriggers, keepEventSources } from './shared.ts';

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
  await dropEventTriggers(db, ['outreach_event']);
  await keepEventSources(db, `x.table_name <> 'outreach_event'`);
  await sql`DELETE FROM stat_rollup WHERE measure LIKE 'outreach.%'`.execute(db);
}
