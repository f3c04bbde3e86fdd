-- Trigger on stat_person: subtracts the old rows' facts.
CREATE OR REPLACE FUNCTION stat_person_rollup_del()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM stat_apply_person_delta('{}', ARRAY(SELECT ROW(o.*)::stat_person FROM old_rows o));
    RETURN NULL;
  END
$$
