import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { COMMUNITY_ROLES } from '../../core/roles.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { IdParam } from '../households/index.ts';
import { EventCreate, EventQuery, FiguresQuery } from './outreach.schema.ts';
import { createEvent, figures, getEvent, listEvents } from './outreach.service.ts';

export function outreachRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['outreach'];
    const config = { access: COMMUNITY_ROLES };

    app.get('/api/outreach-events', { config, schema: { tags, querystring: EventQuery } }, (request) =>
      listEvents(ctx, requireUser(request, COMMUNITY_ROLES), request.query),
    );
    app.post('/api/outreach-events', { config, schema: { tags, body: EventCreate } }, async (request, reply) => {
      const user = requireUser(request, COMMUNITY_ROLES);
      return reply.code(201).send(await createEvent(ctx, user, actorOf(user, request), request.body));
    });
    app.get('/api/outreach-events/figures', { config, schema: { tags, querystring: FiguresQuery } }, (request) =>
      figures(ctx, requireUser(request, COMMUNITY_ROLES), request.query),
    );
    app.get('/api/outreach-events/:id', { config, schema: { tags, params: IdParam } }, (request) =>
      getEvent(ctx, requireUser(request, COMMUNITY_ROLES), request.params.id),
    );
  };
}
