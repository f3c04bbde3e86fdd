import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { contentDisposition } from '../../core/filename.ts';
import { SERVICE_STAFF } from '../../core/roles.ts';
import { MAX_UPLOAD_BYTES } from '../../core/services-birth.ts';
import { uploadedBytes, uploadedFile } from '../../http/multipart.ts';
import { publicBaseUrl } from '../../http/public-url.ts';
import { fileBody } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { personOfRequest } from '../persons/index.ts';
import {
  BirthCreate,
  BirthDetailBody,
  BirthDocumentBody,
  BirthListQuery,
  BirthPageBody,
  BirthPrefillBody,
  BirthSubmittedBody,
  BirthTransitionBody,
  BirthTransitionedBody,
  DocParam,
  IdParam,
  UploadQuery,
} from './births.schema.ts';
import {
  addDocument,
  getDocument,
  getRegistration,
  listRegistrations,
  noFile,
  prefillFor,
  submitBirthRegistration,
  tooLarge,
  transitionRegistration,
} from './births.service.ts';

export function birthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['birth-registrations'];
    // One file per request, limited here and checked again after reading; no other form fields.
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0 } });

    app.get(
      '/api/persons/:id/birth-prefill',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, response: withErrors({ 200: BirthPrefillBody }) },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, SERVICE_STAFF, 'person.birth_prefill');
        return { prefill: await prefillFor(ctx.db, person) };
      },
    );

    app.post(
      '/api/birth-registrations',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, body: BirthCreate, response: withErrors({ 201: BirthSubmittedBody }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const result = await submitBirthRegistration(
          ctx,
          { kind: 'staff', user },
          actorOf(user, request),
          request.body,
        );
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/birth-registrations',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, querystring: BirthListQuery, response: withErrors({ 200: BirthPageBody }) },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        return listRegistrations(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.get(
      '/api/birth-registrations/:id',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, response: withErrors({ 200: BirthDetailBody }) },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        return getRegistration(ctx, user, actorOf(user, request), request.params.id, publicBaseUrl(ctx, request));
      },
    );

    app.post(
      '/api/birth-registrations/:id/transitions',
      {
        config: { access: SERVICE_STAFF },
        schema: {
          tags,
          params: IdParam,
          body: BirthTransitionBody,
          response: withErrors({ 200: BirthTransitionedBody }),
        },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        return transitionRegistration(ctx, user, actorOf(user, request), request.params.id, request.body);
      },
    );

    app.post(
      '/api/birth-registrations/:id/documents',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, querystring: UploadQuery, response: withErrors({ 201: BirthDocumentBody }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        if (!request.isMultipart()) throw noFile();
        const part = await uploadedFile(request, tooLarge);
        if (!part) throw noFile();
        const bytes = await uploadedBytes(part, tooLarge);
        const result = await addDocument(ctx, user, actorOf(user, request), request.params.id, {
          kind: request.query.documentKind,
          fileName: part.filename || 'document',
          bytes,
        });
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/birth-registrations/:id/documents/:docId',
      {
        config: { access: SERVICE_STAFF },
        schema: {
          tags,
          params: DocParam,
          response: withErrors({ 200: fileBody('The document as uploaded', 'application/octet-stream') }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const doc = await getDocument(ctx, user, actorOf(user, request), request.params.id, request.params.docId);
        // The type was decided from the bytes at upload; always a download, never rendered inline.
        return reply
          .type(doc.media_type)
          .header('Content-Disposition', contentDisposition(doc.file_name))
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          .send(doc.content);
      },
    );
  };
}
