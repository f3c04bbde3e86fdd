-- Certificates that expired since the last sweep stop counting as held (the server calls it hourly).
CREATE OR REPLACE FUNCTION stat_expire_certificates()
  RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    ids uuid[];
  BEGIN
    ids := ARRAY(SELECT person_id FROM stat_person
      WHERE has_certificate AND certificate_expires_on < current_date);
    PERFORM stat_refresh_people(ids);
    RETURN cardinality(ids);
  END
$$
