/**
 * The console's import in two steps (issue 20). POST /api/imports/uploads keeps the file on the server and
 * answers with the mapping preview; POST …/:id/preview previews again with the user's mapping; POST …/:id/import
 * imports with that mapping (202 with the job, as POST /api/imports/persons) and remembers it for the next
 * sheet with the same headers. Nothing is written to the registry before the import.
 */

import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { readingUpload, uploadedFile } from '../../http/multipart.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { checkImportFile, fileError } from './import.file.ts';
import { rememberMapping } from './import.mappings.ts';
import { previewImport } from './import.preview.ts';
import { type ResolvedColumns, resolveColumns } from './import.resolve.ts';
import { jobView, runInBackground, tooLarge } from './import.routes.ts';
import { ImportJobAnswer, PreviewAnswer, UploadAnswer } from './import.schema.ts';
import { type StartedImport, startImport } from './import.service.ts';
import { claimUpload, getUpload, newUploadPath, saveUpload, sweepUploads, UPLOAD_TTL_MS } from './import.uploads.ts';

const UploadParam = z.strictObject({ id: z.string().uuid() });
const UploadQuery = z.strictObject({ update: z.enum(['true', 'false']).optional() });
/** Header text → field name or "ignore", as `liudong import persons --map`; checked in import.resolve.ts. */
const MappingBody = z.strictObject({
  mapping: z.record(z.string().max(200), z.string().max(40)).optional(),
  update: z.boolean().optional(),
});

export function uploadRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['imports'];

    app.post(
      '/api/imports/uploads',
      {
        schema: { tags, querystring: UploadQuery, response: withErrors({ 201: UploadAnswer }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        if (!request.isMultipart())
          throw fileError({ zh: '请以表单上传文件', en: 'upload the file as multipart form data' });
        const part = await uploadedFile(request, tooLarge);
        if (!part) throw fileError({ zh: '没有收到文件', en: 'no file was received' });
        await sweepUploads(ctx);
        const target = await newUploadPath(ctx);
        let keep = false;
        try {
          await readingUpload(tooLarge, () => pipeline(part.file, fs.createWriteStream(target.path, { mode: 0o600 })));
          if (part.file.truncated) throw tooLarge();
          const upload = {
            id: target.id,
            userId: user.id,
            fileName: (part.filename || 'upload').slice(0, 255),
            file: await checkImportFile(target.path),
            createdAt: Date.now(),
          };
          const preview = await previewImport(ctx, user, actorOf(user, request), upload, {
            update: request.query.update === 'true',
          });
          await saveUpload(ctx, upload);
          keep = true;
          const expiresAt = new Date(upload.createdAt + UPLOAD_TTL_MS).toISOString();
          return reply.code(201).send({ upload: { id: upload.id, fileName: upload.fileName, expiresAt }, preview });
        } finally {
          if (!keep) await fs.promises.rm(target.path, { force: true });
        }
      },
    );

    app.post(
      '/api/imports/uploads/:id/preview',
      {
        schema: { tags, params: UploadParam, body: MappingBody, response: withErrors({ 200: PreviewAnswer }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const upload = await getUpload(ctx, user, request.params.id);
        const preview = await previewImport(ctx, user, actorOf(user, request), upload, {
          mapping: request.body.mapping,
          update: request.body.update === true,
        });
        return { preview };
      },
    );

    app.post(
      '/api/imports/uploads/:id/import',
      {
        schema: { tags, params: UploadParam, body: MappingBody, response: withErrors({ 202: ImportJobAnswer }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const actor = actorOf(user, request);
        const upload = await getUpload(ctx, user, request.params.id);
        const claim = await claimUpload(ctx, upload);
        let resolved: ResolvedColumns;
        let started: StartedImport;
        try {
          resolved = await resolveColumns(ctx, user, upload.file, request.body.mapping);
          // Refuses a mapping without the required columns (缺少必需的列：…) before anything is written.
          started = await startImport(ctx, user, actor, upload.file, {
            fileName: upload.fileName,
            update: request.body.update === true,
            found: resolved.found,
          });
        } catch (error) {
          await claim.release();
          throw error;
        }
        await rememberMapping(ctx.db, { ...actor, id: user.id }, user.divisionCode, resolved.keys, resolved.mapping);
        runInBackground(ctx, user, actor, started, request.log);
        return reply.code(202).send({ job: jobView(started.job) });
      },
    );
  };
}
