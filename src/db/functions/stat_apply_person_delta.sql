-- Adds a set of signed person rows to the rollup, in key order so concurrent writers do not deadlock. A
-- transaction that set liudong.stat_defer = 'on' (the importer) appends the rows to stat_person_delta instead;
-- stat_merge_deltas folds them in.
CREATE OR REPLACE FUNCTION stat_apply_person_delta(added stat_person[], removed stat_person[])
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF current_setting('liudong.stat_defer', true) = 'on' THEN
      INSERT INTO stat_person_delta
      SELECT 1, a.* FROM unnest(added) a
      UNION ALL SELECT -1, o.* FROM unnest(removed) o;
      RETURN;
    END IF;
    INSERT INTO stat_rollup AS r (measure, division_code, period, sex, birth_year, detail, value)
    SELECT f.measure, f.division_code, f.period, f.sex, f.birth_year, f.detail, sum(x.d)
    FROM (SELECT a AS p, 1 AS d FROM unnest(added) a
          UNION ALL SELECT o, -1 FROM unnest(removed) o) x,
      LATERAL stat_person_facts(x.p) f
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(x.d) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (measure, division_code, period, sex, birth_year, detail)
    DO UPDATE SET value = r.value + excluded.value;
  END
$$
