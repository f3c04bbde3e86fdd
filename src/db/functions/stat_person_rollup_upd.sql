-- Trigger on stat_person: adds the new rows' facts and subtracts the old ones.
CREATE OR REPLACE FUNCTION stat_person_rollup_upd()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM stat_apply_person_delta(ARRAY(SELECT ROW(n.*)::stat_person FROM new_rows n), ARRAY(SELECT ROW(o.*)::stat_person FROM old_rows o));
    RETURN NULL;
  END
$$
