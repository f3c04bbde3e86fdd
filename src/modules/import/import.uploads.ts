/**
 * Uploads waiting for the console's mapping step (issue 20): the file is kept on the server under an id, so the
 * previews and the import read it there and the browser sends it once. Each upload belongs to the user who sent
 * it, expires after UPLOAD_TTL_MS, and is consumed by the import it starts. A small JSON file beside the upload
 * holds its owner and checks, so an upload survives a restart of the server and a sweep needs no database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import type { SessionUser } from '../../http/session.ts';
import type { CheckedFile } from './import.file.ts';

/** Long enough to look at a sheet and correct its columns; an abandoned upload is deleted after it. */
export const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;

export interface StoredUpload {
  id: string;
  userId: string;
  fileName: string;
  file: CheckedFile;
  createdAt: number;
}

export function uploadsDir(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'imports', 'pending');
}

/** A fresh id and the path its bytes are streamed to. */
export async function newUploadPath(ctx: AppContext): Promise<{ id: string; path: string }> {
  const dir = uploadsDir(ctx);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const id = crypto.randomUUID();
  return { id, path: path.join(dir, `${id}.upload`) };
}

const metaPath = (ctx: AppContext, id: string) => path.join(uploadsDir(ctx), `${id}.json`);

export async function saveUpload(ctx: AppContext, upload: StoredUpload): Promise<void> {
  await fs.promises.writeFile(metaPath(ctx, upload.id), JSON.stringify(upload), { mode: 0o600 });
}

const GONE = { zh: '上传的文件（已过期，请重新上传）', en: 'Uploaded file (expired; upload it again)' };

/** The user's own upload, not expired; any other id answers 404 like an unknown one. */
export async function getUpload(ctx: AppContext, user: SessionUser, id: string): Promise<StoredUpload> {
  let upload: StoredUpload;
  try {
    upload = JSON.parse(await fs.promises.readFile(metaPath(ctx, id), 'utf8')) as StoredUpload;
  } catch {
    throw AppError.notFound(GONE);
  }
  if (upload.userId !== user.id || Date.now() - upload.createdAt > UPLOAD_TTL_MS) throw AppError.notFound(GONE);
  return upload;
}

/**
 * Takes the upload for an import, atomically (a rename): a second confirmation, even a simultaneous one, gets 404
 * rather than a second import. The bytes stay until the import ends (it deletes them); touching them keeps the
 * sweep off them meanwhile. `release` gives the upload back when the import was refused before it started.
 */
export async function claimUpload(ctx: AppContext, upload: StoredUpload): Promise<{ release: () => Promise<void> }> {
  const taken = `${metaPath(ctx, upload.id)}.taken`;
  try {
    await fs.promises.rename(metaPath(ctx, upload.id), taken);
  } catch {
    throw AppError.notFound(GONE);
  }
  const now = new Date();
  await fs.promises.utimes(upload.file.path, now, now).catch(() => undefined);
  return {
    release: () => fs.promises.rename(taken, metaPath(ctx, upload.id)).catch(() => undefined),
  };
}

/** Deletes uploads older than the TTL (run at each new upload). */
export async function sweepUploads(ctx: AppContext, now = Date.now()): Promise<void> {
  const dir = uploadsDir(ctx);
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > UPLOAD_TTL_MS) await fs.promises.rm(file, { force: true });
  }
}
