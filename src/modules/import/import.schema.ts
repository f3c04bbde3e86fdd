/** Response schemas of the import routes (import.routes.ts, import.upload.routes.ts). */
import { z } from 'zod';
import { IMPORT_FIELDS } from '../../core/import-columns.ts';
import type { SummaryLine as SummaryLineType } from '../../core/import-summary.ts';
import { type Describes, fileBody, Instant, Localized, XLSX } from '../../http/response-fields.ts';
import type { ImportPreview as ImportPreviewType } from './import.preview.ts';
import type { jobView } from './import.routes.ts';

const Field = z.enum(IMPORT_FIELDS);

const SummaryLine = z.object({
  category: z.enum(['inserted', 'updated', 'unchanged', 'refused', 'warned']),
  count: z.number(),
  label: Localized,
  advice: Localized,
});
true satisfies Describes<typeof SummaryLine, SummaryLineType>;

/** An import job with its live progress and, per category, the count and what to do (jobView). */
export const ImportJob = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  update: z.boolean(),
  rowsRead: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  duplicates: z.number(),
  warnings: z.number(),
  fraction: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  message: Localized.nullable(),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  summary: z.array(SummaryLine),
});
true satisfies Describes<typeof ImportJob, ReturnType<typeof jobView>>;
export const ImportJobAnswer = z.object({ job: ImportJob });

const RowIssue = z.object({ column: z.string(), zh: z.string(), en: z.string(), warning: z.boolean().optional() });

/** The first refused or warned rows of a job, and how many there are in all. */
export const ImportErrors = z.object({
  items: z.array(z.object({ rowNumber: z.number(), issues: z.array(RowIssue) })),
  total: z.number(),
});

export const ImportPreview = z.object({
  headerRow: z.number(),
  columns: z.array(
    z.object({
      index: z.number(),
      header: z.string(),
      field: Field.nullable(),
      source: z.enum(['header', 'content', 'remembered', 'user', 'none']),
      samples: z.array(z.string()),
      total: z.number(),
      parsed: z.number().nullable(),
    }),
  ),
  missing: z.array(z.object({ field: Field, zh: z.string(), en: z.string() })),
  rows: z.array(
    z.object({
      rowNumber: z.number(),
      status: z.enum(['new', 'update', 'unchanged', 'error']),
      values: z.partialRecord(Field, z.string()),
      issues: z.array(RowIssue),
    }),
  ),
  scannedRows: z.number(),
  moreRows: z.boolean(),
  remembered: z.boolean(),
});
true satisfies Describes<typeof ImportPreview, ImportPreviewType>;

/** A stored upload (kept until `expiresAt`) and how it would import. */
export const UploadAnswer = z.object({
  upload: z.object({ id: z.string(), fileName: z.string(), expiresAt: z.string() }),
  preview: ImportPreview,
});
export const PreviewAnswer = z.object({ preview: ImportPreview });

export const ImportXlsx = fileBody('A workbook (the import template, or the refused rows with their reasons)', XLSX);
