/**
 * Importing persons from a spreadsheet. Each batch commits its people, its bad rows and the job's
 * checkpoint in one transaction, so after a crash a rerun of the same file resumes after the last
 * committed row: nothing twice, nothing lost. Existing ID numbers are recognised, so a rerun of a
 * finished file changes nothing.
 */

import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import {
  applyMapping,
  COLUMN_NAMES,
  type HeaderMap,
  type ImportField,
  MAX_ROWS_BEFORE_HEADER,
  matchByContent,
  missingRequired,
  NO_HEADER,
  readHeader,
  readTwoRowHeader,
} from '../../core/import-columns.ts';
import { type CellValue, cellText } from '../../core/import-values.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { registerMany, updatePerson } from '../persons/index.ts';
import { deferRollups, mergeRollupDeltas } from '../stats/index.ts';
import {
  type BatchContext,
  buildBatch,
  errorFromIssues,
  type LookedUpBatch,
  lookUpBatch,
  mergeBatches,
  type PreparedBatch,
  rememberCommittedRow,
} from './import.batch.ts';
import { DivisionResolver } from './import.divisions.ts';
import { type CheckedFile, fileError } from './import.file.ts';
import { FirstRows } from './import.keys.ts';
import { openRows, type SourceRow } from './import.readers.ts';
import { advanceJob, findRunningJob, getJob, type ImportJob, insertErrors } from './import.repository.ts';
import { isBlankRow } from './import.rows.ts';

