/**
 * A dry run (`liudong import persons FILE --dry-run`): the import's own header recognition, checks, division
 * resolution and registry lookups, batch by batch, without writing anything: no person, no job, no error rows.
 * The lookups read the registry (who is registered under an ID number, or by name and birth date), so one
 * audit entry records the dry run, as the real import records itself; it is the only row written.
 */
import type { AppContext } from '../../context.ts';
import type { HeaderMap, ImportField } from '../../core/import-columns.ts';
import type { ImportCounts } from '../../core/import-summary.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { type BatchContext, buildBatch, lookUpBatch, type PreparedBatch } from './import.batch.ts';
import { DivisionResolver } from './import.divisions.ts';
import type { CheckedFile } from './import.file.ts';
import { FirstRows } from './import.keys.ts';
import { openRows, type SourceRow } from './import.readers.ts';
import type { ReportRow } from './import.report.ts';
import { isBlankRow } from './import.rows.ts';
import { BATCH_ROWS, checkHeader } from './import.service.ts';

export interface DryRun {
  header: HeaderMap;
  /** The header cells as written (two-row headers combined), index = column. */
  cells: string[];
  counts: ImportCounts;
  /** Refused rows and warnings, in row order, as the error report takes them. */
  rows: ReportRow[];
}

export async function dryRunImport(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  file: CheckedFile,
  options: { fileName: string; update: boolean; mapping?: ReadonlyMap<string, ImportField | null> },
): Promise<DryRun> {
  const { header, headerRow, cells } = await checkHeader(file, options.mapping);
  const b: BatchContext = {
    ctx,
    jurisdiction: user.divisionCode,
    header,
    idColumn: [...header.columns].find(([, f]) => f === 'idNumber')?.[0] ?? -1,
    update: options.update,
    resolver: new DivisionResolver(ctx.db, user.divisionCode),
    seen: new FirstRows(),
    names: new FirstRows(),
    actorId: user.id,
  };
  const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0, failed: 0, duplicates: 0, warnings: 0 };
  const rows: ReportRow[] = [];
  const tally = (p: PreparedBatch) => {
    counts.inserted += p.people.length;
    counts.updated += p.updates.length;
    counts.unchanged += p.unchanged;
    counts.failed += p.errors.length;
    counts.duplicates += p.duplicates;
    const bad = new Set(p.errors.map((e) => e.rowNumber));
    const warnings = p.warnings.filter((w) => !bad.has(w.rowNumber));
    counts.warnings += warnings.length;
    for (const e of [...p.errors, ...warnings])
      rows.push({ row_number: e.rowNumber, issues: e.issues, cells_enc: e.cellsEnc });
  };
  const source = openRows(file);
  let batch: SourceRow[] = [];
  for await (const row of source.rows) {
    if (row.number <= headerRow || isBlankRow(row.cells)) continue;
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      tally(buildBatch(b, await lookUpBatch(b, batch)));
      batch = [];
    }
  }
  if (batch.length > 0) tally(buildBatch(b, await lookUpBatch(b, batch)));
  rows.sort((x, y) => x.row_number - y.row_number);
  await writeAudit(ctx.db, actor, {
    action: 'person.import_dry_run',
    entity: 'import_file',
    details: { file: options.fileName.slice(0, 255), sha256: file.sha256, format: file.format, ...counts },
  });
  return { header, cells, counts, rows };
}
