-- Trigger on person: stat_person_row without the look-ups, since a person inserted just now has no certificate,
-- check or service yet.
CREATE OR REPLACE FUNCTION stat_person_ins()
  RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO stat_person (person_id, hukou_division, residence_division, sex, birth_year, married,
      spouse_birth_year, departed, arrived_month)
    SELECT n.id, n.hukou_division, n.residence_division, n.sex, extract(year FROM n.birth_date)::smallint,
      n.marital_status IN ('first_marriage', 'remarried'), extract(year FROM n.spouse_birth_date)::smallint,
      n.departed_on IS NOT NULL, to_char(n.arrived_on, 'YYYY-MM')
    FROM new_rows n ORDER BY n.id;
    RETURN NULL;
  END
$$
