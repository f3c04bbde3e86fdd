/**
 * Duty logs (值班记录) and visits (走访记录). Recording or opening a person's visits shows the services due
 * for them, from the work-list rules (core/deadlines.ts via worklists.computeItems): nothing is re-derived here.
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import type { WorkItem } from '../../core/deadlines.ts';
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError, IssueCollector } from '../../core/errors.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { requirePersonInScope } from '../persons/index.ts';
import { computeItems } from '../worklists/index.ts';
import { notInScopeIssue } from './community.scope.ts';
import {
  dutyLogsOf,
  findGroup,
  findHousehold,
  insertDutyLog,
  insertVisit,
  visitsQuery,
} from './households.repository.ts';
import type { DutyLogCreate, VisitCreate, VisitQuery } from './households.schema.ts';
import { GROUP, HOUSEHOLD } from './households.service.ts';

const PERSON = { zh: '人员', en: 'Person' };

export async function listDutyLogs(ctx: AppContext, user: SessionUser, groupId: string) {
  const group = await findGroup(scoped(ctx.db, user), groupId);
  if (!group) throw AppError.notFound(GROUP);
  const rows = await dutyLogsOf(ctx.db, groupId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      dutyDate: r.duty_date,
      householdId: r.household_id,
      householdAddress: r.household_address,
      activities: r.activities,
      issues: r.issues,
      recordedBy: r.recorded_by,
      createdAt: r.created_at,
    })),
  };
}

/** A duty log; without a household it is filed for the household on duty that month. */
export async function createDutyLog(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  groupId: string,
  input: DutyLogCreate,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const group = await findGroup(scope, groupId);
    if (!group) throw AppError.notFound(GROUP);
    let householdId = input.householdId;
    if (householdId) {
      const h = await findHousehold(scope, householdId);
      if (!h || h.group_id !== groupId) throw AppError.validation([notInScopeIssue('householdId')]);
    } else {
      const onDuty = await trx
        .selectFrom('duty_roster')
        .select('household_id')
        .where('group_id', '=', groupId)
        .where('month', '=', input.dutyDate.slice(0, 7))
        .executeTakeFirst();
      householdId = onDuty?.household_id ?? null;
    }
    const row = await insertDutyLog(trx, {
      group_id: groupId,
      household_id: householdId,
      division_code: group.division_code,
      duty_date: input.dutyDate,
      activities: input.activities,
      issues: input.issues,
      created_by: user.id,
    });
    await writeAudit(trx, actor, { action: 'duty_log.create', entity: 'duty_log', entityId: row.id });
    return {
      dutyLog: {
        id: row.id,
        dutyDate: row.duty_date,
        householdId: row.household_id,
        activities: row.activities,
        issues: row.issues,
      },
    };
  });
}

/** Open work items (due or overdue) for one person, from the work-list rules. */
export async function dueServicesFor(
  ctx: AppContext,
  person: { id: string; residence_division: string; hukou_division: string },
): Promise<WorkItem[]> {
  // Arrival and check-up items are filed under the residence village; certificate renewals under the
  // issuing office, which is normally the origin. Both divisions are village level, so each scan is small.
  const divisions = [...new Set([person.residence_division, person.hukou_division])].filter((d) => levelOf(d) >= 4);
  const items: WorkItem[] = [];
  for (const division of divisions) {
    for (const item of await computeItems(ctx, division, today(), person.id)) {
      if (item.personId === person.id && item.status !== 'done') items.push(item);
    }
  }
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.kind}:${i.dueOn}:${i.certificateId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type VisitRow = Awaited<ReturnType<ReturnType<typeof visitsQuery>['execute']>>[number];

function visitView(r: VisitRow) {
  return {
    id: r.id,
    divisionCode: r.division_code,
    personId: r.person_id,
    personName: r.person_name,
    personIdMasked: r.person_id_masked,
    householdId: r.household_id,
    householdAddress: r.household_address,
    representativeId: r.representative_id,
    representativeName: r.representative_name,
    visitedOn: r.visited_on,
    purpose: r.purpose,
    outcome: r.outcome,
    notes: r.notes,
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
  };
}

export async function createVisit(ctx: AppContext, user: SessionUser, actor: Actor, input: VisitCreate) {
  const issues = new IssueCollector();
  if (input.visitedOn > today()) {
    throw AppError.validation([
      {
        path: 'visitedOn',
        message: { zh: '走访日期：不能晚于今天', en: 'Visit date: must not be in the future' },
      },
    ]);
  }
  const result = await ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const person = input.personId
      ? await scope
          .selectFrom('person')
          .select(['id', 'residence_division', 'hukou_division'])
          .where('id', '=', input.personId)
          .executeTakeFirst()
      : undefined;
    if (input.personId && !person) throw AppError.notFound(PERSON);
    const household = input.householdId ? await findHousehold(scope, input.householdId) : undefined;
    if (input.householdId && !household) throw AppError.notFound(HOUSEHOLD);
    if (input.representativeId) {
      const rep = await scope
        .selectFrom('village_representative')
        .select('id')
        .where('id', '=', input.representativeId)
        .executeTakeFirst();
      if (!rep) issues.add(notInScopeIssue('representativeId'));
    }
    issues.throwIfAny();
    // Filed where the visit happened: the household's village, else the person's residence when it is in
    // scope (an outflow person registered here but living elsewhere is filed under the user's office).
    const division =
      household?.division_code ??
      (person && isWithin(person.residence_division, user.divisionCode)
        ? person.residence_division
        : user.divisionCode);
    const row = await insertVisit(trx, {
      division_code: division,
      person_id: person?.id ?? null,
      household_id: household?.id ?? null,
      representative_id: input.representativeId,
      visited_on: input.visitedOn,
      purpose: input.purpose,
      outcome: input.outcome,
      notes: input.notes,
      created_by: user.id,
    });
    await writeAudit(trx, actor, {
      action: 'visit.create',
      entity: 'visit',
      entityId: row.id,
      ...(person ? { personIds: [person.id] } : {}),
    });
    const view = await visitsQuery(trx).where('v.id', '=', row.id).executeTakeFirstOrThrow();
    return { visit: visitView(view), person };
  });
  const due = result.person ? await dueServicesFor(ctx, result.person) : [];
  return { visit: result.visit, due };
}

export async function listVisits(ctx: AppContext, user: SessionUser, actor: Actor, query: VisitQuery) {
  let q = visitsQuery(ctx.db).where(subtree(user).on('visit', 'v'));
  if (query.division) q = q.where(subtree(query.division).on('visit', 'v'));
  if (query.householdId) q = q.where('v.household_id', '=', query.householdId);
  if (query.from) q = q.where('v.visited_on', '>=', query.from);
  if (query.to) q = q.where('v.visited_on', '<=', query.to);
  const rows = await q
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.created_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const personIds = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
  if (personIds.length > 0) await ctx.readAudit.append(actor, { action: 'visit.list', entity: 'visit', personIds });
  return { items: rows.map(visitView), page: query.page, pageSize: query.pageSize };
}

/** A person's visits and the services due for them (the reminder shown when staff visit). */
export async function personVisits(ctx: AppContext, user: SessionUser, actor: Actor, personId: string) {
  const person = await requirePersonInScope(ctx, user, actor, personId, 'person.read_visits');
  const rows = await visitsQuery(ctx.db)
    .where('v.person_id', '=', person.id)
    .orderBy('v.visited_on', 'desc')
    .limit(100)
    .execute();
  return { items: rows.map(visitView), due: await dueServicesFor(ctx, person) };
}
