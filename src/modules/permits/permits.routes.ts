/** The office's residence-permit work list (issue 26 part 6); the departments' submission is in src/modules/dept. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import {
  ConfirmAnswer,
  ConfirmBody,
  NotFoundBody,
  PermitIdParam,
  PermitListQuery,
  PermitPage,
  PermitView,
} from './permits.schema.ts';
import { confirmPermit, listPermits, markNotFound } from './permits.service.ts';

export function permitRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['residence-permits'];
    const config = { access: REGISTRY_ROLES };

    app.get(
      '/api/residence-permits',
      { config, schema: { tags, querystring: PermitListQuery, response: withErrors({ 200: PermitPage }) } },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return listPermits(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.post(
      '/api/residence-permits/:id/confirm',
      {
        config,
        schema: { tags, params: PermitIdParam, body: ConfirmBody, response: withErrors({ 200: ConfirmAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return confirmPermit(ctx, user, actorOf(user, request), request.params.id, request.body);
      },
    );

    app.post(
      '/api/residence-permits/:id/not-found',
      {
        config,
        schema: {
          tags,
          params: PermitIdParam,
          body: NotFoundBody,
          response: withErrors({ 200: z.object({ permit: PermitView }) }),
        },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return markNotFound(ctx, user, actorOf(user, request), request.params.id, request.body.reason);
      },
    );
  };
}
