-- Run at every start: re-enables the statistics triggers and rebuilds if a bulk load left them off, else merges
-- pending deferred statistics.
CREATE OR REPLACE FUNCTION stat_resume()
  RETURNS boolean LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'stat_%' AND tgenabled = 'D') THEN
      IF EXISTS (SELECT 1 FROM stat_person_delta) OR EXISTS (SELECT 1 FROM stat_rollup_delta) THEN
        PERFORM stat_merge_deltas();
      END IF;
      RETURN false;
    END IF;
    PERFORM stat_set_triggers(true);
    PERFORM stat_rebuild();
    RETURN true;
  END
$$
