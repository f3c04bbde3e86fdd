/**
 * 部门接口密钥: the county administrator creates a key for a partner department (shown once), sees each key's last
 * use, and revokes it. The same functions serve `liudong dept-keys`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DEFAULT_DEPT_SCOPES, DEPT_SCOPES, type DeptScope } from '../../core/dept-scopes.ts';
import { AppError, IssueCollector } from '../../core/errors.ts';
import type { Role } from '../../db/schema.ts';
import { subtree } from '../../db/scoped.ts';
import { withErrors } from '../../http/responses.ts';
import { lineText, uuid } from '../../http/schema-fields.ts';
import { optionalReason } from '../../http/schema-reason.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { checkDivisionField } from '../divisions/index.ts';
import { createDeptKey, listDeptKeys, revokeDeptKeyById } from './dept.keys.ts';

/** Partner departments work with the county, so their keys are the county administrator's. */
export const DEPT_KEY_ROLES: readonly Role[] = ['county_admin'];

const KEY = { zh: '部门接口密钥', en: 'Department key' };
const DIVISION = { zh: '查询范围', en: 'Area' };

const CreateBody = z.strictObject({
  department: lineText(64, 2),
  divisionCode: z.string().trim().min(1).max(12),
  /** What the key may do; the status check alone when left out (issue 26 part 6 adds permit submissions). */
  scopes: z.array(z.enum(DEPT_SCOPES)).min(1).max(DEPT_SCOPES.length).optional(),
});
const IdParam = z.strictObject({ id: uuid });
const RevokeBody = z.strictObject({ reason: optionalReason }).nullish();

const instant = z.string().describe('ISO 8601 instant');
const DeptKeyView = z.object({
  id: z.string(),
  /** The first characters of the key, enough to tell keys apart; the key itself is never stored. */
  prefix: z.string(),
  department: z.string(),
  division: z.object({ code: z.string(), fullName: z.string() }),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
  scopes: z.array(z.enum(DEPT_SCOPES)),
});
type DeptKeyView = z.infer<typeof DeptKeyView>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

type ListedKey = Awaited<ReturnType<typeof listDeptKeys>>[number];
function keyView(row: ListedKey): DeptKeyView {
  return {
    id: row.id,
    prefix: row.key_prefix,
    department: row.department,
    division: { code: row.division_code, fullName: row.division_full_name },
    createdAt: iso(row.created_at) as string,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    scopes: row.scopes.filter((s): s is DeptScope => (DEPT_SCOPES as readonly string[]).includes(s)),
  };
}

export function deptKeyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['dept'];
    const config = { access: DEPT_KEY_ROLES };

    async function viewOf(id: string, like: string): Promise<DeptKeyView> {
      const row = (await listDeptKeys(ctx.db, like)).find((r) => r.id === id);
      if (!row) throw AppError.notFound(KEY);
      return keyView(row);
    }

    app.get(
      '/api/dept-keys',
      { config, schema: { tags, response: withErrors({ 200: z.object({ items: z.array(DeptKeyView) }) }) } },
      async (request) => {
        const admin = requireUser(request, DEPT_KEY_ROLES);
        return { items: (await listDeptKeys(ctx.db, subtree(admin.divisionCode).like)).map(keyView) };
      },
    );

    app.post(
      '/api/dept-keys',
      {
        config,
        schema: {
          tags,
          body: CreateBody,
          response: withErrors({
            201: z.object({ key: DeptKeyView, secret: z.string().describe('the key itself, shown once') }),
          }),
        },
      },
      async (request, reply) => {
        const admin = requireUser(request, DEPT_KEY_ROLES);
        const issues = new IssueCollector();
        const code = await checkDivisionField(
          ctx.db,
          issues,
          { path: 'divisionCode', label: DIVISION, value: request.body.divisionCode },
          admin.divisionCode,
        );
        issues.throwIfAny();
        const actor = actorOf(admin, request);
        const created = await ctx.db.transaction().execute(async (trx) => {
          const scopes = request.body.scopes ?? DEFAULT_DEPT_SCOPES;
          const key = await createDeptKey(trx, {
            department: request.body.department,
            divisionCode: code as string,
            scopes,
          });
          await writeAudit(trx, actor, {
            action: 'dept_key.create',
            entity: 'dept_api_key',
            entityId: key.id,
            details: { department: request.body.department, division: code, prefix: key.prefix, scopes },
          });
          return key;
        });
        const key = await viewOf(created.id, subtree(admin.divisionCode).like);
        return reply.code(201).send({ key, secret: created.key });
      },
    );

    app.post(
      '/api/dept-keys/:id/revoke',
      {
        config,
        schema: {
          tags,
          params: IdParam,
          body: RevokeBody,
          response: withErrors({ 200: z.object({ key: DeptKeyView }) }),
        },
      },
      async (request) => {
        const admin = requireUser(request, DEPT_KEY_ROLES);
        const like = subtree(admin.divisionCode).like;
        const reason = request.body?.reason || null;
        const actor = actorOf(admin, request);
        await ctx.db.transaction().execute(async (trx) => {
          const result = await revokeDeptKeyById(trx, request.params.id, like);
          if (result.outcome === 'not_found') throw AppError.notFound(KEY);
          if (result.outcome === 'already') {
            throw new AppError('VERSION_CONFLICT', 409, {
              zh: '该密钥已被吊销，可能其他管理员刚刚处理过，请刷新后查看',
              en: 'This key is already revoked; another administrator may just have done it. Refresh to see it',
            });
          }
          await writeAudit(trx, actor, {
            action: 'dept_key.revoke',
            entity: 'dept_api_key',
            entityId: request.params.id,
            details: {
              department: result.row?.department,
              prefix: result.row?.key_prefix,
              ...(reason ? { reason } : {}),
            },
          });
        });
        return { key: await viewOf(request.params.id, like) };
      },
    );
  };
}
