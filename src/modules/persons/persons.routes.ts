import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { levelOf } from '../../core/divisions.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { listPersonAccess } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { breakGlass } from './persons.break-glass.ts';
import { listMerges, mergedRecordIds } from './persons.merge.ts';
import { listEpisodes, listHistory } from './persons.repository.ts';
import { personOfRequest } from './persons.request.ts';
import {
  BreakGlassBody,
  BreakGlassResult,
  MergeIdParam,
  PersonAccessLogBody,
  PersonBody,
  PersonCreate,
  PersonCreatedBody,
  PersonEpisodesBody,
  PersonGetQuery,
  PersonHistoryBody,
  PersonIdParam,
  PersonListQuery,
  PersonLookupQuery,
  PersonMergeBody,
  PersonMergedBody,
  PersonMergePreviewBody,
  PersonMergePreviewQuery,
  PersonMergesBody,
  PersonPageBody,
  PersonPatch,
  PersonUnmergedBody,
  PersonUpdatedBody,
} from './persons.schema.ts';
import {
  createPerson,
  getPerson,
  listPersons,
  lookupPerson,
  mergeRecords,
  previewMerge,
  unmergeRecords,
  updatePerson,
} from './persons.service.ts';

/** Registry staff. Providers, departments and auditors have narrower views (later issues), never the registry. */

export function personRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['persons'];

    app.get(
      '/api/persons',
      {
        schema: { tags, querystring: PersonListQuery, response: withErrors({ 200: PersonPageBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return listPersons(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.post(
      '/api/persons',
      {
        schema: { tags, body: PersonCreate, response: withErrors({ 201: PersonCreatedBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const result = await createPerson(ctx, user, actorOf(user, request), request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/persons/break-glass',
      {
        schema: { tags, body: BreakGlassBody, response: withErrors({ 200: BreakGlassResult }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return breakGlass(ctx, user, actorOf(user, request), request.body.idNumber, request.body.reason);
      },
    );

    // Merging duplicate records (issue 24 part 3): whoever may edit both records, both in scope (else 404).
    app.get(
      '/api/persons/merge-preview',
      {
        schema: { tags, querystring: PersonMergePreviewQuery, response: withErrors({ 200: PersonMergePreviewBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return previewMerge(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.post(
      '/api/persons/merge',
      {
        schema: { tags, body: PersonMergeBody, response: withErrors({ 200: PersonMergedBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return mergeRecords(ctx, user, actorOf(user, request), request.body);
      },
    );

    app.post(
      '/api/persons/merges/:mergeId/undo',
      {
        schema: { tags, params: MergeIdParam, response: withErrors({ 200: PersonUnmergedBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return unmergeRecords(ctx, user, actorOf(user, request), request.params.mergeId);
      },
    );

    app.get(
      '/api/persons/:id/merges',
      {
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: PersonMergesBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, REGISTRY_ROLES, 'person.read_merges');
        return { items: await listMerges(ctx.db, person.id) };
      },
    );

    app.get(
      '/api/persons/lookup',
      {
        schema: { tags, querystring: PersonLookupQuery, response: withErrors({ 200: PersonBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return lookupPerson(ctx, user, actorOf(user, request), request.query.idNumber);
      },
    );

    app.get(
      '/api/persons/:id',
      {
        schema: { tags, params: PersonIdParam, querystring: PersonGetQuery, response: withErrors({ 200: PersonBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return getPerson(ctx, user, actorOf(user, request), request.params.id, request.query.reveal === 'idNumber');
      },
    );

    app.patch(
      '/api/persons/:id',
      {
        schema: { tags, params: PersonIdParam, body: PersonPatch, response: withErrors({ 200: PersonUpdatedBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY_ROLES);
        return updatePerson(ctx, user, actorOf(user, request), request.params.id, request.body);
      },
    );

    app.get(
      '/api/persons/:id/history',
      {
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: PersonHistoryBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, REGISTRY_ROLES, 'person.read_history');
        const rows = await listHistory(ctx.db, person.id);
        return {
          items: rows.map((r) => ({
            version: r.version,
            at: r.at,
            kind: r.kind,
            actor: { username: r.username, displayName: r.display_name, role: r.role },
            changes: r.changes,
          })),
        };
      },
    );

    app.get(
      '/api/persons/:id/episodes',
      {
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: PersonEpisodesBody }) },
        config: { access: REGISTRY_ROLES },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, REGISTRY_ROLES, 'person.read_episodes');
        const rows = await listEpisodes(ctx.db, person.id);
        const refs = await divisionRefs(
          ctx.db,
          rows.map((r) => r.residence_division),
        );
        return {
          items: rows.map((r) => ({
            residenceDivision: refs.get(r.residence_division) ?? {
              code: r.residence_division,
              name: r.residence_division,
              fullName: r.residence_division,
              level: 0,
            },
            address: r.residence_address,
            arrivedOn: r.arrived_on,
            departedOn: r.departed_on,
          })),
        };
      },
    );

    app.get(
      '/api/persons/:id/access-log',
      {
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: PersonAccessLogBody }) },
        config: { access: [...REGISTRY_ROLES, 'auditor'] },
      },
      async (request) => {
        // Auditors see any person's access log in their county; the check still goes through scope.
        const { person } = await personOfRequest(
          ctx,
          request,
          [...REGISTRY_ROLES, 'auditor'],
          'person.read_access_log',
        );
        // A survivor's log includes the accesses to the records merged into it (audit rows are never rewritten).
        const rows = await listPersonAccess(ctx.db, [person.id, ...(await mergedRecordIds(ctx.db, person.id))]);
        return {
          items: rows.map((r) => ({
            at: r.at,
            action: r.action,
            actor: {
              username: r.actor_username,
              displayName: r.display_name,
              role: r.actor_role,
              division: r.actor_division
                ? {
                    code: r.actor_division,
                    name: r.division_name ?? r.actor_division,
                    fullName: r.division_full_name ?? r.actor_division,
                    level: levelOf(r.actor_division),
                  }
                : null,
            },
          })),
        };
      },
    );
  };
}
