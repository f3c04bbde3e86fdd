import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { contentDisposition } from '../../core/filename.ts';
import { COMMUNITY_ROLES } from '../../core/roles.ts';
import { addMonthsToMonth } from '../../core/roster.ts';
import { fileBody } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import {
  AbsenceBody,
  AbsenceCreate,
  DutyLogBody,
  DutyLogCreate,
  DutyLogListBody,
  GroupCreate,
  GroupDetailBody,
  GroupListBody,
  GroupQuery,
  GroupUpdate,
  HouseholdBody,
  HouseholdCreate,
  HouseholdPageBody,
  HouseholdQuery,
  HouseholdUpdate,
  IdParam,
  month,
  PersonVisitsBody,
  RepresentativeBody,
  RepresentativeCreate,
  RepresentativeListBody,
  RepresentativeQuery,
  RosterGenerate,
  VisitCreate,
  VisitCreatedBody,
  VisitPageBody,
  VisitQuery,
} from './households.schema.ts';
import {
  addAbsence,
  createGroup,
  createHousehold,
  createRepresentative,
  generateGroupRoster,
  getGroupDetail,
  getHousehold,
  listGroups,
  listHouseholds,
  listRepresentatives,
  updateGroup,
  updateHousehold,
} from './households.service.ts';
import { renderWallRoster } from './roster.pdf.ts';
import { createDutyLog, createVisit, listDutyLogs, listVisits, personVisits } from './visits.service.ts';

const PdfQuery = z.strictObject({ from: month.optional() });

