// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

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
  for (const op of ['ins', 'upd', 'del']) {
    await sql.raw(`DROP TRIGGER IF EXISTS stat_stock_movement_events_${op} ON stock_movement`).execute(db);
  }
  await sql
    .raw(`DO $$
    DECLARE
      rows_sql text;
    BEGIN
      SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
          x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
        INTO rows_sql FROM stat_event_sources() x WHERE x.table_name <> 'stock_movement';
      EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
        LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
        || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
    END $$`)
    .execute(db);
  await sql`DELETE FROM stat_rollup WHERE measure = 'stock.balance'`.execute(db);
}
