-- The facts one person contributes to the rollups. At each level the person is inflow at the residence's
-- ancestor when the household registration is outside it, outflow at the registration's ancestor when the residence
-- is outside it, local otherwise (flowDirection in src/core/person.ts, evaluated per level). IMMUTABLE: deferred
-- people (stat_person_delta) expand later to the same cells.
CREATE OR REPLACE FUNCTION stat_person_facts(p stat_person)
  RETURNS TABLE(measure text, division_code text, period text, sex text, birth_year smallint, detail text) LANGUAGE sql IMMUTABLE AS $$
  WITH lv AS (
    SELECT t.l, t.len,
      left(p.residence_division, t.len) = left(p.hukou_division, t.len) AS same,
      stat_level(p.residence_division) >= t.l AS res_ok,
      stat_level(p.hukou_division) >= t.l AS huk_ok,
      rpad(left(p.residence_division, t.len), 12, '0') AS res_anc,
      rpad(left(p.hukou_division, t.len), 12, '0') AS huk_anc
    FROM unnest(ARRAY[2, 4, 6, 9, 12]) WITH ORDINALITY AS t(len, l)
  ),
  views AS (
    SELECT 'local' AS v, res_anc AS anc FROM lv WHERE same AND res_ok AND NOT p.departed
    UNION ALL SELECT 'in', res_anc FROM lv WHERE NOT same AND res_ok AND NOT p.departed
    UNION ALL SELECT 'out', huk_anc FROM lv WHERE NOT same AND huk_ok AND NOT p.departed
  ),
  arrivals AS (
    SELECT 'arrived.in' AS m, res_anc AS anc FROM lv
    WHERE NOT same AND res_ok AND p.arrived_month IS NOT NULL
  ),
  base AS (
    SELECT 'pop.' || v AS m, anc, p.sex::text AS s, p.birth_year AS y, '' AS d FROM views
    UNION ALL SELECT 'cba.' || v, anc, p.sex::text,
      CASE WHEN p.sex = 'F' THEN p.birth_year ELSE p.spouse_birth_year END, ''
      FROM views WHERE v <> 'local' AND (p.sex = 'F' OR (p.married AND p.spouse_birth_year IS NOT NULL))
    UNION ALL SELECT 'mwcba.' || v, anc, 'F', p.birth_year, '' FROM views
      WHERE v <> 'local' AND p.sex = 'F' AND p.married
    UNION ALL SELECT 'mwcba_cert.' || v, anc, 'F', p.birth_year, '' FROM views
      WHERE v <> 'local' AND p.sex = 'F' AND p.married AND p.has_certificate
    UNION ALL SELECT 'mwcba_contra.' || v, anc, 'F', p.birth_year, '' FROM views
      WHERE v <> 'local' AND p.sex = 'F' AND p.married AND p.contraception
    UNION ALL SELECT 'mwcba_verified.' || v, anc, 'F', p.birth_year, '' FROM views
      WHERE v <> 'local' AND p.sex = 'F' AND p.married AND p.verified
    UNION ALL SELECT 'mwcba_checkup.' || v, anc, 'F', p.birth_year, p.checkup_year::text FROM views
      WHERE v <> 'local' AND p.sex = 'F' AND p.married AND p.checkup_year IS NOT NULL
  )
  SELECT m, anc, '', s, y, d FROM base
  UNION ALL SELECT m, anc, p.arrived_month, p.sex::text, p.birth_year, '' FROM arrivals
$$
