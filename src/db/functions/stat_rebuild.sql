-- Recomputes every rollup from the source tables (`liudong stats rebuild`): the same functions as the triggers,
-- over whole tables instead of transition tables. TRUNCATE: a DELETE of a million cells left as many dead rows.
CREATE OR REPLACE FUNCTION stat_rebuild()
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    source stat_event_source;
  BEGIN
    -- Rebuilt cells go straight to stat_rollup, even inside a transaction that deferred its own.
    PERFORM set_config('liudong.stat_defer', 'off', true);
    TRUNCATE stat_person, stat_rollup, stat_rollup_delta, stat_person_delta;
    INSERT INTO stat_person SELECT r.* FROM person p, LATERAL stat_person_row(p) r WHERE p.merged_into IS NULL;
    FOR source IN SELECT * FROM stat_event_sources() ORDER BY measure LOOP
      EXECUTE stat_events_sql(source, format('SELECT *, 1 AS stat_sign FROM %I', source.table_name));
    END LOOP;
  END
$$
