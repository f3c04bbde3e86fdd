/** What reminders were sent (issue 26 part 5): the console's list, in the user's area, newest first. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { chinaDayStart } from '../../core/china-time.ts';
import { REMINDER_KIND_LABELS, REMINDER_KINDS, REMINDER_OUTCOMES } from '../../core/reminders.ts';
import { SERVICE_STAFF } from '../../core/roles.ts';
import { scoped } from '../../db/scoped.ts';
import { Instant, Localized, paged } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { dateField } from '../../http/schema-fields.ts';
import { actorOf, requireUser } from '../../http/session.ts';

const ReminderQuery = z.strictObject({
  kind: z.enum(REMINDER_KINDS).optional(),
  outcome: z.enum(REMINDER_OUTCOMES).optional(),
  from: dateField().optional(),
  to: dateField().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const ReminderPage = paged(
  z.object({
    id: z.string(),
    at: Instant,
    kind: z.enum(REMINDER_KINDS),
    kindLabel: Localized,
    outcome: z.enum(REMINDER_OUTCOMES),
    text: z.string(),
    person: z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string() }),
  }),
);

export function reminderRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/reminders',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags: ['reminders'], querystring: ReminderQuery, response: withErrors({ 200: ReminderPage }) },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        const q = request.query;
        let base = scoped(ctx.db, user).selectFrom('reminder_log as l');
        if (q.kind) base = base.where('l.kind', '=', q.kind);
        if (q.outcome) base = base.where('l.outcome', '=', q.outcome);
        if (q.from) base = base.where('l.at', '>=', chinaDayStart(q.from));
        if (q.to) base = base.where('l.at', '<', new Date(chinaDayStart(q.to).getTime() + 86_400_000));
        const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        const rows = await base
          .innerJoin('person as p', 'p.id', 'l.person_id')
          .select(['l.id', 'l.at', 'l.kind', 'l.outcome', 'l.text', 'l.person_id', 'p.name', 'p.id_masked'])
          .orderBy('l.at', 'desc')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute();
        if (rows.length > 0) {
          await ctx.readAudit.append(actorOf(user, request), {
            action: 'reminders.list',
            entity: 'person',
            personIds: [...new Set(rows.map((r) => r.person_id))],
          });
        }
        return {
          items: rows.map((r) => ({
            id: r.id,
            at: r.at,
            kind: r.kind,
            kindLabel: REMINDER_KIND_LABELS[r.kind],
            outcome: r.outcome,
            text: r.text,
            person: { id: r.person_id, name: r.name, idNumberMasked: r.id_masked },
          })),
          total: Number(total.n),
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );
  };
}
