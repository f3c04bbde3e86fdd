/**
 * The console's mapping step (issue 20): before anything is written, each column with its field, a few sample
 * values and how many of its cells parse, and the first rows as they will be imported with their problems.
 * Rows go through the import's own steps (draftRow, the division resolver, lookUpBatch and buildBatch), so a
 * preview says what the import will do; it only reads, and is audited as one read.
 */
import type { AppContext } from '../../context.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { columnLabel, type ImportField, missingRequired } from '../../core/import-columns.ts';
import { type CellValue, cellText, formatChildren } from '../../core/import-values.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { type BatchContext, buildBatch, lookUpBatch } from './import.batch.ts';
import { DivisionResolver } from './import.divisions.ts';
import { FirstRows } from './import.keys.ts';
import { openRows, type SourceRow } from './import.readers.ts';
import { fieldLabel, type MappingSource, type ResolvedColumns, resolveColumns } from './import.resolve.ts';
import { draftRow, isBlankRow, type RowDraft } from './import.rows.ts';
import type { StoredUpload } from './import.uploads.ts';

/** Rows shown as they will be imported. */
export const PREVIEW_ROWS = 20;
/** Rows read for each column's samples and parse counts: enough to judge a column, quick on a big file. */
export const SCAN_ROWS = 500;
const SAMPLES = 5;

export interface PreviewColumn {
  index: number;
  header: string;
  field: ImportField | null;
  source: MappingSource;
  samples: string[];
  /** Non-empty cells among the rows scanned, and how many of them parse as the field (null: not imported). */
  total: number;
  parsed: number | null;
}

export interface PreviewIssue {
  column: string;
  zh: string;
  en: string;
  warning?: boolean;
}

export interface PreviewRow {
  rowNumber: number;
  /** error: not imported; new / update / unchanged: what the import does with it. */
  status: 'new' | 'update' | 'unchanged' | 'error';
  values: Partial<Record<ImportField, string>>;
  issues: PreviewIssue[];
}

export interface ImportPreview {
  headerRow: number;
  columns: PreviewColumn[];
  /** Required fields no column is mapped to: the import is refused until they are. */
  missing: { field: ImportField; zh: string; en: string }[];
  rows: PreviewRow[];
  scannedRows: number;
  /** The file has more data rows than were scanned. */
  moreRows: boolean;
  remembered: boolean;
}

async function scanRows(upload: StoredUpload, headerRow: number): Promise<{ rows: SourceRow[]; more: boolean }> {
  const source = openRows(upload.file);
  const rows: SourceRow[] = [];
  let more = false;
  try {
    for await (const row of source.rows) {
      if (row.number <= headerRow || isBlankRow(row.cells)) continue;
      if (rows.length === SCAN_ROWS) {
        more = true;
        break;
      }
      rows.push(row);
    }
  } finally {
    await source.rows.return(undefined);
  }
  return { rows, more };
}

const DIVISION_FIELDS = new Set<ImportField>(['hukouDivision', 'residenceDivision']);

/** Whether one cell parses as its field, by the import's own parsing (draftRow, the resolver, the ID check). */
function parses(field: ImportField, label: string, draft: RowDraft, text: string, resolver: DivisionResolver) {
  if (draft.issues.some((i) => i.column === label)) return false;
  if (DIVISION_FIELDS.has(field)) {
    const found = resolver.get(text, field === 'hukouDivision' ? 'hukou' : 'residence');
    return found !== undefined && 'code' in found;
  }
  if (field === 'idNumber' || field === 'spouseIdNumber') {
    const value = draft.values[field];
    return typeof value === 'string' && parseIdNumber(value).ok;
  }
  return true;
}

const DATE_FIELDS = new Set<ImportField>(['arrivedOn', 'departedOn', 'birthDate']);

/** A cell as the officer sees it in Excel: a date cell (stored as a number) as its date, not 45878. */
function sample(field: ImportField | null, cell: CellValue, draft: RowDraft, text: string): string {
  if (field && DATE_FIELDS.has(field) && typeof cell !== 'string') {
    const date = field === 'birthDate' ? draft.birthDate : draft.values[field];
    if (date) return date;
  }
  return text.slice(0, 60);
}

function columnStats(resolved: ResolvedColumns, rows: SourceRow[], drafts: RowDraft[], resolver: DivisionResolver) {
  const { header } = resolved.found;
  return resolved.keys.map((key, index): PreviewColumn => {
    const field = header.columns.get(index) ?? null;
    const label = field ? columnLabel(field, header) : '';
    const samples: string[] = [];
    let total = 0;
    let parsed = 0;
    rows.forEach((row, r) => {
      const text = cellText(row.cells[index]);
      if (text === '') return;
      total++;
      if (samples.length < SAMPLES) samples.push(sample(field, row.cells[index], drafts[r] as RowDraft, text));
      if (field && parses(field, label, drafts[r] as RowDraft, text, resolver)) parsed++;
    });
    return {
      index,
      header: key,
      field,
      source: resolved.sources[index] ?? 'none',
      samples,
      total,
      parsed: field ? parsed : null,
    };
  });
}

