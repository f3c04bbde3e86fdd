import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { COMMUNITY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { IdParam } from '../households/index.ts';
import {
  AgreementBody,
  AgreementCreate,
  OutreachListBody,
  OutreachListQuery,
  PartyBody,
  PartyCreate,
  PartyDetailBody,
  PartyPageBody,
  PartyQuery,
  PartyUpdate,
  PersonLinks,
  PersonLinksBody,
} from './employers.schema.ts';
import {
  addAgreement,
  createParty,
  getParty,
  getPersonLinks,
  listParties,
  outreachList,
  setPersonLinks,
  updateParty,
} from './employers.service.ts';

export function employerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['employers'];
    const config = { access: COMMUNITY_ROLES };
    const who = (request: Parameters<typeof requireUser>[0]) => {
      const user = requireUser(request, COMMUNITY_ROLES);
      return { user, actor: actorOf(user, request) };
    };

    app.get(
      '/api/employers',
      { config, schema: { tags, querystring: PartyQuery, response: withErrors({ 200: PartyPageBody }) } },
      (request) => listParties(ctx, who(request).user, request.query),
    );
    app.post(
      '/api/employers',
      { config, schema: { tags, body: PartyCreate, response: withErrors({ 201: PartyBody }) } },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createParty(ctx, user, actor, request.body));
      },
    );
    app.get(
      '/api/employers/outreach-list',
      { config, schema: { tags, querystring: OutreachListQuery, response: withErrors({ 200: OutreachListBody }) } },
      (request) => outreachList(ctx, who(request).user, request.query.kind),
    );
    app.get(
      '/api/employers/:id',
      { config, schema: { tags, params: IdParam, response: withErrors({ 200: PartyDetailBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return getParty(ctx, user, actor, request.params.id);
      },
    );
    app.patch(
      '/api/employers/:id',
      { config, schema: { tags, params: IdParam, body: PartyUpdate, response: withErrors({ 200: PartyBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return updateParty(ctx, user, actor, request.params.id, request.body);
      },
    );
    app.post(
      '/api/employers/:id/agreements',
      {
        config,
        schema: { tags, params: IdParam, body: AgreementCreate, response: withErrors({ 201: AgreementBody }) },
      },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await addAgreement(ctx, user, actor, request.params.id, request.body));
      },
    );
    app.get(
      '/api/persons/:id/employer-links',
      { config, schema: { tags, params: IdParam, response: withErrors({ 200: PersonLinksBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return getPersonLinks(ctx, user, actor, request.params.id);
      },
    );
    app.put(
      '/api/persons/:id/employer-links',
      { config, schema: { tags, params: IdParam, body: PersonLinks, response: withErrors({ 200: PersonLinksBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return setPersonLinks(ctx, user, actor, request.params.id, request.body);
      },
    );
  };
}
