// Frozen in time, like the migrations whose down() uses it: never import application code here, and never
// change what a helper does (a rollback must do what it did when those migrations were written).
import { type Kysely, sql } from 'kysely';

/** A migration's `CREATE FUNCTION` statement, as a later migration's down() restores it. */
export function orReplace(statement: string): string {
  return statement.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
}

/** Drops the generic event counter's triggers (migration T09) from some tables. */
export async function dropEventTriggers(db: Kysely<unknown>, tables: string[]): Promise<void> {
  for (const table of tables) {
    for (const op of ['ins', 'upd', 'del']) {
      await sql.raw(`DROP TRIGGER IF EXISTS stat_${table}_events_${op} ON ${table}`).execute(db);
    }
  }
}

/** Rewrites the event-source registry (stat_event_sources(), T09) keeping only the sources `keep` selects. */
export async function keepEventSources(db: Kysely<unknown>, keep: string): Promise<void> {
  await sql
    .raw(`DO $$
    DECLARE
      rows_sql text;
    BEGIN
      SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
          x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
        INTO rows_sql FROM stat_event_sources() x WHERE ${keep};
      EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
        LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
        || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
    END $$`)
    .execute(db);
}
