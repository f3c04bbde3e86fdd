/** Misuse incidents (伪造、变造证明): recorded at the checking office and referred to public security. */
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';

const INCIDENT = { zh: '事件', en: 'Incident' };

export async function listIncidents(ctx: AppContext, user: SessionUser) {
  const rows = await scoped(ctx.db, user)
    .selectFrom('misuse_incident as i')
    .innerJoin('certificate_check as k', 'k.id', 'i.check_id')
    .leftJoin('app_user as u', 'u.id', 'i.created_by')
    .leftJoin('division as d', 'd.code', 'i.division_code')
    .select([
      'i.id',
      'i.status',
      'i.reason',
      'i.place',
      'i.presented',
      'i.referred_to',
      'i.referred_at',
      'i.notes',
      'i.created_at',
      'k.method',
      'u.display_name',
      'd.full_name',
    ])
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    place: r.place,
    // What was presented, shortened: enough to match the physical document, not a copy of it.
    presented: r.presented.length > 60 ? `${r.presented.slice(0, 60)}…` : r.presented,
    method: r.method,
    referredTo: r.referred_to,
    referredAt: r.referred_at,
    notes: r.notes,
    detectedAt: r.created_at,
    detectedBy: r.display_name,
    division: r.full_name,
  }));
}

export async function referIncident(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { referredTo: string; notes?: string | undefined },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('misuse_incident')
      .set({
        status: 'referred',
        referred_to: input.referredTo,
        referred_at: new Date(),
        referred_by: user.id,
        notes: input.notes ?? null,
      })
      .where('id', '=', id)
      .where(subtree(user).on('misuse_incident'))
      .where('status', '=', 'open')
      .returning(['id', 'status', 'referred_to', 'referred_at'])
      .executeTakeFirst();
    if (!row) throw AppError.notFound(INCIDENT);
    await writeAudit(trx, actor, {
      action: 'incident.refer',
      entity: 'misuse_incident',
      entityId: id,
      details: { referredTo: input.referredTo },
    });
    return { incident: { id: row.id, status: row.status, referredTo: row.referred_to, referredAt: row.referred_at } };
  });
}
