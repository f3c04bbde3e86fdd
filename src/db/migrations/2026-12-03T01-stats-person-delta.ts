// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import * as T02 from './2026-12-02T02-stats-bulk.ts';
import { orReplace } from './shared.ts';

/**
 * Deferred statistics as people, not cells (issue 7). Since migration 2026-12-02T02 a deferring transaction (the
 * importer's) expanded each person into its facts and appended the grouped cells to stat_rollup_delta: about 12
 * rows a person in a 4,000-person group, 12 million rows for a 1M import, each written, then read and deleted by
 * the next merge. Now the transaction appends the person's statistics row itself (one row a person, with a sign),
 * and the merge expands the facts of everyone pending at once, so cells shared by many people are added once.
 *
 * The row is a snapshot taken in the person's own transaction, as the cells were: an API change to a person still
 * pending removes the old facts and adds the new ones in stat_rollup at once, and the merge later adds the
 * snapshot's facts, so the sum is right in either order. stat_person_facts is IMMUTABLE, so expanding later gives
 * the same cells as expanding then.
 *
 * stat_person_delta copies stat_person's columns (LIKE) rather than holding a stat_person composite: a column
 * of a table's row type would block any later ALTER TABLE stat_person that rewrites it. A migration that adds a
 * column to stat_person must add it here and to the ROW(...) in stat_merge_deltas; until it does, the cast fails
 * loudly ("too few columns") instead of computing wrong facts.
 */
const statements = [
  `CREATE TABLE stat_person_delta (sign smallint NOT NULL, LIKE stat_person)`,
  `CREATE OR REPLACE FUNCTION stat_apply_person_delta(added stat_person[], removed stat_person[]) RETURNS void
    LANGUAGE plpgsql AS $$
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
    END $$`,
  // Pending people and any cells left by the earlier form, in one grouped upsert. DELETE … RETURNING: two merges
  // at once never fold the same row twice.
  `CREATE OR REPLACE FUNCTION stat_merge_deltas() RETURNS bigint LANGUAGE plpgsql AS $$
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
    END $$`,
  `CREATE OR REPLACE FUNCTION stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      source stat_event_source;
    BEGIN
      -- Rebuilt cells go straight to stat_rollup, even inside a transaction that deferred its own.
      PERFORM set_config('liudong.stat_defer', 'off', true);
      TRUNCATE stat_person, stat_rollup, stat_rollup_delta, stat_person_delta;
      INSERT INTO stat_person SELECT r.* FROM person p, LATERAL stat_person_row(p) r;
      FOR source IN SELECT * FROM stat_event_sources() ORDER BY measure LOOP
        EXECUTE stat_events_sql(source, format('SELECT *, 1 AS stat_sign FROM %I', source.table_name));
      END LOOP;
    END $$`,
  `CREATE OR REPLACE FUNCTION stat_resume() RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'stat_%' AND tgenabled = 'D') THEN
        IF EXISTS (SELECT 1 FROM stat_person_delta) OR EXISTS (SELECT 1 FROM stat_rollup_delta) THEN
          PERFORM stat_merge_deltas();
        END IF;
        RETURN false;
      END IF;
      PERFORM stat_set_triggers(true);
      PERFORM stat_rebuild();
      RETURN true;
    END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`SELECT stat_merge_deltas()`.execute(db);
  // The 2026-12-02T02 definitions.
  for (const statement of [T02.APPLY_PERSON_DELTA, T02.MERGE_DELTAS, T02.REBUILD, T02.RESUME]) {
    await sql.raw(orReplace(statement)).execute(db);
  }
  await sql`DROP TABLE stat_person_delta`.execute(db);
}