export interface ImportProgress {
  rowsRead: number;
  fraction: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

export interface StartedImport {
  job: ImportJob;
  header: HeaderMap;
  headerRow: number;
  resumed: boolean;
  file: CheckedFile;
}

/** Rows prepared at a time: a short slice of CPU work, so a server import leaves the event loop responsive. */
export const BATCH_ROWS = 1000;
/**
 * Rows written per transaction, reached by doubling from BATCH_ROWS: the first checkpoint and progress
 * line come early, and later writes are larger: fewer round trips and statements. A group is held twice at
 * once (one written, the next built): at 8,000 rows the live heap reached 127 MB and the 1M import peaked at
 * 334 MB RSS; at 4,000 the heap stays under 110 MB, so the importer runs in a 128 MB heap, and the rate did not
 * change measurably (300,000 rows: 2,722–2,921 rows/s against 2,848 at 8,000).
 */
export const MAX_WRITE_ROWS = 4000;
/**
 * The groups defer their statistics (stat_person_delta, migration 2026-12-03T01) and fold them into the rollups
 * every this many rows and at the end: the fewer merges, the fewer rollup cells updated, but the longer the
 * dashboards wait for the imported people.
 */
export const MERGE_ROWS = 100_000;

/** Data rows read after the header to recognise columns by their content. */
const CONTENT_ROWS = 5;

/**
 * Finds the header (titles and 填报单位 lines above it skipped), reads a second header row under merged
 * group cells, and recognises what the header left unclear by the first data rows. Runs once per file.
 */
export interface FoundHeader {
  header: HeaderMap;
  headerRow: number;
  /** The header's text per column (a two-row header: the lower name, else the group above). */
  cells: string[];
  /** Columns recognised by their first data rows rather than their header words. */
  byContent: Set<number>;
}

export async function findHeader(file: CheckedFile): Promise<FoundHeader> {
  const source = openRows(file);
  let seen = 0;
  let found: Omit<FoundHeader, 'byContent'> | null = null;
  let upper: SourceRow | null = null;
  const data: CellValue[][] = [];
  try {
    for await (const row of source.rows) {
      if (!found) {
        if (++seen > MAX_ROWS_BEFORE_HEADER) break;
        const header = readHeader(row.cells);
        if (header) {
          found = { header, headerRow: row.number, cells: row.cells.map(cellText) };
          upper = row;
        }
        continue;
      }
      if (upper) {
        const two = readTwoRowHeader(upper.cells, row.cells);
        upper = null;
        if (two) {
          found = { header: two, headerRow: row.number, cells: combinedLabels(found.cells, row.cells) };
          continue;
        }
      }
      if (isBlankRow(row.cells)) continue;
      data.push(row.cells);
      if (data.length >= CONTENT_ROWS) break;
    }
  } finally {
    await source.rows.return(undefined);
  }
  if (!found) throw fileError(seen === 0 ? { zh: '文件是空的', en: 'the file is empty' } : NO_HEADER);
  const byWords = new Set(found.header.columns.keys());
  matchByContent(found.header, found.cells, data);
  return { ...found, byContent: new Set([...found.header.columns.keys()].filter((i) => !byWords.has(i))) };
}

/** The header as the error report repeats it: the lower row's name, else the group above it. */
function combinedLabels(upper: readonly string[], lower: readonly CellValue[]): string[] {
  const width = Math.max(upper.length, lower.length);
  return Array.from({ length: width }, (_, i) => cellText(lower[i]) || upper[i] || '');
}

/** The header as the file and the user's mapping say; refused when a required column is missing. */
export async function checkHeader(
  file: CheckedFile,
  mapping?: ReadonlyMap<string, ImportField | null>,
): Promise<{ header: HeaderMap; headerRow: number; cells: string[] }> {
  const found = await findHeader(file);
  const unknown = mapping ? applyMapping(found.header, found.cells, mapping) : [];
  if (unknown.length > 0) {
    const names = unknown.join('、');
    throw fileError({ zh: `表头中没有这些列：${names}`, en: `the header has no such columns: ${names}` });
  }
  const missing = missingRequired(found.header);
  if (missing.length > 0) {
    const names = missing.map((f) => COLUMN_NAMES[f][0]).join('、');
    throw fileError({ zh: `缺少必需的列：${names}`, en: `missing required columns: ${names}` });
  }
  return found;
}

/** Everything that can be refused is refused here, before a single row is written. */
export async function startImport(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  file: CheckedFile,
  options: {
    fileName: string;
    update: boolean;
    mapping?: ReadonlyMap<string, ImportField | null>;
    /** The header as the console's mapping step resolved it (import.resolve.ts); found again otherwise. */
    found?: FoundHeader;
  },
): Promise<StartedImport> {
  const { header, headerRow, cells } = options.found ?? (await findHeader(file));
  const unknown = options.mapping ? applyMapping(header, cells, options.mapping) : [];
  if (unknown.length > 0) {
    const names = unknown.join('、');
    throw fileError({ zh: `表头中没有这些列：${names}`, en: `the header has no such columns: ${names}` });
  }
  const missing = missingRequired(header);
  if (missing.length > 0) {
    const names = missing.map((f) => COLUMN_NAMES[f][0]).join('、');
    throw fileError({ zh: `缺少必需的列：${names}`, en: `missing required columns: ${names}` });
  }
  const running = await findRunningJob(ctx.db, user.id, file.sha256, options.update);
  if (running) return { job: running, header, headerRow, resumed: true, file };
  const job = await ctx.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('import_job')
      .values({
        file_name: options.fileName.slice(0, 255),
        file_sha256: file.sha256,
        file_format: file.format,
        update_existing: options.update,
        actor_id: user.id,
        division_code: user.divisionCode,
        header: JSON.stringify(cells),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // One audit entry for the import as a whole; each person also gets its own history entry.
    await writeAudit(trx, actor, {
      action: 'person.import',
      entity: 'import_job',
      entityId: created.id,
      details: { file: created.file_name, sha256: file.sha256, format: file.format, update: options.update },
    });
    return created;
  });
  return { job, header, headerRow, resumed: false, file };
}

async function writeBatch(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  b: BatchContext,
  job: ImportJob,
  from: number,
  batch: PreparedBatch,
) {
  let updated = 0;
  // Updates go through the API's own use case (version check, move episodes, history, audit). They commit
  // before the checkpoint: after a crash here the rerun finds these rows already equal, never lost.
  for (const u of batch.updates) {
    try {
      await updatePerson(ctx, user, actor, u.personId, u.patch);
      updated++;
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const issues = (error.issues.length ? error.issues : [{ path: '', message: error.text }]).map((i) => ({
        column: '',
        message: i.message,
      }));
      batch.errors.push(errorFromIssues(b, { number: u.rowNumber, cells: u.cells }, issues));
    }
  }
  const rowsRead = batch.people.length + batch.unchanged + batch.errors.length + updated;
  // A row whose update failed is a bad row; its warning would only repeat it.
  const bad = new Set(batch.errors.map((e) => e.rowNumber));
  const warnings = batch.warnings.filter((w) => !bad.has(w.rowNumber));
  await ctx.db.transaction().execute(async (trx) => {
    await deferRollups(trx);
    // Registered by the job's office: an inflow registration notifies the origin (流入登记 → 通报), as createPerson
    // does, in the same transaction as the people.
    await registerMany(trx, batch.people, { actorId: user.id, registeredBy: job.division_code });
    await insertErrors(trx, job.id, job.division_code, [...batch.errors, ...warnings]);
    const counts = {
      rowsRead,
      inserted: batch.people.length,
      updated,
      unchanged: batch.unchanged,
      failed: batch.errors.length,
      duplicates: batch.duplicates,
      warnings: warnings.length,
    };
    if (!(await advanceJob(trx, job.id, from, batch.lastRow, counts))) {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '该导入正在另一处进行',
        en: 'This import is running elsewhere',
      });
    }
  });
}

