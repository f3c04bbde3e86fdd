/**
 * The services page's default list: services recorded inside the user's jurisdiction, newest first, with who
 * received them (name and masked ID only). Every person shown is in the read audit.
 */
import type { AppContext } from '../../context.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { serviceView } from './services.view.ts';

export async function recentServices(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  query: { page: number; pageSize: number },
) {
  const base = scoped(ctx.db, user).selectFrom('service_record as s').innerJoin('person as p', 'p.id', 's.person_id');
  const [rows, count] = await Promise.all([
    base
      .leftJoin('facility as f', 'f.id', 's.facility_id')
      .selectAll('s')
      .select(['f.name as facility_name', 'p.name as person_name', 'p.id_masked as person_id_masked'])
      .orderBy('s.service_date', 'desc')
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (rows.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'service.list',
      entity: 'person',
      personIds: [...new Set(rows.map((r) => r.person_id))],
    });
  }
  return {
    items: rows.map((r) => ({
      ...serviceView(r),
      person: { id: r.person_id, name: r.person_name, idNumberMasked: r.person_id_masked },
    })),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}
