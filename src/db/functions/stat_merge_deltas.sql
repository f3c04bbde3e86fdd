-- Pending people (stat_person_delta) and any cells left by the earlier form (stat_rollup_delta) into the rollup, in
-- one grouped upsert. DELETE … RETURNING: two merges at once never fold the same row twice.
CREATE OR REPLACE FUNCTION stat_merge_deltas()
  RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE
    n bigint;
  BEGIN
    WITH people AS (DELETE FROM stat_person_delta RETURNING *),
    cells AS (DELETE FROM stat_rollup_delta RETURNING *),
    facts AS (
      SELECT f.measure COLLATE "C" AS measure, f.division_code COLLATE "C" AS division_code,
        f.period COLLATE "C" AS period, f.sex COLLATE "C" AS sex, f.birth_year, f.detail COLLATE "C" AS detail,
        p.sign::bigint AS value
      FROM people p, LATERAL stat_person_facts(ROW(p.person_id, p.hukou_division, p.residence_division, p.sex,
        p.birth_year, p.married, p.spouse_birth_year, p.departed, p.arrived_month, p.has_certificate,
        p.certificate_expires_on, p.verified, p.contraception, p.checkup_year)::stat_person) f
      UNION ALL
      SELECT measure, division_code, period, sex, birth_year, detail, value FROM cells
    ),
    merged AS (
      INSERT INTO stat_rollup AS r (measure, division_code, period, sex, birth_year, detail, value)
      SELECT measure, division_code, period, sex, birth_year, detail, sum(value) FROM facts
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(value) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (measure, division_code, period, sex, birth_year, detail)
      DO UPDATE SET value = r.value + excluded.value
      RETURNING 1
    )
    SELECT count(*) INTO n FROM merged;
    RETURN n;
  END
$$
