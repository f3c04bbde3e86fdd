import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { scopePrefix } from '../../core/divisions.ts';
import { requireUser } from '../auth/session.ts';

const AuditQuery = z.strictObject({
  action: z.string().max(60).optional(),
  username: z.string().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'not_found', 'failed']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    /** The auditor's view of the log, limited to actors working inside the auditor's jurisdiction. */
    app.get(
      '/api/audit',
      { schema: { tags: ['audit'], querystring: AuditQuery }, config: { access: ['auditor', 'county_admin'] } },
      async (request) => {
        const user = requireUser(request, ['auditor', 'county_admin']);
        const { action, username, outcome, page, pageSize } = request.query;
        let q = ctx.db
          .selectFrom('audit_log')
          .where((eb) =>
            eb.or([
              eb('actor_division', 'like', `${scopePrefix(user.divisionCode)}%`),
              eb('actor_division', 'is', null),
            ]),
          );
        if (action) q = q.where('action', '=', action);
        if (username) q = q.where('actor_username', '=', username);
        if (outcome) q = q.where('outcome', '=', outcome);
        const rows = await q
          .select([
            'seq',
            'at',
            'actor_username',
            'actor_role',
            'actor_division',
            'action',
            'outcome',
            'entity',
            'entity_id',
            'ip',
            'hash',
          ])
          .orderBy('seq', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute();
        return { items: rows.map((r) => ({ ...r, sealed: r.hash !== null, hash: undefined })), page, pageSize };
      },
    );
  };
}
