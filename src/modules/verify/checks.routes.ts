import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { CHECK_ROLES } from '../../core/roles.ts';
import type { Role } from '../../db/schema.ts';
import { requestLang } from '../../http/i18n.ts';
import { withErrors } from '../../http/responses.ts';
import { linesText, lineText, uuid } from '../../http/schema-fields.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { listChecks, recordCheck } from './checks.service.ts';
import { listIncidents, referIncident } from './incidents.service.ts';
import { CheckAnswer, CheckList, IncidentAnswer, IncidentList } from './verify.schema.ts';

const REFER_ROLES: readonly Role[] = ['county_admin', 'township_officer'];

const CheckBody = z.strictObject({
  payload: z.string().trim().min(1).max(4000).optional(),
  number: z.string().trim().min(1).max(64).optional(),
  noneHeld: z.boolean().optional(),
  personId: uuid.optional(),
  place: lineText(200, 0).optional(),
  notes: linesText(500, 0).optional(),
});
const CheckListQuery = z.strictObject({ personId: uuid.optional() });
const IncidentParam = z.strictObject({ id: uuid });
const ReferBody = z.strictObject({
  referredTo: lineText(100, 2).default('公安机关'),
  notes: linesText(500, 0).optional(),
});

export function checkRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['verification'];

    app.post(
      '/api/certificate-checks',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, body: CheckBody, response: withErrors({ 201: CheckAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, CHECK_ROLES);
        const result = await recordCheck(ctx, user, actorOf(user, request), request.body, requestLang(request));
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/certificate-checks',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, querystring: CheckListQuery, response: withErrors({ 200: CheckList }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        return { items: await listChecks(ctx, user, request.query.personId) };
      },
    );

    app.get(
      '/api/misuse-incidents',
      { config: { access: CHECK_ROLES }, schema: { tags, response: withErrors({ 200: IncidentList }) } },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        return { items: await listIncidents(ctx, user) };
      },
    );

    app.post(
      '/api/misuse-incidents/:id/refer',
      {
        config: { access: REFER_ROLES },
        schema: { tags, params: IncidentParam, body: ReferBody, response: withErrors({ 200: IncidentAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, REFER_ROLES);
        return referIncident(ctx, user, actorOf(user, request), request.params.id, request.body);
      },
    );
  };
}
