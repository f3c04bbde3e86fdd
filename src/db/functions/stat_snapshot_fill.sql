-- Month-end history (stat_snapshot) for a range of months, recomputed in one pass: each residence episode's facts
-- are added in its first month and taken away in its departure month, and a running sum gives each month's counts;
-- then the rates' numerators for the married women present at each month's end, and the month's arrivals among
-- the people known at the fill.
CREATE OR REPLACE FUNCTION stat_snapshot_fill(p_from text, p_to text)
  RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      n bigint;
      r bigint;
    BEGIN
      DELETE FROM stat_snapshot WHERE month BETWEEN p_from AND p_to;
      WITH episodes AS (
  SELECT e.person_id, e.residence_division, e.arrived_on, e.departed_on FROM person_episode e
  UNION ALL
  SELECT p.id, p.residence_division, p.arrived_on, p.departed_on FROM person p
  WHERE NOT EXISTS (SELECT 1 FROM person_episode e WHERE e.person_id = p.id)),
      spans AS (
        SELECT to_char(coalesce(e.arrived_on, (p.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date),
            'YYYY-MM') AS first_month,
          to_char(e.departed_on, 'YYYY-MM') AS stop_month,
          ROW(p.id, p.hukou_division, e.residence_division, p.sex, extract(year FROM p.birth_date)::smallint,
            p.marital_status IN ('first_marriage', 'remarried'), extract(year FROM p.spouse_birth_date)::smallint,
            false, NULL::text, false, NULL::date, false, false, NULL::smallint)::stat_person AS s
        FROM episodes e JOIN person p ON p.id = e.person_id
      ),
      live AS (
        SELECT greatest(first_month, p_from) AS first_month, stop_month, s FROM spans
        WHERE first_month <= p_to AND (stop_month IS NULL OR (stop_month > p_from AND stop_month > first_month))
      ),
      deltas AS (
        SELECT d.month, f.measure, f.division_code, f.sex, f.birth_year, f.detail, sum(d.sign) AS delta
        FROM live l, LATERAL stat_person_facts(l.s) f,
          LATERAL (SELECT l.first_month AS month, 1 AS sign
                   UNION ALL SELECT l.stop_month, -1 WHERE l.stop_month IS NOT NULL AND l.stop_month <= p_to) d
        GROUP BY 1, 2, 3, 4, 5, 6
      ),
      months AS (
        SELECT to_char(g, 'YYYY-MM') AS month
        FROM generate_series(to_date(p_from, 'YYYY-MM'), to_date(p_to, 'YYYY-MM'), interval '1 month') g
      ),
      cells AS (SELECT DISTINCT measure, division_code, sex, birth_year, detail FROM deltas),
      running AS (
        SELECT c.measure, c.division_code, m.month, c.sex, c.birth_year, c.detail,
          sum(coalesce(d.delta, 0)) OVER (PARTITION BY c.measure, c.division_code, c.sex, c.birth_year, c.detail
            ORDER BY m.month) AS value
        FROM cells c CROSS JOIN months m
        LEFT JOIN deltas d ON d.month = m.month AND d.measure = c.measure AND d.division_code = c.division_code
          AND d.sex = c.sex AND d.birth_year = c.birth_year AND d.detail = c.detail
      )
      INSERT INTO stat_snapshot (measure, division_code, month, sex, birth_year, detail, value)
      SELECT measure, division_code, month, sex, birth_year, detail, value FROM running WHERE value <> 0;
      GET DIAGNOSTICS n = ROW_COUNT;
      -- The rates' numerators: only married women count in them, so only they are evaluated month by month.
      WITH episodes AS (
  SELECT e.person_id, e.residence_division, e.arrived_on, e.departed_on FROM person_episode e
  UNION ALL
  SELECT p.id, p.residence_division, p.arrived_on, p.departed_on FROM person p
  WHERE NOT EXISTS (SELECT 1 FROM person_episode e WHERE e.person_id = p.id)),
      months AS (
        SELECT to_char(g, 'YYYY-MM') AS month, (g + interval '1 month' - interval '1 day')::date AS last_day
        FROM generate_series(to_date(p_from, 'YYYY-MM'), to_date(p_to, 'YYYY-MM'), interval '1 month') g
      ),
      present AS (
        SELECT m.month, m.last_day, p.id, p.hukou_division, e.residence_division, p.birth_date, p.spouse_birth_date
        FROM months m
        JOIN episodes e ON e.departed_on IS NULL OR to_char(e.departed_on, 'YYYY-MM') > m.month
        JOIN person p ON p.id = e.person_id
        WHERE p.sex = 'F' AND p.marital_status IN ('first_marriage', 'remarried')
          AND to_char(coalesce(e.arrived_on, (p.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date),
            'YYYY-MM') <= m.month
      )
      INSERT INTO stat_snapshot (measure, division_code, month, sex, birth_year, detail, value)
      SELECT f.measure, f.division_code, w.month, f.sex, f.birth_year, f.detail, count(*)
      FROM present w,
        LATERAL stat_person_facts(ROW(w.id, w.hukou_division, w.residence_division, 'F',
          extract(year FROM w.birth_date)::smallint, true, extract(year FROM w.spouse_birth_date)::smallint, false,
          NULL::text,
          EXISTS (SELECT 1 FROM certificate x WHERE x.person_id = w.id AND x.issued_on <= w.last_day
            AND x.expires_on >= w.last_day
            AND (x.revoked_at IS NULL OR (x.revoked_at AT TIME ZONE 'UTC' + interval '8 hours')::date > w.last_day)),
          NULL::date,
          EXISTS (SELECT 1 FROM certificate_check k WHERE k.person_id = w.id AND k.method <> 'none_held'
            AND (k.checked_at AT TIME ZONE 'UTC' + interval '8 hours')::date <= w.last_day),
          coalesce((SELECT s.contraceptive_in_use FROM service_record s
            WHERE s.person_id = w.id AND s.kind = 'contraceptive_counselling' AND s.status = 'done'
              AND s.service_date <= w.last_day
            ORDER BY s.service_date DESC, s.created_at DESC, s.id DESC LIMIT 1), false),
          (SELECT max(extract(year FROM s.service_date))::smallint FROM service_record s
            WHERE s.person_id = w.id AND s.kind = 'reproductive_checkup' AND s.status = 'done'
              AND s.service_date <= w.last_day))::stat_person) f
      WHERE f.measure ~ '^mwcba_(cert|contra|verified|checkup)[.]'
      GROUP BY f.measure, f.division_code, w.month, f.sex, f.birth_year, f.detail;
      GET DIAGNOSTICS r = ROW_COUNT;
      n := n + r;
      -- Arrivals (新来本地) by arrival month, as the rollup counts them, but only the people known at the fill: a
      -- late registration with an earlier arrival date reaches a closed month's history only when it is refilled.
      INSERT INTO stat_snapshot (measure, division_code, month, sex, birth_year, detail, value)
      SELECT f.measure, f.division_code, f.period, f.sex, f.birth_year, f.detail, count(*)
      FROM person p,
        LATERAL stat_person_facts(ROW(p.id, p.hukou_division, p.residence_division, p.sex,
          extract(year FROM p.birth_date)::smallint, false, NULL::smallint, false, to_char(p.arrived_on, 'YYYY-MM'),
          false, NULL::date, false, false, NULL::smallint)::stat_person) f
      WHERE p.arrived_on >= to_date(p_from, 'YYYY-MM')
        AND p.arrived_on < to_date(p_to, 'YYYY-MM') + interval '1 month'
        AND f.measure = 'arrived.in'
      GROUP BY f.measure, f.division_code, f.period, f.sex, f.birth_year, f.detail;
      GET DIAGNOSTICS r = ROW_COUNT;
      INSERT INTO stat_snapshot_month (month, rates)
      SELECT to_char(g, 'YYYY-MM'), true FROM generate_series(to_date(p_from, 'YYYY-MM'), to_date(p_to, 'YYYY-MM'),
        interval '1 month') g
      ON CONFLICT (month) DO UPDATE SET computed_at = now(), rates = true;
      RETURN n + r;
    END
$$