/** Streams the file through validation and the database; resolves with the finished job. */
export async function runImport(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  started: StartedImport,
  onProgress?: (p: ImportProgress) => void,
  /** Rows between statistics merges (MERGE_ROWS; tests set fewer). */
  mergeRows = MERGE_ROWS,
): Promise<ImportJob> {
  const { job, header, headerRow, file } = started;
  const idColumn = [...header.columns].find(([, f]) => f === 'idNumber')?.[0] ?? -1;
  const b: BatchContext = {
    ctx,
    jurisdiction: job.division_code,
    header,
    idColumn,
    update: job.update_existing,
    resolver: new DivisionResolver(ctx.db, job.division_code),
    seen: new FirstRows(),
    names: new FirstRows(),
    actorId: user.id,
  };
  const source = openRows(file);
  const startedAt = Date.now();
  let checkpoint = job.rows_done;
  let rowsRead = job.rows_read;
  let batch: SourceRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  const report = () => {
    const fraction = source.progress();
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds > 0 ? (rowsRead - job.rows_read) / seconds : 0;
    const eta = fraction > 0.01 && fraction < 1 ? (seconds * (1 - fraction)) / fraction : null;
    onProgress?.({ rowsRead, fraction, rowsPerSecond: rate, etaSeconds: eta });
  };
  // Three stages overlap: batch n+1's registry lookups run while batch n is built (validation done,
  // encryption, indexes: CPU) and while the group before it is written. Lookups run one batch after another:
  // each updates the in-file duplicate maps in row order.
  let group: PreparedBatch | null = null;
  let groupRows = 0;
  let groupTarget = BATCH_ROWS;
  let unmerged = 0;
  // Merges run on their own connection beside the writes (they touch only the pending people and the person
  // cells of stat_rollup, which the deferring writes leave alone); one at a time.
  let merging: Promise<unknown> = Promise.resolve();
  let pending: { rows: number; looked: Promise<LookedUpBatch> } | null = null;
  const build = async (p: { rows: number; looked: Promise<LookedUpBatch> }) => {
    const prepared = buildBatch(b, await p.looked);
    group = group ? mergeBatches(group, prepared) : prepared;
    groupRows += p.rows;
  };
  const write = async (last: boolean) => {
    if (!group || (!last && groupRows < groupTarget)) return;
    const prepared: PreparedBatch = group;
    group = null;
    groupRows = 0;
    groupTarget = Math.min(groupTarget * 2, MAX_WRITE_ROWS);
    await writing;
    const from = checkpoint;
    checkpoint = prepared.lastRow;
    unmerged += prepared.people.length;
    writing = writeBatch(ctx, user, actor, b, job, from, prepared).then(() => {
      rowsRead += prepared.people.length + prepared.unchanged + prepared.errors.length + prepared.updates.length;
      report();
    });
    writing.catch(() => undefined); // awaited below; keep an early failure from being unhandled meanwhile
    if (unmerged >= mergeRows) {
      unmerged = 0;
      merging = Promise.all([merging, writing]).then(() => mergeRollupDeltas(ctx.db));
      merging.catch(() => undefined); // awaited at the end, like writing
    }
  };
  /** Starts looking up the rows read so far, then builds and (when a group is full) writes the batch before. */
  const flush = async () => {
    const previous = pending;
    pending = null;
    if (batch.length > 0) {
      const rows = batch;
      const looked = (previous ? previous.looked : Promise.resolve()).then(() => lookUpBatch(b, rows));
      looked.catch(() => undefined); // awaited by the next flush; keep an early failure from being unhandled
      pending = { rows: rows.length, looked };
      batch = [];
    }
    if (previous) {
      await build(previous);
      await write(false);
    }
  };
  try {
    for await (const row of source.rows) {
      if (row.number <= headerRow) continue;
      if (row.number <= job.rows_done) {
        // Already committed by an earlier run: only remember it for in-file duplicates.
        rememberCommittedRow(b, row);
        continue;
      }
      if (isBlankRow(row.cells)) continue;
      batch.push(row);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush(); // the last rows
    await flush(); // their build
    await write(true);
    await writing;
    await merging;
  } catch (error) {
    await writing.catch(() => undefined);
    await merging.catch(() => undefined);
    const message =
      error instanceof AppError
        ? error.text
        : { zh: '导入中断，请重新导入以继续', en: 'The import stopped; run it again to resume' };
    await ctx.db
      .updateTable('import_job')
      .set({ message: JSON.stringify(message), updated_at: new Date() })
      .where('id', '=', job.id)
      .execute();
    throw error;
  }
  return finishImport(ctx, actor, job.id);
}

async function finishImport(ctx: AppContext, actor: Actor, jobId: string): Promise<ImportJob> {
  return ctx.db.transaction().execute(async (trx) => {
    await mergeRollupDeltas(trx);
    const done = await trx
      .updateTable('import_job')
      .set({ status: 'done', finished_at: new Date(), updated_at: new Date(), message: null })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'person.import_done',
      entity: 'import_job',
      entityId: jobId,
      details: {
        inserted: done.inserted,
        updated: done.updated,
        unchanged: done.unchanged,
        failed: done.failed,
        duplicates: done.duplicates,
        warnings: done.warnings,
      },
    });
    return done;
  });
}

export async function jobForUser(ctx: AppContext, user: SessionUser, jobId: string): Promise<ImportJob> {
  const job = await getJob(ctx.db, jobId);
  // Only the person who ran an import sees it: its error report holds the file's own data.
  if (!job || job.actor_id !== user.id) throw AppError.notFound({ zh: '导入任务', en: 'Import job' });
  return job;
}
