-- Adds a source to the registry stat_event_sources() (a function, not rows: a freshly migrated database stays
-- empty, which restore requires) and, on a table's first source, creates its three triggers. Called by migrations.
CREATE OR REPLACE FUNCTION stat_register_event_source(p_measure text, p_table text, p_division_column text,
    p_date_expr text, p_detail_expr text, p_filter_expr text, p_value_expr text)
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    first boolean;
    rows_sql text;
  BEGIN
    first := NOT EXISTS (SELECT 1 FROM stat_event_sources() s WHERE s.table_name = p_table);
    SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
        x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
      INTO rows_sql
      FROM (SELECT * FROM stat_event_sources()
            UNION ALL SELECT p_measure, p_table, p_division_column, p_date_expr, p_detail_expr, p_filter_expr,
              p_value_expr) x;
    EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
      LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
      || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
    IF first THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_ins', p_table);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_upd', p_table);
      EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_del', p_table);
    END IF;
  END
$$
