/** The console's two-step import (issue 20): upload for a preview, preview again with a mapping, then import. */
import { ApiError, api } from '../api';

export type MappingSource = 'header' | 'content' | 'remembered' | 'user' | 'none';

export interface PreviewColumn {
  index: number;
  header: string;
  field: string | null;
  source: MappingSource;
  samples: string[];
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
  status: 'new' | 'update' | 'unchanged' | 'error';
  values: Record<string, string>;
  issues: PreviewIssue[];
}

export interface ImportPreview {
  headerRow: number;
  columns: PreviewColumn[];
  missing: { field: string; zh: string; en: string }[];
  rows: PreviewRow[];
  scannedRows: number;
  moreRows: boolean;
  remembered: boolean;
}

export interface Uploaded {
  upload: { id: string; fileName: string; expiresAt: string };
  preview: ImportPreview;
}

/** Header → field, or "ignore": the same shape as `liudong import persons --map`. */
export type Mapping = Record<string, string>;

export async function uploadForPreview(file: File, update: boolean): Promise<Uploaded> {
  const form = new FormData();
  form.append('file', file);
  const res = await fetch(`/api/imports/uploads?update=${update}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
  });
  const body = (await res.json().catch(() => null)) as
    | (Partial<Uploaded> & { error?: { code: string; message: string; issues?: { message: string }[] } })
    | null;
  if (!res.ok || !body?.upload || !body.preview) {
    const err = body?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'HTTP_ERROR',
      err?.issues?.[0]?.message ?? err?.message ?? String(res.status),
    );
  }
  return { upload: body.upload, preview: body.preview };
}

export function previewAgain(id: string, mapping: Mapping, update: boolean): Promise<ImportPreview> {
  return api<{ preview: ImportPreview }>(`/api/imports/uploads/${id}/preview`, {
    method: 'POST',
    body: { mapping, update },
  }).then((r) => r.preview);
}

export function importUpload(id: string, mapping: Mapping, update: boolean): Promise<{ id: string }> {
  return api<{ job: { id: string } }>(`/api/imports/uploads/${id}/import`, {
    method: 'POST',
    body: { mapping, update },
  }).then((r) => r.job);
}

/** The mapping a preview shows, complete: every column named, ignored ones as "ignore". */
export function mappingOf(preview: ImportPreview): Mapping {
  return Object.fromEntries(preview.columns.map((c) => [c.header, c.field ?? 'ignore']));
}
