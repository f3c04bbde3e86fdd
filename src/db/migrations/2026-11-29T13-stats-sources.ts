// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { dropEventTriggers, keepEventSources } from './shared.ts';

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
  await dropEventTriggers(db, ['complaint', 'birth_registration']);
  const list = measures.map((m) => `'${m}'`).join(', ');
  await keepEventSources(db, `x.measure NOT IN (${list})`);
  await sql.raw(`DELETE FROM stat_rollup WHERE measure IN (${list})`).execute(db);
}
