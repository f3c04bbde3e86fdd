/**
 * Console import: upload (multipart) → the file is checked and refused with a 4xx before anything is
 * written → 202 with the job, which then runs in the server; the console polls its progress.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { contentDisposition } from '../../core/filename.ts';
import { importSummary } from '../../core/import-summary.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { readingUpload, uploadedFile } from '../../http/multipart.ts';
import { withErrors } from '../../http/responses.ts';
import type { Actor } from '../../http/session.ts';
import { actorOf, requireUser, type SessionUser } from '../../http/session.ts';
import { checkImportFile, fileError } from './import.file.ts';
import { writeErrorReport } from './import.report.ts';
import type { ImportJob } from './import.repository.ts';
import { errorPreview } from './import.repository.ts';
import { ImportErrors, ImportJobAnswer, ImportXlsx } from './import.schema.ts';
import { type ImportProgress, jobForUser, runImport, type StartedImport, startImport } from './import.service.ts';
import { writeTemplate } from './import.template.ts';
import { uploadRoutes } from './import.upload.routes.ts';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JobParam = z.strictObject({ id: z.string().uuid() });
const UploadQuery = z.strictObject({ update: z.enum(['true', 'false']).optional() });

export const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', 413, {
    zh: `文件超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB，请拆分后导入或使用命令行导入`,
    en: `the file exceeds ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it or use the command line`,
  });

/** Live progress of imports running in this process (rows/s and ETA are not worth a write per batch). */
const live = new Map<string, ImportProgress>();

export function jobView(job: ImportJob) {
  const progress = live.get(job.id);
  return {
    id: job.id,
    fileName: job.file_name,
    status: job.status,
    update: job.update_existing,
    rowsRead: progress?.rowsRead ?? job.rows_read,
    inserted: job.inserted,
    updated: job.updated,
    unchanged: job.unchanged,
    failed: job.failed,
    duplicates: job.duplicates,
    warnings: job.warnings,
    fraction: job.status === 'done' ? 1 : (progress?.fraction ?? 0),
    rowsPerSecond: progress?.rowsPerSecond ?? 0,
    etaSeconds: progress?.etaSeconds ?? null,
    message: job.message,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    /** Per category (imported, updated, unchanged, refused, warned): the count and what to do, zh and en. */
    summary: importSummary(job, { update: job.update_existing }),
  };
}

/** Runs a started import in the server, with live progress; the uploaded file is deleted when it ends. */
export function runInBackground(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  started: StartedImport,
  log: FastifyBaseLogger,
): void {
  void runImport(ctx, user, actor, started, (p) => live.set(started.job.id, p))
    .catch((err: unknown) => log.error({ err, job: started.job.id }, 'import failed'))
    .finally(() => {
      live.delete(started.job.id);
      fs.promises.rm(started.file.path, { force: true }).catch(() => undefined);
    });
}

/** How many bad rows the console shows beside the summary; the report file has them all. */
const ERROR_PREVIEW_ROWS = 20;

export function importRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['imports'];
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0 } });
    // The console's two-step import: upload, confirm the columns, then import (issue 20).
    await app.register(uploadRoutes(ctx));

    app.get(
      '/api/imports/template.xlsx',
      { schema: { tags, response: withErrors({ 200: ImportXlsx }) }, config: { access: REGISTRY_ROLES } },
      async (request, reply) => {
        requireUser(request, REGISTRY_ROLES);
        const body = new PassThrough();
        void writeTemplate(body).then(
          () => body.end(),
          (err: Error) => body.destroy(err),
        );
        return reply
          .type(XLSX_TYPE)
          .header('Content-Disposition', contentDisposition('流动人口导入模板.xlsx'))
          .send(body);
      },
    );

    app.post(
      '/api/imports/persons',
      {
        schema: { tags, querystring: UploadQuery, response: withErrors({ 202: ImportJobAnswer }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const actor = actorOf(user, request);
        if (!request.isMultipart())
          throw fileError({ zh: '请以表单上传文件', en: 'upload the file as multipart form data' });
        const part = await uploadedFile(request, tooLarge);
        if (!part) throw fileError({ zh: '没有收到文件', en: 'no file was received' });
        const dir = path.join(ctx.config.dataDir, 'imports');
        await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
        const saved = path.join(dir, `${crypto.randomUUID()}.upload`);
        let keep = false;
        try {
          // Streamed to disk (files up to MAX_UPLOAD_BYTES); a disk error carries a code and stays a 500.
          await readingUpload(tooLarge, () => pipeline(part.file, fs.createWriteStream(saved, { mode: 0o600 })));
          if (part.file.truncated) throw tooLarge();
          const checked = await checkImportFile(saved);
          const started = await startImport(ctx, user, actor, checked, {
            fileName: part.filename || 'upload',
            update: request.query.update === 'true',
          });
          keep = true;
          runInBackground(ctx, user, actor, started, request.log);
          return reply.code(202).send({ job: jobView(started.job) });
        } finally {
          if (!keep) await fs.promises.rm(saved, { force: true });
        }
      },
    );

    app.get(
      '/api/imports/:id',
      {
        schema: { tags, params: JobParam, response: withErrors({ 200: ImportJobAnswer }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return { job: jobView(await jobForUser(ctx, user, request.params.id)) };
      },
    );

    app.get(
      '/api/imports/:id/errors',
      {
        schema: { tags, params: JobParam, response: withErrors({ 200: ImportErrors }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const job = await jobForUser(ctx, user, request.params.id);
        const rows = await errorPreview(ctx.db, job.id, ERROR_PREVIEW_ROWS);
        return {
          items: rows.map((r) => ({ rowNumber: r.row_number, issues: r.issues })),
          total: job.failed + job.warnings,
        };
      },
    );

    app.get(
      '/api/imports/:id/errors.xlsx',
      {
        schema: { tags, params: JobParam, response: withErrors({ 200: ImportXlsx }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const job = await jobForUser(ctx, user, request.params.id);
        const body = new PassThrough();
        void writeErrorReport(ctx, job, body).catch((err: Error) => body.destroy(err));
        const name = `${job.file_name.replace(/\.(csv|xlsx)$/i, '')}-错误报告.xlsx`;
        return reply.type(XLSX_TYPE).header('Content-Disposition', contentDisposition(name)).send(body);
      },
    );
  };
}
