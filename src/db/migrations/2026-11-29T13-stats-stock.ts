// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { dropEventTriggers, keepEventSources } from './shared.ts';

/**
 * Contraceptive stock (issue 4) in the statistics rollups (issue 6, phase 2): the net change of stock
 * (stock_movement.delta: received and transferred in are positive, dispensed and transferred out negative) by
 * the month of the movement (China time, UTC+8), place and item. The stock at the end of a month is the sum of
 * every month up to it (the `balance` indicators of src/core/indicators.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT stat_register_event_source('stock.balance', 'stock_movement', 'division_code',
    ${"(x.at AT TIME ZONE 'UTC' + interval '8 hours')"}, 'x.item', 'true', 'x.delta')`.execute(db);
  await sql`SELECT stat_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropEventTriggers(db, ['stock_movement']);
  await keepEventSources(db, `x.table_name <> 'stock_movement'`);
  await sql`DELETE FROM stat_rollup WHERE measure = 'stock.balance'`.execute(db);
}
