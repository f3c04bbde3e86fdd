// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { dropEventTriggers, keepEventSources } from './shared.ts';

/**
 * Exchange between areas (issue 5) in the statistics rollups (issue 6, phase 2): messages sent (outbox, by
 * the month created) and received (inbox, by the month applied), in China time (UTC+8), detail = kind.
 * The on-time feedback and pairing rates depend on today's date and on replies in the other table; they are
 * still answered by exchangeRates (src/modules/exchange) and not rolled up.
 */
const sources: [string, string, string][] = [
  ['exchange.sent', 'exchange_outbox', "(x.created_at AT TIME ZONE 'UTC' + interval '8 hours')"],
  ['exchange.received', 'exchange_inbox', "(x.applied_at AT TIME ZONE 'UTC' + interval '8 hours')"],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [measure, table, date] of sources) {
    await sql`SELECT stat_register_event_source(${measure}, ${table}, 'division_code', ${date}, 'x.kind', 'true',
      '1')`.execute(db);
  }
  await sql`SELECT stat_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropEventTriggers(
    db,
    sources.map(([, table]) => table),
  );
  await keepEventSources(db, `x.table_name NOT IN ('exchange_outbox', 'exchange_inbox')`);
  await sql`DELETE FROM stat_rollup WHERE measure IN ('exchange.sent', 'exchange.received')`.execute(db);
}
