/**
 * 用户管理: staff accounts for the county administrator (the county) and township officers (their own staff).
 * Thin routes: the rules are in users.service.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import {
  CreateUserBody,
  OptionalReasonBody,
  ReasonBody,
  UserActionResult,
  UserIdParam,
  UserList,
  UserListQuery,
} from './users.schema.ts';
import { actOnUser, createUser, listUsers, USER_ADMIN_ROLES, type UserAction } from './users.service.ts';

export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['users'];
    const config = { access: USER_ADMIN_ROLES };

    app.get(
      '/api/users',
      { config, schema: { tags, querystring: UserListQuery, response: withErrors({ 200: UserList }) } },
      async (request) => listUsers(ctx, requireUser(request, USER_ADMIN_ROLES), request.query),
    );

    app.post(
      '/api/users',
      { config, schema: { tags, body: CreateUserBody, response: withErrors({ 201: UserActionResult }) } },
      async (request, reply) => {
        const admin = requireUser(request, USER_ADMIN_ROLES);
        const { divisionCode, ...rest } = request.body;
        const created = await createUser(ctx, admin, actorOf(admin, request), { ...rest, division: divisionCode });
        return reply.code(201).send(created);
      },
    );

    /** One route per action; those that take access away or reset the second factor need a reason. */
    const actions: [string, UserAction, typeof ReasonBody | typeof OptionalReasonBody][] = [
      ['password-reset', 'password_reset', OptionalReasonBody],
      ['lock', 'lock', ReasonBody],
      ['unlock', 'unlock', OptionalReasonBody],
      ['totp-reset', 'totp_reset', ReasonBody],
      ['deactivate', 'deactivate', ReasonBody],
    ];
    for (const [path, action, body] of actions) {
      app.post(
        `/api/users/:id/${path}`,
        { config, schema: { tags, params: UserIdParam, body, response: withErrors({ 200: UserActionResult }) } },
        async (request) => {
          const admin = requireUser(request, USER_ADMIN_ROLES);
          const reason = request.body?.reason || null;
          return actOnUser(ctx, admin, actorOf(admin, request), request.params.id, action, reason);
        },
      );
    }
  };
}