/** A row's values as they will be stored (dates normalised, divisions as codes); sex and birth date from the ID. */
function rowValues(resolved: ResolvedColumns, draft: RowDraft, resolver: DivisionResolver) {
  const values: Partial<Record<ImportField, string>> = {};
  const mapped = new Set(resolved.found.header.columns.values());
  const set = (field: ImportField, value: string | null | undefined) => {
    if (mapped.has(field) && value) values[field] = value;
  };
  for (const [field, value] of Object.entries(draft.values)) set(field as ImportField, value);
  const id = draft.values.idNumber ? parseIdNumber(draft.values.idNumber) : null;
  set('sex', id?.ok ? id.value.sex : draft.sex);
  set('birthDate', id?.ok ? id.value.birthDate : draft.birthDate);
  for (const [field, text] of [
    ['hukouDivision', draft.hukouText],
    ['residenceDivision', draft.residenceText],
  ] as const) {
    const found = resolver.get(text, field === 'hukouDivision' ? 'hukou' : 'residence');
    set(field, found && 'code' in found ? found.code : text);
  }
  if (draft.children) set('children', formatChildren(draft.children));
  return values;
}

/** The first rows through the import's checks and registry lookups, with what the import would do to each. */
async function previewRows(
  ctx: AppContext,
  user: SessionUser,
  resolved: ResolvedColumns,
  rows: SourceRow[],
  drafts: RowDraft[],
  update: boolean,
): Promise<{ rows: PreviewRow[]; personIds: string[] }> {
  const { header } = resolved.found;
  const b: BatchContext = {
    ctx,
    jurisdiction: user.divisionCode,
    header,
    idColumn: [...header.columns].find(([, f]) => f === 'idNumber')?.[0] ?? -1,
    update,
    resolver: new DivisionResolver(ctx.db, user.divisionCode),
    seen: new FirstRows(),
    names: new FirstRows(),
    actorId: user.id,
  };
  const looked = await lookUpBatch(b, rows);
  const registered = new Map(looked.good.map((g) => [g.row.number, looked.hashes.get(g.row.number)]));
  const out = buildBatch(b, looked);
  const issues = new Map<number, PreviewIssue[]>();
  for (const e of [...out.errors, ...out.warnings])
    issues.set(e.rowNumber, [...(issues.get(e.rowNumber) ?? []), ...e.issues]);
  const failed = new Set(out.errors.map((e) => e.rowNumber));
  const updated = new Set(out.updates.map((u) => u.rowNumber));
  const preview = rows.map((row, r): PreviewRow => {
    const hash = registered.get(row.number);
    const status = failed.has(row.number)
      ? 'error'
      : updated.has(row.number)
        ? 'update'
        : hash && looked.byHash.has(hash)
          ? 'unchanged'
          : 'new';
    return {
      rowNumber: row.number,
      status,
      values: rowValues(resolved, drafts[r] as RowDraft, b.resolver),
      issues: issues.get(row.number) ?? [],
    };
  });
  return { rows: preview, personIds: [...looked.byHash.values()].map((p) => p.id) };
}

export async function previewImport(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  upload: StoredUpload,
  options: { mapping?: Readonly<Record<string, string>>; update: boolean },
): Promise<ImportPreview> {
  const resolved = await resolveColumns(ctx, user, upload.file, options.mapping);
  const { header, headerRow } = resolved.found;
  const { rows, more } = await scanRows(upload, headerRow);
  const drafts = rows.map((row) => draftRow(row.cells, header));
  const resolver = new DivisionResolver(ctx.db, user.divisionCode);
  await resolver.resolve(
    drafts.map((d) => d.hukouText),
    'hukou',
  );
  await resolver.resolve(
    drafts.map((d) => d.residenceText),
    'residence',
  );
  const columns = columnStats(resolved, rows, drafts, resolver).filter(
    (c) => c.field !== null || c.total > 0 || !/^第\d+列$/.test(c.header),
  );
  const missing = missingRequired(header);
  // Without the required columns rows cannot be checked against the registry: the columns come first.
  const first = missing.length === 0 ? rows.slice(0, PREVIEW_ROWS) : [];
  const shown = await previewRows(ctx, user, resolved, first, drafts.slice(0, first.length), options.update);
  // The preview tells which rows are registered already: a read of those people, audited like the import.
  await writeAudit(ctx.db, actor, {
    action: 'person.import_preview',
    entity: 'import_upload',
    entityId: upload.id,
    personIds: shown.personIds,
    details: { file: upload.fileName, sha256: upload.file.sha256, rows: first.length },
  });
  return {
    headerRow,
    columns,
    missing: missing.map((field) => ({ field, ...fieldLabel(field) })),
    rows: shown.rows,
    scannedRows: rows.length,
    moreRows: more,
    remembered: resolved.remembered,
  };
}
