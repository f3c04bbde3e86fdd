import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { COMMUNITY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { IdParam } from '../households/index.ts';
import { EventBody, EventCreate, EventPageBody, EventQuery, FiguresBody, FiguresQuery } from './outreach.schema.ts';
import { createEvent, figures, getEvent, listEvents } from './outreach.service.ts';

export function outreachRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['outreach'];
    const config = { access: COMMUNITY_ROLES };

    app.get(
      '/api/outreach-events',
      { config, schema: { tags, querystring: EventQuery, response: withErrors({ 200: EventPageBody }) } },
      (request) => listEvents(ctx, requireUser(request, COMMUNITY_ROLES), request.query),
    );
    app.post(
      '/api/outreach-events',
      { config, schema: { tags, body: EventCreate, response: withErrors({ 201: EventBody }) } },
      async (request, reply) => {
        const user = requireUser(request, COMMUNITY_ROLES);
        return reply.code(201).send(await createEvent(ctx, user, actorOf(user, request), request.body));
      },
    );
    app.get(
      '/api/outreach-events/figures',
      { config, schema: { tags, querystring: FiguresQuery, response: withErrors({ 200: FiguresBody }) } },
      (request) => figures(ctx, requireUser(request, COMMUNITY_ROLES), request.query),
    );
    app.get(
      '/api/outreach-events/:id',
      { config, schema: { tags, params: IdParam, response: withErrors({ 200: EventBody }) } },
      (request) => getEvent(ctx, requireUser(request, COMMUNITY_ROLES), request.params.id),
    );
  };
}
