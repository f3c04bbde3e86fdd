-- Trigger on person.
CREATE OR REPLACE FUNCTION stat_person_del()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM stat_person WHERE person_id IN (SELECT id FROM old_rows);
    RETURN NULL;
  END
$$
