/**
 * SQL for imports: jobs, bad rows and the lookups of a batch. The people themselves are registered by the
 * persons module (registerMany in persons.write.ts).
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ImportJobTable } from '../../db/schema.ts';

export type ImportJob = Selectable<ImportJobTable>;

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
