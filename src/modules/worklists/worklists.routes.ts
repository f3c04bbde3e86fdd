import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { WORK_KINDS, WORK_STATUSES } from '../../core/deadlines.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { CHECK_ROLES, ISSUE_ROLES } from '../../core/roles.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { complaintWorklist } from '../complaints/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { decryptPhone, PersonIdParam, personOfRequest } from '../persons/index.ts';
import { restockAlerts } from '../supplies/index.ts';
import { PersonWorkItems, WorkItemPage, WorklistSummary } from './worklists.schema.ts';
import { computeItems, countsByKind, countsWithin } from './worklists.service.ts';

const ItemsQuery = z.strictObject({
  kind: z.enum(WORK_KINDS).optional(),
  status: z.enum(WORK_STATUSES).optional(),
  division: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** Shown under the work lists: how check-up items are satisfied (issue 4). */
const CHECKUP_NOTE = {
  zh: '体检类事项在登记体检服务记录（已提供或本人谢绝）后即为已办；谢绝不影响任何其他事项。',
  en: 'A check-up item is done once a check-up is recorded, given or declined; declining never blocks anything.',
};

export function worklistRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['worklists'];

    app.get(
      '/api/worklists/summary',
      { config: { access: CHECK_ROLES }, schema: { tags, response: withErrors({ 200: WorklistSummary }) } },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const items = await computeItems(ctx, user.divisionCode);
        const children = await ctx.db
          .selectFrom('division')
          .select('code')
          .where('parent_code', '=', user.divisionCode)
          .orderBy('code')
          .execute();
        const staff = await scoped(ctx.db, user)
          .selectFrom('app_user')
          .select(['username', 'display_name', 'role', 'division_code'])
          .where('active', '=', true)
          .where('role', 'in', [...CHECK_ROLES])
          .orderBy('division_code')
          .execute();
        const refs = await divisionRefs(ctx.db, [...children.map((c) => c.code), ...staff.map((s) => s.division_code)]);
        return {
          today: today(),
          rules: ctx.config.deadlines,
          totals: countsWithin(items, ''),
          byKind: countsByKind(items),
          byDivision: children
            .map((c) => ({ division: refs.get(c.code) ?? null, ...countsWithin(items, subtree(c.code).prefix) }))
            .filter((d) => d.due + d.overdue + d.done > 0),
          byStaff: staff.map((s) => ({
            username: s.username,
            displayName: s.display_name,
            role: s.role,
            division: refs.get(s.division_code) ?? null,
            ...countsWithin(items, subtree(s.division_code).prefix),
          })),
          note: CHECKUP_NOTE,
          // 便民维权: open complaints due and overdue (overdue ones are escalated), issue 9.
          complaints: await complaintWorklist(ctx, user.divisionCode),
          restock: await restockAlerts(ctx, user.divisionCode),
        };
      },
    );

    app.get(
      '/api/worklists/items',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, querystring: ItemsQuery, response: withErrors({ 200: WorkItemPage }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const q = request.query;
        if (q.division && !isWithin(q.division, user.divisionCode)) {
          throw AppError.validation([
            fieldIssue('division', fieldLabel('division'), {
              zh: '须在您的辖区内',
              en: 'must be inside your jurisdiction',
            }),
          ]);
        }
        const all = await computeItems(ctx, q.division ?? user.divisionCode);
        const filtered = all
          .filter((i) => (!q.kind || i.kind === q.kind) && (!q.status || i.status === q.status))
          .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.personId.localeCompare(b.personId));
        const page = filtered.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
        const ids = [...new Set(page.map((i) => i.personId).filter(Boolean))];
        const people = ids.length
          ? await ctx.db
              .selectFrom('person')
              .select(['id', 'name', 'id_masked', 'residence_division', 'phone'])
              .where('id', 'in', ids)
              .execute()
          : [];
        if (ids.length > 0) {
          await ctx.readAudit.append(actorOf(user, request), {
            action: 'worklist.list',
            entity: 'person',
            personIds: ids,
          });
        }
        const byId = new Map(people.map((p) => [p.id, p]));
        const refs = await divisionRefs(
          ctx.db,
          people.map((p) => p.residence_division),
        );
        return {
          items: page.map((i) => {
            const p = byId.get(i.personId);
            return {
              ...i,
              person: p
                ? {
                    id: p.id,
                    name: p.name,
                    idNumberMasked: p.id_masked,
                    phone: decryptPhone(ctx.pii, p.phone),
                    residenceDivision: refs.get(p.residence_division) ?? null,
                  }
                : null,
            };
          }),
          total: filtered.length,
          page: q.page,
          pageSize: q.pageSize,
          note: CHECKUP_NOTE,
        };
      },
    );

    // The person page's 待办: the same items as the lists above, narrowed to one person; open ones only.
    app.get(
      '/api/persons/:id/work-items',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: PersonWorkItems }) },
      },
      async (request) => {
        const { user, person } = await personOfRequest(ctx, request, CHECK_ROLES, 'person.read_work_items');
        const all = await computeItems(ctx, user.divisionCode, today(), person.id);
        const items = all
          .filter((i) => i.status !== 'done')
          .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
        // Which certificate this user may issue the person (未持证明 → offer one): standard only at the origin.
        const issueKinds = ISSUE_ROLES.includes(user.role)
          ? isWithin(person.hukou_division, user.divisionCode)
            ? ['standard', 'temporary']
            : ['temporary']
          : [];
        return { items, issueKinds, note: CHECKUP_NOTE };
      },
    );
  };
}
