import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { DuplicateDecisionBody, DuplicateIdParam, DuplicateListQuery, DuplicatePageBody } from './duplicates.schema.ts';
import { listDuplicates, markNotDuplicate, referPair } from './duplicates.service.ts';

/** The review queue of duplicate candidates (疑似重复): registry staff, within their jurisdiction. */
export function duplicateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['duplicates'];

    app.get(
      '/api/duplicates',
      {
        schema: { tags, querystring: DuplicateListQuery, response: withErrors({ 200: DuplicatePageBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return listDuplicates(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.post(
      '/api/duplicates/:id/not-duplicate',
      {
        schema: { tags, params: DuplicateIdParam, response: withErrors({ 200: DuplicateDecisionBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return markNotDuplicate(ctx, user, actorOf(user, request), request.params.id);
      },
    );

    app.post(
      '/api/duplicates/:id/refer',
      {
        schema: { tags, params: DuplicateIdParam, response: withErrors({ 200: DuplicateDecisionBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return referPair(ctx, user, actorOf(user, request), request.params.id);
      },
    );
  };
}
