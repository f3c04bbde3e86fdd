// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Statistics (issue 6): rollups kept up to date by statement-level triggers in the writing transaction.
 *
 * - `stat_person` holds, per person, only the facts statistics need (divisions, sex, birth year, married,
 *   certificate held, contraceptive answer, check-up year, verified). Triggers on person, certificate,
 *   certificate_check and service_record keep it current.
 * - `stat_rollup` holds counts per (measure, division at every ancestor level, period, sex, birth year,
 *   detail). Triggers on stat_person add the new facts and subtract the old ones; event tables (certificates
 *   issued, checks, services) go through the generic `stat_event_rows` trigger, so a new source table needs
 *   only three CREATE TRIGGER lines (see docs/indicators.md).
 * - Statement-level triggers with transition tables: a bulk INSERT … SELECT unnest() of 2,000 people (demo,
 *   importer) or a COPY updates the rollup once, grouped, not 2,000 times.
 * - Ages are stored as birth years, so nothing here depends on today's date except a certificate's expiry,
 *   which `stat_expire_certificates()` sweeps (the server calls it hourly).
 */
export const APPLY_PERSON_DELTA = `CREATE FUNCTION stat_apply_person_delta(added stat_person[], removed stat_person[]) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO stat_rollup AS r (measure, division_code, period, sex, birth_year, detail, value)
      SELECT f.measure, f.division_code, f.period, f.sex, f.birth_year, f.detail, sum(x.d)
      FROM (SELECT a AS p, 1 AS d FROM unnest(added) a
            UNION ALL SELECT o, -1 FROM unnest(removed) o) x,
        LATERAL stat_person_facts(x.p) f
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(x.d) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (measure, division_code, period, sex, birth_year, detail)
      DO UPDATE SET value = r.value + excluded.value
    $$`;

export const PERSON_INS = `CREATE FUNCTION stat_person_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stat_person SELECT r.* FROM new_rows n, LATERAL stat_person_row(ROW(n.*)::person) r ORDER BY n.id;
      RETURN NULL;
    END $$`;

export const REBUILD = `CREATE FUNCTION stat_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      source stat_event_source;
    BEGIN
      LOCK TABLE stat_rollup, stat_person IN EXCLUSIVE MODE;
      -- stat_person first: its trigger subtracts from stat_rollup, which is then emptied.
      DELETE FROM stat_person;
      DELETE FROM stat_rollup;
      INSERT INTO stat_person SELECT r.* FROM person p, LATERAL stat_person_row(p) r;
      FOR source IN SELECT * FROM stat_event_sources() ORDER BY measure LOOP
        EXECUTE stat_events_sql(source, format('SELECT *, 1 AS stat_sign FROM %I', source.table_name));
      END LOOP;
    END $$`;

export const RESUME = `CREATE FUNCTION stat_resume() RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname LIKE 'stat_%' AND tgenabled = 'D') THEN
        RETURN false;
      END IF;
      PERFORM stat_set_triggers(true);
      PERFORM stat_rebuild();
      RETURN true;
    END $$`;

