/**
 * The auditor's view of the log: filters, paging, a CSV export, and break-glass grants flagged.
 * Limited to actors working inside the auditor's jurisdiction (plus anonymous and system rows).
 */

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { chinaToday } from '../../core/china-time.ts';
import { CSV_BOM, csvLine } from '../../core/csv.ts';
import { contentDisposition } from '../../core/filename.ts';
import type { Role } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import { withErrors } from '../../http/responses.ts';
import { dateField } from '../../http/schema-fields.ts';
import { actorOf, requireUser, type SessionUser } from '../../http/session.ts';
import { auditLines, readGroups } from './audit.page.ts';
import { writeAudit } from './audit.repository.ts';
import { AuditCsv, AuditPage, AuditStatus } from './audit.schema.ts';

const AUDIT_ROLES: readonly Role[] = ['auditor', 'county_admin'];
const EXPORT_LIMIT = 100_000;
const PAGE = 2000;

const dateParam = dateField();

const Filters = {
  action: z.string().max(60).optional(),
  username: z.string().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'not_found', 'failed']).optional(),
  personId: z.uuid().optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
};
const AuditQuery = z.strictObject({
  ...Filters,
  /** The `next` of the previous page: lines older than this row. */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const ExportQuery = z.strictObject(Filters);
type FilterValues = { [K in keyof typeof Filters]?: string };

function filtered(ctx: AppContext, user: SessionUser, f: FilterValues) {
  const scope = scoped(ctx.db, user);
  // Rows by anonymous or system actors (no division) are every auditor's.
  let q = ctx.db
    .selectFrom('audit_log')
    .where((eb) => eb.or([scope.on('audit_log')(eb), eb('actor_division', 'is', null)]));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.username) q = q.where('actor_username', '=', f.username);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.personId) q = q.where('person_id', '=', f.personId);
  if (f.from) q = q.where('at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) q = q.where('at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000));
  return q.select([
    'seq',
    'at',
    'actor_id',
    'actor_username',
    'actor_role',
    'actor_division',
    'action',
    'outcome',
    'entity',
    'entity_id',
    'person_id',
    'ip',
    'details',
    'hash',
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof filtered>['execute']>>[number];

function view(r: Row) {
  const details = r.details ?? {};
  return {
    seq: r.seq,
    at: r.at,
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    actorDivision: r.actor_division,
    action: r.action,
    outcome: r.outcome,
    entity: r.entity,
    entityId: r.entity_id,
    personId: r.person_id,
    ip: r.ip,
    sealed: r.hash !== null,
    // Break-glass grants are what an auditor must review first.
    flagged: details.flagged === true,
    reason: typeof details.reason === 'string' ? details.reason : null,
  };
}

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['audit'];
    app.get(
      '/api/audit',
      {
        schema: { tags, querystring: AuditQuery, response: withErrors({ 200: AuditPage }) },
        config: { access: AUDIT_ROLES },
      },
      async (request) => {
        const user = requireUser(request, AUDIT_ROLES);
        const { before, pageSize, ...filters } = request.query;
        const fetch = (from: string | null, limit: number) => {
          const q = filtered(ctx, user, filters).orderBy('seq', 'desc').limit(limit);
          return (from ? q.where('seq', '<', from) : q).execute();
        };
        const { groups, next } = await readGroups(fetch, pageSize, before ?? null);
        const items = await auditLines(scoped(ctx.db, user), groups);
        return { items, pageSize, next };
      },
    );

    /** The running server's latest check of the chain against the checkpoints (a break is shown on the page). */
    app.get(
      '/api/audit/status',
      { schema: { tags, response: withErrors({ 200: AuditStatus }) }, config: { access: AUDIT_ROLES } },
      async (request) => {
        requireUser(request, AUDIT_ROLES);
        return ctx.auditStatus;
      },
    );

    /** Streams up to 100k rows as CSV (UTF-8 with BOM so Excel shows Chinese); the export is itself audited. */
    app.get(
      '/api/audit/export',
      {
        schema: { tags, querystring: ExportQuery, response: withErrors({ 200: AuditCsv }) },
        config: { access: AUDIT_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, AUDIT_ROLES);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'audit.export',
          details: { filters: request.query },
        });
        const header = [
          'seq',
          'at',
          'actor',
          'role',
          'division',
          'action',
          'outcome',
          'entity',
          'entity_id',
          'person_id',
          'ip',
          'flagged',
          'reason',
          'sealed',
        ];
        async function* lines() {
          yield CSV_BOM + csvLine(header);
          let before: string | null = null;
          for (let sent = 0; sent < EXPORT_LIMIT; ) {
            let q = filtered(ctx, user, request.query).orderBy('seq', 'desc').limit(PAGE);
            if (before) q = q.where('seq', '<', before);
            const rows = await q.execute();
            for (const r of rows) {
              const v = view(r);
              yield csvLine([
                v.seq,
                v.at,
                v.actorUsername,
                v.actorRole,
                v.actorDivision,
                v.action,
                v.outcome,
                v.entity,
                v.entityId,
                v.personId,
                v.ip,
                v.flagged,
                v.reason,
                v.sealed,
              ]);
            }
            sent += rows.length;
            if (rows.length < PAGE) return;
            before = rows[rows.length - 1]?.seq ?? null;
          }
        }
        const stamp = chinaToday();
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', contentDisposition(`审计日志-${stamp}.csv`))
          .send(Readable.from(lines()));
      },
    );
  };
}
