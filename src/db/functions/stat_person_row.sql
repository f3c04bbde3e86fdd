-- A person's statistics row, from the person and the current state of the related tables.
CREATE OR REPLACE FUNCTION stat_person_row(p person)
  RETURNS stat_person LANGUAGE sql STABLE AS $$
  SELECT p.id, p.hukou_division, p.residence_division, p.sex, extract(year FROM p.birth_date)::smallint,
    p.marital_status IN ('first_marriage', 'remarried'),
    extract(year FROM p.spouse_birth_date)::smallint,
    p.departed_on IS NOT NULL,
    to_char(p.arrived_on, 'YYYY-MM'),
    c.expires_on IS NOT NULL, c.expires_on,
    EXISTS (SELECT 1 FROM certificate_check k WHERE k.person_id = p.id AND k.method <> 'none_held'),
    coalesce((SELECT s.contraceptive_in_use FROM service_record s
      WHERE s.person_id = p.id AND s.kind = 'contraceptive_counselling' AND s.status = 'done'
      ORDER BY s.service_date DESC, s.created_at DESC, s.id DESC LIMIT 1), false),
    (SELECT max(extract(year FROM s.service_date))::smallint FROM service_record s
      WHERE s.person_id = p.id AND s.kind = 'reproductive_checkup' AND s.status = 'done')
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (SELECT max(x.expires_on) AS expires_on FROM certificate x
    WHERE x.person_id = p.id AND x.status = 'valid' AND x.expires_on >= current_date) c ON true
$$
