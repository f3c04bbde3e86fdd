-- Trigger on certificate, certificate_check and service_record: refreshes the people the rows name.
CREATE OR REPLACE FUNCTION stat_related_upd()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM stat_refresh_people(ARRAY(
      SELECT person_id FROM new_rows WHERE person_id IS NOT NULL
      UNION SELECT person_id FROM old_rows WHERE person_id IS NOT NULL));
    RETURN NULL;
  END
$$
