/** The console's two-step import (issue 20): upload for a preview, preview again with a mapping, then import. */
import { ApiError } from '../api';
import { client, ok } from '../api/client';
import type { Answer, Item } from '../api/types';

export type Uploaded = Answer<'/api/imports/uploads', 'post'>;
export type ImportPreview = Uploaded['preview'];
export type PreviewColumn = Item<ImportPreview['columns']>;
export type MappingSource = PreviewColumn['source'];
export type PreviewRow = Item<ImportPreview['rows']>;
export type PreviewIssue = Item<PreviewRow['issues']>;
export type ImportJob = Answer<'/api/imports/{id}'>['job'];
export type ErrorRow = Item<Answer<'/api/imports/{id}/errors'>['items']>;

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

export async function previewAgain(id: string, mapping: Mapping, update: boolean): Promise<ImportPreview> {
  const init = { params: { path: { id } }, body: { mapping, update } };
  return (await ok(client.POST('/api/imports/uploads/{id}/preview', init))).preview;
}

export async function importUpload(id: string, mapping: Mapping, update: boolean): Promise<{ id: string }> {
  const init = { params: { path: { id } }, body: { mapping, update } };
  return (await ok(client.POST('/api/imports/uploads/{id}/import', init))).job;
}

export const fetchImportJob = async (id: string) =>
  (await ok(client.GET('/api/imports/{id}', { params: { path: { id } } }))).job;

export const fetchImportErrors = (id: string) =>
  ok(client.GET('/api/imports/{id}/errors', { params: { path: { id } } }));

/** The mapping a preview shows, complete: every column named, ignored ones as "ignore". */
export function mappingOf(preview: ImportPreview): Mapping {
  return Object.fromEntries(preview.columns.map((c) => [c.header, c.field ?? 'ignore']));
}
