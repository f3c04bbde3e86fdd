/**
 * SQL for imports. Persons, their first history entry and residence episode go in as one statement
 * per table over unnest()ed arrays: a handful of parameters for a whole batch, on PGlite and PostgreSQL
 * alike, and the same shape as rows created through the API.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ImportJobTable, PersonTable } from '../../db/schema.ts';

export type ImportJob = Selectable<ImportJobTable>;

/** A person ready to insert: the id is made here so history and episode rows can refer to it. */
export interface NewPerson {
  id: string;
  /**
   * id_prefix_hashes may come already joined with ',' (how the insert sends it): one flat string instead
   * of twelve sliced ones keeps a large batch in memory about 1 KB a person smaller.
   */
  row: Omit<Insertable<PersonTable>, 'id_prefix_hashes'> & { id_prefix_hashes: string[] | string };
  /** History changes as JSON text (from → to per field). */
  changes: string;
}

const joined = (hashes: string[] | string) => (typeof hashes === 'string' ? hashes : hashes.join(','));
const SPECIAL = /[\\"]/;

/**
 * One column for unnest() as a single PostgreSQL array literal, joined here in one step. pg's own array
 * serialisation appends element by element; for a 16,000-row write that chain of string pieces held
 * ~100 MB of heap at once.
 */
export function arrayLiteral(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : `"${SPECIAL.test(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
}

const col = (people: NewPerson[], pick: (p: NewPerson) => string | null | undefined) => arrayLiteral(people.map(pick));

export async function insertPeople(db: Db, people: NewPerson[], actorId: string | null): Promise<void> {
  if (people.length === 0) return;
  const r = (p: NewPerson) => p.row;
  const ids = col(people, (p) => p.id);
  const residence = col(people, (p) => r(p).residence_division);
  const address = col(people, (p) => r(p).residence_address ?? null);
  const arrived = col(people, (p) => r(p).arrived_on ?? null);
  const departed = col(people, (p) => r(p).departed_on ?? null);
  await sql`INSERT INTO person (id, id_number_enc, id_hash, id_prefix_hashes, id_masked, name, name_initials,
      name_pinyin, sex, birth_date, hukou_division, residence_division, residence_address, arrived_on, departed_on,
      marital_status, spouse_name, spouse_id_enc, spouse_id_masked, spouse_birth_date, children, phone, employer,
      landlord, housing_type, created_by)
    SELECT t.id, t.enc, t.hash, string_to_array(t.prefixes, ','), t.masked, t.name, t.initials, t.pinyin, t.sex,
      t.birth, t.hukou, t.residence, t.address, t.arrived, t.departed, t.marital, t.spouse_name, t.spouse_enc,
      t.spouse_masked, t.spouse_birth, t.children::jsonb, t.phone, t.employer, t.landlord, t.housing, ${actorId}::uuid
    FROM unnest(${ids}::uuid[], ${col(people, (p) => r(p).id_number_enc)}::text[], ${col(people, (p) => r(p).id_hash)}::text[],
      ${col(people, (p) => joined(r(p).id_prefix_hashes))}::text[], ${col(people, (p) => r(p).id_masked)}::text[],
      ${col(people, (p) => r(p).name)}::text[], ${col(people, (p) => r(p).name_initials)}::text[],
      ${col(people, (p) => r(p).name_pinyin)}::text[], ${col(people, (p) => r(p).sex)}::text[],
      ${col(people, (p) => r(p).birth_date)}::date[], ${col(people, (p) => r(p).hukou_division)}::text[],
      ${residence}::text[], ${address}::text[], ${arrived}::date[], ${departed}::date[],
      ${col(people, (p) => r(p).marital_status)}::text[], ${col(people, (p) => r(p).spouse_name ?? null)}::text[],
      ${col(people, (p) => r(p).spouse_id_enc ?? null)}::text[], ${col(people, (p) => r(p).spouse_id_masked ?? null)}::text[],
      ${col(people, (p) => r(p).spouse_birth_date ?? null)}::date[], ${col(people, (p) => r(p).children ?? '[]')}::text[],
      ${col(people, (p) => r(p).phone ?? null)}::text[], ${col(people, (p) => r(p).employer ?? null)}::text[],
      ${col(people, (p) => r(p).landlord ?? null)}::text[], ${col(people, (p) => r(p).housing_type ?? null)}::text[])
      AS t(id, enc, hash, prefixes, masked, name, initials, pinyin, sex, birth, hukou, residence, address, arrived,
        departed, marital, spouse_name, spouse_enc, spouse_masked, spouse_birth, children, phone, employer, landlord,
        housing)`.execute(db);
  await sql`INSERT INTO person_history (person_id, division_code, version, kind, changes, actor_id)
    SELECT t.id, t.residence, 1, 'create', t.changes::jsonb, ${actorId}::uuid
    FROM unnest(${ids}::uuid[], ${residence}::text[], ${col(people, (p) => p.changes)}::text[]) AS t(id, residence, changes)`.execute(
    db,
  );
  await sql`INSERT INTO person_episode (person_id, residence_division, residence_address, arrived_on, departed_on)
    SELECT * FROM unnest(${ids}::uuid[], ${residence}::text[], ${address}::text[], ${arrived}::date[], ${departed}::date[])`.execute(
    db,
  );
}

export interface ErrorRow {
  rowNumber: number;
  issues: { column: string; zh: string; en: string; warning?: boolean }[];
  cellsEnc: string;
}

export async function insertErrors(db: Db, jobId: string, divisionCode: string, rows: ErrorRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('import_error')
    .values(
      rows.map((e) => ({
        job_id: jobId,
        row_number: e.rowNumber,
        division_code: divisionCode,
        issues: JSON.stringify(e.issues),
        cells_enc: e.cellsEnc,
      })),
    )
    .execute();
}

export interface ExistingPerson {
  id: string;
  id_hash: string;
  hukou_division: string;
  residence_division: string;
}

/**
 * Registered people in a scope with any of the given (name, birth date) pairs: the check the API makes on
 * create (findNameBirthMatches), for a whole batch in one query over the (name, birth_date) index.
 */
export function nameBirthMatchesManyQuery(prefix: string, pairs: { name: string; birthDate: string }[]) {
  const like = `${prefix}%`; // a division-code prefix: digits only
  // COLLATE "C" as in findNameBirthMatches: without it the index cannot match on the name.
  return sql<{ name: string; birth_date: string; id_hash: string; id_masked: string }>`
    SELECT p.name, p.birth_date, p.id_hash, p.id_masked FROM person p
    JOIN (SELECT DISTINCT * FROM unnest(${pairs.map((p) => p.name)}::text[], ${pairs.map((p) => p.birthDate)}::date[])
      AS t(name, birth_date)) t ON p.name COLLATE "C" = t.name AND p.birth_date = t.birth_date
    WHERE p.hukou_division LIKE ${like} OR p.residence_division LIKE ${like}`;
}

export async function findNameBirthMatchesMany(db: Db, prefix: string, pairs: { name: string; birthDate: string }[]) {
  if (pairs.length === 0) return [];
  return (await nameBirthMatchesManyQuery(prefix, pairs).execute(db)).rows;
}

export async function findByIdHashes(db: Db, hashes: string[]) {
  if (hashes.length === 0) return [];
  return db.selectFrom('person').selectAll().where(sql<boolean>`id_hash = ANY(${hashes}::text[])`).execute();
}

export async function findRunningJob(db: Db, actorId: string, sha256: string, updateExisting: boolean) {
  return db
    .selectFrom('import_job')
    .selectAll()
    .where('actor_id', '=', actorId)
    .where('file_sha256', '=', sha256)
    .where('update_existing', '=', updateExisting)
    .where('status', '=', 'running')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

export interface BatchCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  duplicates: number;
  warnings: number;
}

/**
 * Moves the checkpoint from `from` to `to` with the batch's counts. Guarded by the expected checkpoint,
 * so two processes resuming the same job cannot both commit the same rows.
 */
export async function advanceJob(db: Db, jobId: string, from: number, to: number, c: BatchCounts): Promise<boolean> {
  const result = await db
    .updateTable('import_job')
    .set((eb) => ({
      rows_done: to,
      rows_read: eb('rows_read', '+', c.rowsRead),
      inserted: eb('inserted', '+', c.inserted),
      updated: eb('updated', '+', c.updated),
      unchanged: eb('unchanged', '+', c.unchanged),
      failed: eb('failed', '+', c.failed),
      duplicates: eb('duplicates', '+', c.duplicates),
      warnings: eb('warnings', '+', c.warnings),
      updated_at: new Date(),
    }))
    .where('id', '=', jobId)
    .where('rows_done', '=', from)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function getJob(db: Db, jobId: string): Promise<ImportJob | undefined> {
  return db.selectFrom('import_job').selectAll().where('id', '=', jobId).executeTakeFirst();
}

/** The first bad rows with their reasons (no cell values), for a preview beside the summary. */
export async function errorPreview(db: Db, jobId: string, limit: number) {
  return db
    .selectFrom('import_error')
    .select(['row_number', 'issues'])
    .where('job_id', '=', jobId)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

export async function* errorRows(db: Db, jobId: string, pageSize = 2000) {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('import_error')
      .select(['row_number', 'issues', 'cells_enc'])
      .where('job_id', '=', jobId)
      .where('row_number', '>', after)
      .orderBy('row_number')
      .limit(pageSize)
      .execute();
    yield* page;
    if (page.length < pageSize) return;
    after = (page[page.length - 1] as { row_number: number }).row_number;
  }
}
