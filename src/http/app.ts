/** Assembles the Fastify app: one error shape, sessions, OpenAPI at /docs, the console at /. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { DatabaseKind } from '../db/database.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { mfaRoutes } from '../modules/auth/mfa.routes.ts';
import { birthRoutes } from '../modules/births/births.routes.ts';
import { certificateRoutes } from '../modules/certificates/certificates.routes.ts';
import { complaintRoutes } from '../modules/complaints/complaints.routes.ts';
import { deptRoutes } from '../modules/dept/dept.routes.ts';
import { deptKeyRoutes } from '../modules/dept/dept-keys.routes.ts';
import { divisionRoutes } from '../modules/divisions/divisions.routes.ts';
import { duplicateRoutes } from '../modules/duplicates/duplicates.routes.ts';
import { employerRoutes } from '../modules/employers/employers.routes.ts';
import { exchangeRoutes } from '../modules/exchange/exchange.routes.ts';
import { exportRoutes } from '../modules/export/export.routes.ts';
import { householdRoutes } from '../modules/households/households.routes.ts';
import { importRoutes } from '../modules/import/import.routes.ts';
import { outreachRoutes } from '../modules/outreach/outreach.routes.ts';
import { permitRoutes } from '../modules/permits/permits.routes.ts';
import { personRoutes } from '../modules/persons/persons.routes.ts';
import { portalRoutes } from '../modules/portal/portal.routes.ts';
import { portalStaffRoutes } from '../modules/portal/portal.staff.routes.ts';
import { reminderRoutes } from '../modules/reminders/reminders.routes.ts';
import { serviceRoutes } from '../modules/services/services.routes.ts';
import { statsRoutes } from '../modules/stats/stats.routes.ts';
import { supplyRoutes } from '../modules/supplies/supplies.routes.ts';
import { trainingRoutes } from '../modules/training/training.routes.ts';
import { userRoutes } from '../modules/users/users.routes.ts';
import { checkRoutes } from '../modules/verify/checks.routes.ts';
import { verifyRoutes } from '../modules/verify/verify.routes.ts';
import { worklistRoutes } from '../modules/worklists/worklists.routes.ts';
import { installAccessCheck } from './access.ts';
import { rejectControlCharacters } from './control-chars.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { responseSerializerCompiler } from './response-serializer.ts';
import { withErrors } from './responses.ts';
import { installSecurity } from './security.ts';
import { loadSessionUser } from './session.ts';
import { zodValidatorCompiler } from './validation.ts';
import { webShellFor } from './web-shell.ts';

const HealthBody = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres'] satisfies DatabaseKind[]),
});

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Vite names built assets name-hash.ext under assets/. */
function isHashedAsset(file: string): boolean {
  return file.startsWith(path.join(WEB_DIST, 'assets') + path.sep);
}

export interface RouteEntry {
  method: string;
  url: string;
  /** The status keys of the route's response schema ('200', '4xx', …): the response-schema test reads them. */
  responses: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface AppOptions {
  logger?: boolean | { level: string };
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // Behind a TLS proxy (LIUDONG_TRUST_PROXY), request.ip and request.protocol come from its X-Forwarded-*
    // headers: the client's address for rate limits and audit, https for Secure cookies and HSTS.
    trustProxy: ctx.config.trustProxy,
    // Access is recorded in the audit trail; per-request info logs would only add noise. Errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors the router raises before any route runs (bad URL encoding, over-long path parameters) get the one
    // error shape too.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  // Every route, as registered: the authorization-matrix test walks this list so a new route is covered.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const responses = Object.keys((route.schema?.response as object | undefined) ?? {});
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, responses });
  });

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(errorHandler);

  // API answers (JSON lists run to hundreds of KB) and the console shell; assets come precompressed.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Liudong 流动 API', version: '0.1.0', description: 'Floating-population services platform' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('user', null);
  installSecurity(app);
  installAccessCheck(app);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      reply.header('Cache-Control', 'no-store');
      request.user = await loadSessionUser(ctx, request);
    }
  });

  app.addHook('preValidation', async (request) => {
    rejectControlCharacters(request.params, request.query, request.body);
  });

  app.get(
    '/api/health',
    { schema: { tags: ['system'], response: withErrors({ 200: HealthBody }) }, config: { access: 'public' } },
    async () => ({ status: 'ok' as const, database: ctx.dbKind }),
  );
  await app.register(authRoutes(ctx));
  await app.register(mfaRoutes(ctx));
  await app.register(divisionRoutes(ctx));
  await app.register(personRoutes(ctx));
  await app.register(duplicateRoutes(ctx));
  await app.register(importRoutes(ctx));
  await app.register(exportRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(certificateRoutes(ctx));
  await app.register(checkRoutes(ctx));
  await app.register(verifyRoutes(ctx));
  await app.register(deptRoutes(ctx));
  await app.register(worklistRoutes(ctx));
  await app.register(householdRoutes(ctx));
  await app.register(employerRoutes(ctx));
  await app.register(outreachRoutes(ctx));
  await app.register(portalRoutes(ctx));
  await app.register(portalStaffRoutes(ctx));
  await app.register(complaintRoutes(ctx));
  await app.register(serviceRoutes(ctx));
  await app.register(supplyRoutes(ctx));
  await app.register(birthRoutes(ctx));
  await app.register(exchangeRoutes(ctx));
  await app.register(statsRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(deptKeyRoutes(ctx));
  await app.register(reminderRoutes(ctx));
  await app.register(permitRoutes(ctx));
  await app.register(trainingRoutes(ctx));

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: true,
      // The build writes .br and .gz beside each asset (web/vite.config.ts): served as they are, no work per request.
      preCompressed: true,
      // Hashed file names change with their content, so the browser may keep them; the shell is asked for anew.
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', isHashedAsset(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes fall back to their page's shell (web-shell.ts); unknown /api paths keep the JSON 404.
    app.setNotFoundHandler((request, reply) => {
      const isAsset = request.url.startsWith('/assets/');
      if (
        request.method === 'GET' &&
        !isAsset &&
        !request.url.startsWith('/api/') &&
        !request.url.startsWith('/docs')
      ) {
        return reply.type('text/html').sendFile(webShellFor(request.url));
      }
      return notFoundHandler(request, reply);
    });
  } else {
    app.setNotFoundHandler(notFoundHandler);
  }
  return app;
}
