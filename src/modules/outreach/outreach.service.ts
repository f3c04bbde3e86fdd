/**
 * Outreach events (宣传活动): the 条例 publicity month, holiday outreach when migrants travel home, March 8
 * service days, service days at a workplace. Each records place, date, materials handed out, attendance and
 * the services given there; the figures feed the annual summary.
 */
import type { AppContext } from '../../context.ts';
import { isWithin, LEVEL_PREFIX_LENGTH, levelOf } from '../../core/divisions.ts';
import { AppError, IssueCollector } from '../../core/errors.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { notInScopeIssue, requireDivisionInScope } from '../households/index.ts';
import { outreachFigures, sumFigures } from './outreach.repository.ts';
import type { EventCreate, EventQuery } from './outreach.schema.ts';

const EVENT = { zh: '宣传活动', en: 'Outreach event' };

/** Events in the user's scope, with what the list shows. */
function eventQuery(ctx: AppContext, user: SessionUser) {
  return scoped(ctx.db, user)
    .selectFrom('outreach_event as e')
    .leftJoin('employer_landlord as p', 'p.id', 'e.party_id')
    .selectAll('e')
    .select([
      'p.name as party_name',
      (eb) =>
        eb
          .selectFrom('outreach_event_service as s')
          .whereRef('s.event_id', '=', 'e.id')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('linked_services'),
    ]);
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['execute']>>[number];

function eventView(r: EventRow) {
  return {
    id: r.id,
    divisionCode: r.division_code,
    kind: r.kind,
    title: r.title,
    place: r.place,
    heldOn: r.held_on,
    materialsCount: r.materials_count,
    materials: r.materials,
    attendance: r.attendance,
    servicesCount: r.services_count,
    linkedServices: Number(r.linked_services ?? 0),
    partyId: r.party_id,
    partyName: r.party_name,
    notes: r.notes,
  };
}

export async function createEvent(ctx: AppContext, user: SessionUser, actor: Actor, input: EventCreate) {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await requireDivisionInScope(trx, user, input.divisionCode, 'divisionCode', false);
    const scope = scoped(trx, user);
    const issues = new IssueCollector();
    if (input.partyId) {
      const party = await scope
        .selectFrom('employer_landlord')
        .select('id')
        .where('id', '=', input.partyId)
        .executeTakeFirst();
      if (!party) issues.add(notInScopeIssue('partyId'));
    }
    const serviceIds = [...new Set(input.serviceRecordIds)];
    const services =
      serviceIds.length === 0
        ? []
        : await scope.selectFrom('service_record').select(['id', 'person_id']).where('id', 'in', serviceIds).execute();
    if (services.length !== serviceIds.length) issues.add(notInScopeIssue('serviceRecordIds'));
    issues.throwIfAny();
    const row = await trx
      .insertInto('outreach_event')
      .values({
        division_code: input.divisionCode,
        kind: input.kind,
        title: input.title,
        place: input.place,
        held_on: input.heldOn,
        materials_count: input.materialsCount,
        materials: input.materials,
        attendance: input.attendance,
        services_count: input.servicesCount,
        party_id: input.partyId,
        notes: input.notes,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (services.length > 0) {
      await trx
        .insertInto('outreach_event_service')
        .values(services.map((s) => ({ event_id: row.id, service_record_id: s.id, division_code: input.divisionCode })))
        .execute();
    }
    await writeAudit(trx, actor, {
      action: 'outreach.create',
      entity: 'outreach_event',
      entityId: row.id,
      ...(services.length > 0 ? { personIds: [...new Set(services.map((s) => s.person_id))] } : {}),
      details: { kind: input.kind, materials: input.materialsCount, attendance: input.attendance },
    });
    return row.id;
  });
  return getEvent(ctx, user, id);
}

export async function getEvent(ctx: AppContext, user: SessionUser, id: string) {
  const row = await eventQuery(ctx, user).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound(EVENT);
  return { event: eventView(row) };
}

export async function listEvents(ctx: AppContext, user: SessionUser, query: EventQuery) {
  let q = eventQuery(ctx, user);
  if (query.kind) q = q.where('e.kind', '=', query.kind);
  if (query.from) q = q.where('e.held_on', '>=', query.from);
  if (query.to) q = q.where('e.held_on', '<=', query.to);
  const rows = await q
    .orderBy('e.held_on', 'desc')
    .orderBy('e.created_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(eventView), page: query.page, pageSize: query.pageSize };
}

/** Figures for a period, per child division of the asked one (default: the user's own division). */
export async function figures(
  ctx: AppContext,
  user: SessionUser,
  query: { from: string; to: string; division?: string | undefined },
) {
  const division = query.division ?? user.divisionCode;
  if (!isWithin(division, user.divisionCode)) {
    throw AppError.validation([notInScopeIssue('division')]);
  }
  const level = levelOf(division);
  const groupLength = LEVEL_PREFIX_LENGTH[level === 5 ? 5 : ((level + 1) as 2 | 3 | 4 | 5)] as 4 | 6 | 9 | 12;
  const rows = await outreachFigures(ctx.db, {
    prefix: subtree(division).prefix,
    from: query.from,
    to: query.to,
    groupLength,
  });
  const refs = await divisionRefs(ctx.db, [division, ...rows.map((r) => r.divisionCode)]);
  return {
    from: query.from,
    to: query.to,
    total: { ...sumFigures(rows, division), divisionName: refs.get(division)?.fullName ?? division },
    byDivision: rows.map((r) => ({ ...r, divisionName: refs.get(r.divisionCode)?.name ?? r.divisionCode })),
  };
}
