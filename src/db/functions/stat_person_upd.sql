-- Trigger on person: refreshes the people whose statistics columns changed.
CREATE OR REPLACE FUNCTION stat_person_upd()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM stat_refresh_people(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.hukou_division, n.residence_division, n.sex, n.birth_date, n.marital_status,
             n.spouse_birth_date, n.departed_on, n.arrived_on, n.merged_into)
        IS DISTINCT FROM (o.hukou_division, o.residence_division, o.sex, o.birth_date, o.marital_status,
             o.spouse_birth_date, o.departed_on, o.arrived_on, o.merged_into)));
    RETURN NULL;
  END
$$