export function householdRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['households'];
    const access = { access: COMMUNITY_ROLES };
    const who = (request: Parameters<typeof requireUser>[0]) => {
      const user = requireUser(request, COMMUNITY_ROLES);
      return { user, actor: actorOf(user, request) };
    };

    app.get(
      '/api/representatives',
      {
        config: access,
        schema: { tags, querystring: RepresentativeQuery, response: withErrors({ 200: RepresentativeListBody }) },
      },
      (request) => listRepresentatives(ctx, who(request).user, request.query.division),
    );
    app.post(
      '/api/representatives',
      {
        config: access,
        schema: { tags, body: RepresentativeCreate, response: withErrors({ 201: RepresentativeBody }) },
      },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createRepresentative(ctx, user, actor, request.body));
      },
    );

    app.get(
      '/api/households',
      {
        config: access,
        schema: { tags, querystring: HouseholdQuery, response: withErrors({ 200: HouseholdPageBody }) },
      },
      (request) => {
        const { user, actor } = who(request);
        return listHouseholds(ctx, user, actor, request.query);
      },
    );
    app.post(
      '/api/households',
      { config: access, schema: { tags, body: HouseholdCreate, response: withErrors({ 201: HouseholdBody }) } },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createHousehold(ctx, user, actor, request.body));
      },
    );
    app.get(
      '/api/households/:id',
      { config: access, schema: { tags, params: IdParam, response: withErrors({ 200: HouseholdBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return getHousehold(ctx, user, actor, request.params.id);
      },
    );
    app.patch(
      '/api/households/:id',
      {
        config: access,
        schema: { tags, params: IdParam, body: HouseholdUpdate, response: withErrors({ 200: HouseholdBody }) },
      },
      (request) => {
        const { user, actor } = who(request);
        return updateHousehold(ctx, user, actor, request.params.id, request.body);
      },
    );
    app.post(
      '/api/households/:id/absences',
      {
        config: access,
        schema: { tags, params: IdParam, body: AbsenceCreate, response: withErrors({ 201: AbsenceBody }) },
      },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await addAbsence(ctx, user, actor, request.params.id, request.body));
      },
    );

    app.get(
      '/api/household-groups',
      { config: access, schema: { tags, querystring: GroupQuery, response: withErrors({ 200: GroupListBody }) } },
      (request) => listGroups(ctx, who(request).user, request.query.division),
    );
    app.post(
      '/api/household-groups',
      { config: access, schema: { tags, body: GroupCreate, response: withErrors({ 201: GroupDetailBody }) } },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createGroup(ctx, user, actor, request.body));
      },
    );
    app.get(
      '/api/household-groups/:id',
      { config: access, schema: { tags, params: IdParam, response: withErrors({ 200: GroupDetailBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return getGroupDetail(ctx, user, actor, request.params.id);
      },
    );
    app.patch(
      '/api/household-groups/:id',
      {
        config: access,
        schema: { tags, params: IdParam, body: GroupUpdate, response: withErrors({ 200: GroupDetailBody }) },
      },
      (request) => {
        const { user, actor } = who(request);
        return updateGroup(ctx, user, actor, request.params.id, request.body);
      },
    );
    app.post(
      '/api/household-groups/:id/roster',
      {
        config: access,
        schema: { tags, params: IdParam, body: RosterGenerate, response: withErrors({ 200: GroupDetailBody }) },
      },
      (request) => {
        const { user, actor } = who(request);
        return generateGroupRoster(ctx, user, actor, request.params.id, request.body);
      },
    );
    app.get(
      '/api/household-groups/:id/roster.pdf',
      {
        config: access,
        schema: {
          tags,
          params: IdParam,
          querystring: PdfQuery,
          response: withErrors({ 200: fileBody('The duty roster for the wall, as PDF', 'application/pdf') }),
        },
      },
      async (request, reply) => {
        const { user, actor } = who(request);
        const detail = await getGroupDetail(ctx, user, actor, request.params.id, 'print');
        const current = today().slice(0, 7);
        const from =
          request.query.from ??
          detail.roster.find((m) => m.month >= current)?.month ??
          detail.roster[0]?.month ??
          current;
        const until = addMonthsToMonth(from, 11);
        const pdf = await renderWallRoster({
          divisionName: detail.group.divisionName,
          groupName: detail.group.name,
          leaderHouseholdId: detail.group.leaderHouseholdId,
          households: detail.households.map((h) => ({
            id: h.id,
            position: h.position,
            address: h.address,
            headName: (h.members.find((m) => m.relation === 'head') ?? h.members[0])?.name ?? null,
            size: h.members.length,
          })),
          representatives: detail.representatives,
          rota: detail.roster.filter((m) => m.month >= from && m.month <= until),
          rules: detail.rules,
          printedOn: today(),
        });
        return reply
          .type('application/pdf')
          .header('Content-Disposition', contentDisposition(`${detail.group.name}-值班表-${from}.pdf`, 'inline'))
          .send(pdf);
      },
    );
    app.get(
      '/api/household-groups/:id/duty-logs',
      { config: access, schema: { tags, params: IdParam, response: withErrors({ 200: DutyLogListBody }) } },
      (request) => listDutyLogs(ctx, who(request).user, request.params.id),
    );
    app.post(
      '/api/household-groups/:id/duty-logs',
      {
        config: access,
        schema: { tags, params: IdParam, body: DutyLogCreate, response: withErrors({ 201: DutyLogBody }) },
      },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createDutyLog(ctx, user, actor, request.params.id, request.body));
      },
    );

    app.get(
      '/api/visits',
      { config: access, schema: { tags, querystring: VisitQuery, response: withErrors({ 200: VisitPageBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return listVisits(ctx, user, actor, request.query);
      },
    );
    app.post(
      '/api/visits',
      { config: access, schema: { tags, body: VisitCreate, response: withErrors({ 201: VisitCreatedBody }) } },
      async (request, reply) => {
        const { user, actor } = who(request);
        return reply.code(201).send(await createVisit(ctx, user, actor, request.body));
      },
    );
    app.get(
      '/api/persons/:id/visits',
      { config: access, schema: { tags, params: IdParam, response: withErrors({ 200: PersonVisitsBody }) } },
      (request) => {
        const { user, actor } = who(request);
        return personVisits(ctx, user, actor, request.params.id);
      },
    );
  };
}
