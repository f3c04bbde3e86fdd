-- Switches the statistics triggers off for a bulk load, or on again.
CREATE OR REPLACE FUNCTION stat_set_triggers(enabled boolean)
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    t record;
  BEGIN
    FOR t IN SELECT c.relname AS tab, g.tgname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
      WHERE g.tgname LIKE 'stat_%' AND NOT g.tgisinternal LOOP
      EXECUTE format('ALTER TABLE %I %s TRIGGER %I', t.tab, CASE WHEN enabled THEN 'ENABLE' ELSE 'DISABLE' END, t.name);
    END LOOP;
  END
$$
