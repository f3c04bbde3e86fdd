-- Trigger on stat_person: adds the new rows' facts.
CREATE OR REPLACE FUNCTION stat_person_rollup_ins()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM stat_apply_person_delta(ARRAY(SELECT ROW(n.*)::stat_person FROM new_rows n), '{}');
    RETURN NULL;
  END
$$