const statements = [
  `CREATE TABLE stat_person (
      person_id uuid PRIMARY KEY,
      hukou_division text COLLATE "C" NOT NULL,
      residence_division text COLLATE "C" NOT NULL,
      sex char(1) NOT NULL,
      birth_year smallint NOT NULL,
      married boolean NOT NULL,
      spouse_birth_year smallint,
      departed boolean NOT NULL,
      arrived_month text COLLATE "C",
      has_certificate boolean NOT NULL DEFAULT false,
      certificate_expires_on date,
      verified boolean NOT NULL DEFAULT false,
      contraception boolean NOT NULL DEFAULT false,
      checkup_year smallint
    )`,
  `CREATE TABLE stat_rollup (
      measure text COLLATE "C" NOT NULL,
      division_code text COLLATE "C" NOT NULL,
      period text COLLATE "C" NOT NULL DEFAULT '',
      sex text COLLATE "C" NOT NULL DEFAULT '',
      birth_year smallint NOT NULL DEFAULT 0,
      detail text COLLATE "C" NOT NULL DEFAULT '',
      value bigint NOT NULL,
      PRIMARY KEY (measure, division_code, period, sex, birth_year, detail)
    )`,
  `CREATE TABLE stat_target (
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      year smallint NOT NULL,
      indicator text COLLATE "C" NOT NULL,
      comparator text NOT NULL CHECK (comparator IN ('>=', '<=')),
      value numeric(12, 2) NOT NULL,
      set_by uuid REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (division_code, year, indicator)
    )`,
  `CREATE TABLE staff_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      year smallint NOT NULL,
      staff_name text NOT NULL,
      user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
      discipline_score numeric(5, 2) NOT NULL CHECK (discipline_score BETWEEN 0 AND 100),
      work_score numeric(5, 2) NOT NULL CHECK (work_score BETWEEN 0 AND 100),
      notes text,
      entered_by uuid REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (division_code, year, staff_name)
    )`,
  // Level of a 12-digit code, as src/core/divisions.ts levelOf.
  `CREATE FUNCTION stat_level(code text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN substr(code, 10, 3) <> '000' THEN 5 WHEN substr(code, 7, 3) <> '000' THEN 4
        WHEN substr(code, 5, 2) <> '00' THEN 3 WHEN substr(code, 3, 2) <> '00' THEN 2 ELSE 1 END
    $$`,
  // The code itself and every ancestor, one per level.
  `CREATE FUNCTION stat_ancestors(code text) RETURNS TABLE (level int, ancestor text) LANGUAGE sql IMMUTABLE
    PARALLEL SAFE AS $$
      SELECT t.l::int, rpad(left(code, t.len), 12, '0') COLLATE "C"
      FROM unnest(ARRAY[2, 4, 6, 9, 12]) WITH ORDINALITY AS t(len, l)
      WHERE t.l <= stat_level(code)
    $$`,
  /*
   * The facts one person contributes. At each level the person is inflow at the residence's ancestor when
   * the household registration is outside it, outflow at the registration's ancestor when the residence is
   * outside it, local otherwise (flowDirection in src/core/person.ts, evaluated per level).
   */
  `CREATE FUNCTION stat_person_facts(p stat_person)
    RETURNS TABLE (measure text, division_code text, period text, sex text, birth_year smallint, detail text)
    LANGUAGE sql IMMUTABLE AS $$
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
    $$`,
  // A person's statistics row, from the person and the current state of the related tables.
  `CREATE FUNCTION stat_person_row(p person) RETURNS stat_person LANGUAGE sql STABLE AS $$
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
    $$`,
  // Adds a set of signed facts to the rollup, in key order so concurrent writers do not deadlock.
  APPLY_PERSON_DELTA,
  `CREATE FUNCTION stat_person_rollup_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_apply_person_delta(ARRAY(SELECT ROW(n.*)::stat_person FROM new_rows n), '{}');
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_person_rollup_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_apply_person_delta(ARRAY(SELECT ROW(n.*)::stat_person FROM new_rows n), ARRAY(SELECT ROW(o.*)::stat_person FROM old_rows o));
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_person_rollup_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_apply_person_delta('{}', ARRAY(SELECT ROW(o.*)::stat_person FROM old_rows o));
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER stat_person_rollup_ins AFTER INSERT ON stat_person REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_rollup_ins()`,
  `CREATE TRIGGER stat_person_rollup_upd AFTER UPDATE ON stat_person
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_rollup_upd()`,
  `CREATE TRIGGER stat_person_rollup_del AFTER DELETE ON stat_person REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_rollup_del()`,
  // Re-derives the statistics rows of some people; rows that did not change are left alone.
  `CREATE FUNCTION stat_refresh_people(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM stat_person s WHERE s.person_id = ANY(ids)
        AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = s.person_id);
      INSERT INTO stat_person AS s
      SELECT r.* FROM person p, LATERAL stat_person_row(p) r WHERE p.id = ANY(ids)
      ORDER BY p.id
      ON CONFLICT (person_id) DO UPDATE SET
        hukou_division = excluded.hukou_division, residence_division = excluded.residence_division,
        sex = excluded.sex, birth_year = excluded.birth_year, married = excluded.married,
        spouse_birth_year = excluded.spouse_birth_year, departed = excluded.departed,
        arrived_month = excluded.arrived_month, has_certificate = excluded.has_certificate,
        certificate_expires_on = excluded.certificate_expires_on, verified = excluded.verified,
        contraception = excluded.contraception, checkup_year = excluded.checkup_year
      WHERE (s.*) IS DISTINCT FROM (excluded.*);
    END $$`,
  PERSON_INS,
  `CREATE FUNCTION stat_person_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_refresh_people(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.hukou_division, n.residence_division, n.sex, n.birth_date, n.marital_status,
               n.spouse_birth_date, n.departed_on, n.arrived_on)
          IS DISTINCT FROM (o.hukou_division, o.residence_division, o.sex, o.birth_date, o.marital_status,
               o.spouse_birth_date, o.departed_on, o.arrived_on)));
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_person_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM stat_person WHERE person_id IN (SELECT id FROM old_rows);
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER stat_person_ins AFTER INSERT ON person REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_ins()`,
  `CREATE TRIGGER stat_person_upd AFTER UPDATE ON person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_upd()`,
  `CREATE TRIGGER stat_person_del AFTER DELETE ON person REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION stat_person_del()`,
  // Certificates, checks and services change a person's flags: refresh the people they name.
  `CREATE FUNCTION stat_related_ins() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_refresh_people(ARRAY(SELECT DISTINCT person_id FROM new_rows WHERE person_id IS NOT NULL));
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_related_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_refresh_people(ARRAY(
        SELECT person_id FROM new_rows WHERE person_id IS NOT NULL
        UNION SELECT person_id FROM old_rows WHERE person_id IS NOT NULL));
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_related_del() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM stat_refresh_people(ARRAY(SELECT DISTINCT person_id FROM old_rows WHERE person_id IS NOT NULL));
      RETURN NULL;
    END $$`,
  ...['certificate', 'certificate_check', 'service_record'].flatMap((table) => [
    `CREATE TRIGGER stat_${table}_people_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_related_ins()`,
    `CREATE TRIGGER stat_${table}_people_upd AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_related_upd()`,
    `CREATE TRIGGER stat_${table}_people_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stat_related_del()`,
  ]),
  /*
   * Generic event counter: one registry entry per "things that happened, by month and place" source. Expressions
   * see the source row as `x`. Rows count +value on insert, −value on delete, both on update, at every
   * ancestor of the division. A new source (stock movements, exchange messages, birth registrations,
   * complaints…) is one call in a migration, e.g. SELECT stat_register_event_source('birth_registration',
   * 'birth_registration', 'division_code', 'x.registered_on', 'NULL', 'x.status = ''registered''', '1');
   * `liudong stats rebuild` picks it up too.
   */
  // The registry lives in the schema (a function), not in rows: a freshly migrated database stays empty,
  // which backup restore requires.
  `CREATE TYPE stat_event_source AS (
      measure text,
      table_name text,
      division_column text,
      date_expr text,
      detail_expr text,
      filter_expr text,
      value_expr text
    )`,
  `CREATE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source LANGUAGE sql STABLE AS $$
      SELECT NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text WHERE false
    $$`,
  // The upsert for one source over a row set; EXECUTEd by the caller, where transition tables are visible.
  `CREATE FUNCTION stat_events_sql(source stat_event_source, rows_sql text) RETURNS text LANGUAGE plpgsql
    IMMUTABLE AS $$
    BEGIN
      RETURN format(
        'INSERT INTO stat_rollup AS r (measure, division_code, period, sex, birth_year, detail, value)
         SELECT %L, a.ancestor, to_char(%s, ''YYYY-MM''), '''', 0, coalesce((%s)::text, ''''),
           sum(x.stat_sign * (%s))
         FROM (%s) x, LATERAL stat_ancestors(x.%I) a
         WHERE (%s) IS NOT NULL AND (%s)
         GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.stat_sign * (%s)) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT (measure, division_code, period, sex, birth_year, detail)
         DO UPDATE SET value = r.value + excluded.value',
        source.measure, source.date_expr, source.detail_expr, source.value_expr, rows_sql, source.division_column,
        source.date_expr, source.filter_expr, source.value_expr);
    END $$`,
  `CREATE FUNCTION stat_event_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      src text;
      source stat_event_source;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        src := 'SELECT *, 1 AS stat_sign FROM new_rows';
      ELSIF TG_OP = 'DELETE' THEN
        src := 'SELECT *, -1 AS stat_sign FROM old_rows';
      ELSE
        src := 'SELECT *, 1 AS stat_sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows';
      END IF;
      FOR source IN SELECT * FROM stat_event_sources() WHERE table_name = TG_TABLE_NAME ORDER BY measure LOOP
        EXECUTE stat_events_sql(source, src);
      END LOOP;
      RETURN NULL;
    END $$`,
  `CREATE FUNCTION stat_register_event_source(p_measure text, p_table text, p_division_column text, p_date_expr text,
      p_detail_expr text, p_filter_expr text, p_value_expr text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      first boolean;
      rows_sql text;
    BEGIN
      first := NOT EXISTS (SELECT 1 FROM stat_event_sources() s WHERE s.table_name = p_table);
      SELECT string_agg(format('(%L, %L, %L, %L, %L, %L, %L)', x.measure, x.table_name, x.division_column,
          x.date_expr, x.detail_expr, x.filter_expr, x.value_expr), ', ' ORDER BY x.measure)
        INTO rows_sql
        FROM (SELECT * FROM stat_event_sources()
              UNION ALL SELECT p_measure, p_table, p_division_column, p_date_expr, p_detail_expr, p_filter_expr,
                p_value_expr) x;
      EXECUTE format('CREATE OR REPLACE FUNCTION stat_event_sources() RETURNS SETOF stat_event_source
        LANGUAGE sql STABLE AS %L', 'SELECT * FROM (VALUES ' || rows_sql || ') AS v(measure, table_name, '
        || 'division_column, date_expr, detail_expr, filter_expr, value_expr)');
      IF first THEN
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_ins', p_table);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_upd', p_table);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION stat_event_rows()', 'stat_' || p_table || '_events_del', p_table);
      END IF;
    END $$`,
  `SELECT stat_register_event_source('cert_issued', 'certificate', 'division_code', 'x.issued_on', 'x.kind', 'true', '1')`,
  // Checks are timestamps: the month is taken in China time (UTC+8, no DST), with no time-zone database.
  `SELECT stat_register_event_source('cert_checked', 'certificate_check', 'division_code',
      '(x.checked_at AT TIME ZONE ''UTC'' + interval ''8 hours'')', 'x.method', 'true', '1')`,
  `SELECT stat_register_event_source('service', 'service_record', 'division_code', 'x.service_date',
      'x.kind || '':'' || x.status', 'true', '1')`,
  /*
   * Recomputes every rollup from the source tables (`liudong stats rebuild`): the same functions as the
   * triggers, over whole tables instead of transition tables.
   */
  REBUILD,
  // Certificates that expired since the last sweep stop counting as held.
  `CREATE FUNCTION stat_expire_certificates() RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      ids uuid[];
    BEGIN
      ids := ARRAY(SELECT person_id FROM stat_person
        WHERE has_certificate AND certificate_expires_on < current_date);
      PERFORM stat_refresh_people(ids);
      RETURN cardinality(ids);
    END $$`,
  /*
   * Bulk loads (the demo county) may switch the statistics triggers off and rebuild once at the end: ten times
   * faster on PGlite than maintaining 200k rollup cells row batch by row batch. `stat_resume()` re-enables and
   * rebuilds; the server calls it at start, so a load that died half-way cannot leave the triggers off.
   */
  `CREATE FUNCTION stat_set_triggers(enabled boolean) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      t record;
    BEGIN
      FOR t IN SELECT c.relname AS tab, g.tgname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE g.tgname LIKE 'stat_%' AND NOT g.tgisinternal LOOP
        EXECUTE format('ALTER TABLE %I %s TRIGGER %I', t.tab, CASE WHEN enabled THEN 'ENABLE' ELSE 'DISABLE' END, t.name);
      END LOOP;
    END $$`,
  RESUME,
  // People already in the database when this migration runs.
  `INSERT INTO stat_person SELECT r.* FROM person p, LATERAL stat_person_row(p) r`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['person', 'certificate', 'certificate_check', 'service_record', 'stat_person']) {
    for (const op of ['ins', 'upd', 'del']) {
      for (const name of [`stat_${table}_${op}`, `stat_${table}_people_${op}`, `stat_${table}_events_${op}`]) {
        await sql.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`).execute(db);
      }
    }
  }
  await sql`DROP TABLE IF EXISTS staff_assessment, stat_target, stat_rollup, stat_person CASCADE`.execute(db);
  for (const fn of [
    'stat_event_rows',
    'stat_related_ins',
    'stat_related_upd',
    'stat_related_del',
    'stat_person_ins',
    'stat_person_upd',
    'stat_person_del',
    'stat_expire_certificates',
    'stat_person_row(person)',
    'stat_ancestors(text)',
    'stat_level(text)',
  ]) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${fn} CASCADE`).execute(db);
  }
}
