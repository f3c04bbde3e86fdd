-- Trigger on every event-source table: counts the changed rows for each source of the table.
CREATE OR REPLACE FUNCTION stat_event_rows()
  RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    src text;
    source stat_event_source;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      src := 'SELECT *, 1 AS stat_sign FROM new_rows';
    ELSIF TG_OP = 'DELETE' THEN
      src := 'SELECT *, -1 AS stat_sign FROM old_rows';
    ELSE
      src := 'SELECT *, 1 AS stat_sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows';
    END IF;
    FOR source IN SELECT * FROM stat_event_sources() WHERE table_name = TG_TABLE_NAME ORDER BY measure LOOP
      EXECUTE stat_events_sql(source, src);
    END LOOP;
    RETURN NULL;
  END
$$
