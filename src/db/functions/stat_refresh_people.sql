-- Re-derives the statistics rows of some people; rows that did not change are left alone. A merged record (a
-- tombstone, merged_into set) counts like a deleted one: its survivor carries the person.
CREATE OR REPLACE FUNCTION stat_refresh_people(ids uuid[])
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM stat_person s WHERE s.person_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = s.person_id AND p.merged_into IS NULL);
    INSERT INTO stat_person AS s
    SELECT r.* FROM person p, LATERAL stat_person_row(p) r WHERE p.id = ANY(ids) AND p.merged_into IS NULL
    ORDER BY p.id
    ON CONFLICT (person_id) DO UPDATE SET
      hukou_division = excluded.hukou_division, residence_division = excluded.residence_division,
      sex = excluded.sex, birth_year = excluded.birth_year, married = excluded.married,
      spouse_birth_year = excluded.spouse_birth_year, departed = excluded.departed,
      arrived_month = excluded.arrived_month, has_certificate = excluded.has_certificate,
      certificate_expires_on = excluded.certificate_expires_on, verified = excluded.verified,
      contraception = excluded.contraception, checkup_year = excluded.checkup_year
    WHERE (s.*) IS DISTINCT FROM (excluded.*);
  END
$$
