// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Monthly history of the population counts (issue 6): `stat_snapshot` holds, per month, the "point" person
 * counts (pop.*, cba.*, mwcba.*) as they stood on the month's last day, in the same cells as stat_rollup.
 *
 * A person counts at the end of month M under the residence episode (person_episode) that covers that day:
 * arrived on or before it (the date the person was registered when the arrival date is unknown) and not departed
 * by then. Divisions of residence come from the episode, so moves are dated; the registration division, sex,
 * birth year and marital status are the person's current ones (their history is not kept as dates).
 * `stat_snapshot_fill(from, to)` recomputes a range of months from scratch in one pass: each episode's facts
 * (the same stat_person_facts as the rollups) are added in its first month and taken away in its departure month,
 * and a running sum over the months gives each month's counts.
 */
const statements = [
  `CREATE TABLE stat_snapshot (
      measure text COLLATE "C" NOT NULL,
      division_code text COLLATE "C" NOT NULL,
      month text COLLATE "C" NOT NULL,
      sex text COLLATE "C" NOT NULL DEFAULT '',
      birth_year smallint NOT NULL DEFAULT 0,
      detail text COLLATE "C" NOT NULL DEFAULT '',
      value bigint NOT NULL,
      PRIMARY KEY (measure, division_code, month, sex, birth_year, detail)
    )`,
  `CREATE INDEX stat_snapshot_month_idx ON stat_snapshot (month)`,
  // Which months have been computed, and when: a month absent here is unknown, not zero.
  `CREATE TABLE stat_snapshot_month (
      month text COLLATE "C" PRIMARY KEY,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE FUNCTION stat_snapshot_fill(p_from text, p_to text) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      n bigint;
    BEGIN
      DELETE FROM stat_snapshot WHERE month BETWEEN p_from AND p_to;
      WITH episodes AS (
        SELECT e.person_id, e.residence_division, e.arrived_on, e.departed_on FROM person_episode e
        UNION ALL
        -- People written without an episode (bulk paths that predate episodes): their row is the one episode.
        SELECT p.id, p.residence_division, p.arrived_on, p.departed_on FROM person p
        WHERE NOT EXISTS (SELECT 1 FROM person_episode e WHERE e.person_id = p.id)
      ),
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
      INSERT INTO stat_snapshot_month (month)
      SELECT to_char(g, 'YYYY-MM') FROM generate_series(to_date(p_from, 'YYYY-MM'), to_date(p_to, 'YYYY-MM'),
        interval '1 month') g
      ON CONFLICT (month) DO UPDATE SET computed_at = now();
      RETURN n;
    END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS stat_snapshot_fill(text, text)`.execute(db);
  await sql`DROP TABLE IF EXISTS stat_snapshot, stat_snapshot_month`.execute(db);
}
