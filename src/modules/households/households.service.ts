/**
 * Households, twelve-household groups (十二户联勤) and village representatives. Village managers run the
 * groups of their village; township and county officers see (and may help with) their subtree. Every read
 * that shows people is audited against those people; every write is audited in its transaction.
 */
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue, IssueCollector } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { addMonthsToMonth, generateRoster, RULE_TEXT } from '../../core/roster.ts';
import type { Db } from '../../db/database.ts';
import { type Scoped, scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { notInScopeIssue, requireDivisionInScope } from './community.scope.ts';
import {
  absencesOf,
  findGroup,
  findHousehold,
  findHouseholds,
  type GroupRow,
  type HouseholdRow,
  householdsOfGroup,
  insertGroup,
  insertHousehold,
  lastDutyMonths,
  membersOf,
  replaceMembers,
  rosterOf,
  setGroupHouseholds,
} from './households.repository.ts';
import type {
  GroupCreate,
  GroupUpdate,
  HouseholdCreate,
  HouseholdQuery,
  HouseholdUpdate,
} from './households.schema.ts';

export const HOUSEHOLD = { zh: '住户', en: 'Household' };
export const GROUP = { zh: '联勤小组', en: 'Household group' };

const conflict = () =>
  new AppError('VERSION_CONFLICT', 409, {
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and try again',
  });

// ---------- village representatives ----------

export async function listRepresentatives(ctx: AppContext, user: SessionUser, division?: string) {
  let q = scoped(ctx.db, user)
    .selectFrom('village_representative as r')
    .where('r.active', '=', true)
    .select((eb) => [
      'r.id',
      'r.division_code',
      'r.name',
      'r.phone',
      eb
        .selectFrom('household as h')
        .whereRef('h.representative_id', '=', 'r.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('households'),
    ])
    .orderBy('r.division_code')
    .orderBy('r.name');
  if (division) q = q.where(subtree(division).on('village_representative', 'r'));
  const rows = await q.limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      divisionCode: r.division_code,
      name: r.name,
      phone: r.phone,
      households: Number(r.households ?? 0),
    })),
  };
}

export async function createRepresentative(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  input: { divisionCode: string; name: string; phone: string | null },
) {
  return ctx.db.transaction().execute(async (trx) => {
    await requireDivisionInScope(trx, user, input.divisionCode, 'divisionCode', true);
    const row = await trx
      .insertInto('village_representative')
      .values({ division_code: input.divisionCode, name: input.name, phone: input.phone, created_by: user.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'representative.create',
      entity: 'village_representative',
      entityId: row.id,
    });
    return { representative: { id: row.id, divisionCode: row.division_code, name: row.name, phone: row.phone } };
  });
}

// ---------- households ----------

async function checkReferences(
  db: Db,
  user: SessionUser,
  divisionCode: string,
  input: { representativeId?: string | null | undefined; landlordId?: string | null | undefined },
  issues: IssueCollector,
) {
  if (input.representativeId) {
    const rep = await db
      .selectFrom('village_representative')
      .select('id')
      .where('id', '=', input.representativeId)
      .where('division_code', '=', divisionCode)
      .executeTakeFirst();
    if (!rep) issues.add(notInScopeIssue('representativeId'));
  }
  if (input.landlordId) {
    const landlord = await scoped(db, user)
      .selectFrom('employer_landlord')
      .select('id')
      .where('id', '=', input.landlordId)
      .where('kind', '=', 'landlord')
      .executeTakeFirst();
    if (!landlord) issues.add(notInScopeIssue('landlordId'));
  }
}

/** Members must be people in the user's scope who live in the household's village. */
async function checkMembers(
  db: Db,
  user: SessionUser,
  divisionCode: string,
  members: { personId: string }[],
  issues: IssueCollector,
) {
  const ids = members.map((m) => m.personId);
  if (new Set(ids).size !== ids.length) {
    issues.add(fieldIssue('members', fieldLabel('members'), { zh: '同一人不能重复添加', en: 'lists a person twice' }));
    return;
  }
  if (ids.length === 0) return;
  const rows = await scoped(db, user)
    .selectFrom('person')
    .select(['id', 'residence_division'])
    .where('id', 'in', ids)
    .execute();
  const found = new Map(rows.map((r) => [r.id, r.residence_division]));
  for (const [i, id] of ids.entries()) {
    const residence = found.get(id);
    if (residence === undefined) issues.add(notInScopeIssue(`members.${i}.personId`));
    else if (residence !== divisionCode)
      issues.add(
        fieldIssue(`members.${i}.personId`, fieldLabel('members.personId'), {
          zh: '此人现居住地不在本村（居），请先更新其居住地',
          en: 'this person does not live in this village; update their residence first',
        }),
      );
  }
}

export interface HouseholdView {
  id: string;
  divisionCode: string;
  address: string;
  groupId: string | null;
  position: number | null;
  representativeId: string | null;
  landlordId: string | null;
  notes: string | null;
  version: number;
  members: { personId: string; name: string; relation: string; sex: 'M' | 'F'; idNumberMasked: string }[];
  absences: { id: string; fromMonth: string; toMonth: string; reason: string | null }[];
}

/** Households with their members (in scope) and absences; returns the people shown, for the audit. */
export async function householdViews(
  scope: Scoped,
  rows: HouseholdRow[],
): Promise<{ views: HouseholdView[]; personIds: string[] }> {
  const ids = rows.map((r) => r.id);
  const [members, absences] = await Promise.all([membersOf(scope, ids), absencesOf(scope.db, ids)]);
  const views = rows.map((r) => ({
    id: r.id,
    divisionCode: r.division_code,
    address: r.address,
    groupId: r.group_id,
    position: r.group_position,
    representativeId: r.representative_id,
    landlordId: r.landlord_id,
    notes: r.notes,
    version: r.version,
    members: members
      .filter((m) => m.household_id === r.id)
      .map((m) => ({
        personId: m.person_id,
        name: m.name,
        relation: m.relation,
        sex: m.sex,
        idNumberMasked: m.id_masked,
      })),
    absences: absences
      .filter((a) => a.household_id === r.id)
      .map((a) => ({ id: a.id, fromMonth: a.from_month, toMonth: a.to_month, reason: a.reason })),
  }));
  return { views, personIds: [...new Set(members.map((m) => m.person_id))] };
}

export async function listHouseholds(ctx: AppContext, user: SessionUser, actor: Actor, query: HouseholdQuery) {
  const scope = scoped(ctx.db, user);
  let q = scope.selectFrom('household as h');
  if (query.division) q = q.where(subtree(query.division).on('household', 'h'));
  if (query.groupId) q = q.where('h.group_id', '=', query.groupId);
  if (query.representativeId) q = q.where('h.representative_id', '=', query.representativeId);
  if (query.ungrouped === 'true') q = q.where('h.group_id', 'is', null);
  if (query.q) {
    const text = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('h.address', 'like', text),
        eb.exists(
          eb
            .selectFrom('household_member as m')
            .innerJoin('person as p', 'p.id', 'm.person_id')
            .whereRef('m.household_id', '=', 'h.id')
            .where('p.name', 'like', text)
            .select('m.person_id'),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('h')
      .orderBy('h.division_code')
      .orderBy('h.address')
      .orderBy('h.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const { views, personIds } = await householdViews(scope, rows);
  if (personIds.length > 0) {
    await ctx.readAudit.append(actor, { action: 'household.list', entity: 'household', personIds });
  }
  return { items: views, total: Number(count.n), page: query.page, pageSize: query.pageSize };
}

export async function getHousehold(ctx: AppContext, user: SessionUser, actor: Actor, id: string) {
  const scope = scoped(ctx.db, user);
  const row = await findHousehold(scope, id);
  if (!row) throw AppError.notFound(HOUSEHOLD);
  const { views, personIds } = await householdViews(scope, [row]);
  await ctx.readAudit.append(actor, { action: 'household.read', entity: 'household', entityId: id, personIds });
  return { household: views[0] as HouseholdView };
}

export async function createHousehold(ctx: AppContext, user: SessionUser, actor: Actor, input: HouseholdCreate) {
  return ctx.db.transaction().execute(async (trx) => {
    await requireDivisionInScope(trx, user, input.divisionCode, 'divisionCode', true);
    const issues = new IssueCollector();
    await checkReferences(trx, user, input.divisionCode, input, issues);
    await checkMembers(trx, user, input.divisionCode, input.members, issues);
    issues.throwIfAny();
    const row = await insertHousehold(trx, {
      division_code: input.divisionCode,
      address: input.address,
      representative_id: input.representativeId,
      landlord_id: input.landlordId,
      notes: input.notes,
      created_by: user.id,
    });
    await replaceMembers(trx, row, input.members);
    await writeAudit(trx, actor, {
      action: 'household.create',
      entity: 'household',
      entityId: row.id,
      personIds: input.members.map((m) => m.personId),
    });
    const { views } = await householdViews(scoped(trx, user), [row]);
    return { household: views[0] as HouseholdView };
  });
}

export async function updateHousehold(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: HouseholdUpdate,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const row = await findHousehold(scope, id, true);
    if (!row) throw AppError.notFound(HOUSEHOLD);
    if (row.version !== input.version) throw conflict();
    const issues = new IssueCollector();
    await checkReferences(trx, user, row.division_code, input, issues);
    if (input.members) await checkMembers(trx, user, row.division_code, input.members, issues);
    issues.throwIfAny();
    const before = (await membersOf(scope, [row.id])).map((m) => m.person_id);
    const updated = await trx
      .updateTable('household')
      .set({
        ...(input.address !== undefined ? { address: input.address } : {}),
        ...(input.representativeId !== undefined ? { representative_id: input.representativeId } : {}),
        ...(input.landlordId !== undefined ? { landlord_id: input.landlordId } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.members) await replaceMembers(trx, row, input.members);
    const after = input.members?.map((m) => m.personId) ?? before;
    await writeAudit(trx, actor, {
      action: 'household.update',
      entity: 'household',
      entityId: row.id,
      personIds: [...new Set([...before, ...after])],
    });
    const { views } = await householdViews(scope, [updated]);
    return { household: views[0] as HouseholdView };
  });
}

export async function addAbsence(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { fromMonth: string; toMonth: string; reason: string | null },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findHousehold(scoped(trx, user), id);
    if (!row) throw AppError.notFound(HOUSEHOLD);
    const absence = await trx
      .insertInto('household_absence')
      .values({
        household_id: row.id,
        division_code: row.division_code,
        from_month: input.fromMonth,
        to_month: input.toMonth,
        reason: input.reason,
        created_by: user.id,
      })
      .returning(['id', 'from_month', 'to_month', 'reason'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'household.absence', entity: 'household', entityId: row.id });
    return {
      absence: { id: absence.id, fromMonth: absence.from_month, toMonth: absence.to_month, reason: absence.reason },
    };
  });
}

// ---------- groups ----------

export async function listGroups(ctx: AppContext, user: SessionUser, division?: string) {
  let q = scoped(ctx.db, user)
    .selectFrom('household_group as g')
    .leftJoin('household as l', 'l.id', 'g.leader_household_id')
    .select((eb) => [
      'g.id',
      'g.division_code',
      'g.name',
      'g.leader_household_id',
      'l.address as leader_address',
      'g.version',
      eb
        .selectFrom('household as h')
        .whereRef('h.group_id', '=', 'g.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('households'),
      eb
        .selectFrom('duty_roster as d')
        .whereRef('d.group_id', '=', 'g.id')
        .select((e) => e.fn.max('d.month').as('m'))
        .as('roster_until'),
    ])
    .orderBy('g.division_code')
    .orderBy('g.name');
  if (division) q = q.where(subtree(division).on('household_group', 'g'));
  const rows = await q.limit(500).execute();
  const refs = await divisionRefs(
    ctx.db,
    rows.map((r) => r.division_code),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      divisionCode: r.division_code,
      divisionName: refs.get(r.division_code)?.fullName ?? r.division_code,
      name: r.name,
      leaderHouseholdId: r.leader_household_id,
      leaderAddress: r.leader_address,
      households: Number(r.households ?? 0),
      rosterUntil: r.roster_until ?? null,
      version: r.version,
    })),
  };
}

/** Households must be in the group's village and in no other group; the leader must be one of them. */
async function checkGroupHouseholds(
  db: Db,
  user: SessionUser,
  divisionCode: string,
  groupId: string | null,
  householdIds: string[],
  leaderHouseholdId: string,
): Promise<void> {
  const issues = new IssueCollector();
  if (new Set(householdIds).size !== householdIds.length) {
    issues.add(
      fieldIssue('householdIds', fieldLabel('householdIds'), { zh: '同一住户不能重复', en: 'lists a household twice' }),
    );
    issues.throwIfAny();
  }
  const rows = await findHouseholds(scoped(db, user), householdIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [i, id] of householdIds.entries()) {
    const h = byId.get(id);
    if (!h) issues.add(notInScopeIssue(`householdIds.${i}`));
    else if (h.division_code !== divisionCode)
      issues.add(
        fieldIssue(`householdIds.${i}`, fieldLabel('householdIds'), {
          zh: '住户不在本小组所在的村（居）',
          en: 'household is not in the group’s village',
        }),
      );
    else if (h.group_id && h.group_id !== groupId)
      issues.add(
        fieldIssue(`householdIds.${i}`, fieldLabel('householdIds'), {
          zh: `${h.address}已属于另一个联勤小组`,
          en: `${h.address} is already in another group`,
        }),
      );
  }
  if (!householdIds.includes(leaderHouseholdId)) {
    issues.add(
      fieldIssue('leaderHouseholdId', fieldLabel('leaderHouseholdId'), {
        zh: '组长户须是本小组的住户',
        en: 'must be one of the group’s households',
      }),
    );
  }
  issues.throwIfAny();
}

export async function createGroup(ctx: AppContext, user: SessionUser, actor: Actor, input: GroupCreate) {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await requireDivisionInScope(trx, user, input.divisionCode, 'divisionCode', true);
    await checkGroupHouseholds(trx, user, input.divisionCode, null, input.householdIds, input.leaderHouseholdId);
    const group = await insertGroup(trx, {
      division_code: input.divisionCode,
      name: input.name,
      leader_household_id: input.leaderHouseholdId,
      created_by: user.id,
    });
    await setGroupHouseholds(trx, group.id, input.householdIds);
    await writeAudit(trx, actor, {
      action: 'household_group.create',
      entity: 'household_group',
      entityId: group.id,
      details: { households: input.householdIds.length },
    });
    return group.id;
  });
  return getGroupDetail(ctx, user, actor, id);
}

export async function updateGroup(ctx: AppContext, user: SessionUser, actor: Actor, id: string, input: GroupUpdate) {
  await ctx.db.transaction().execute(async (trx) => {
    const group = await findGroup(scoped(trx, user), id, true);
    if (!group) throw AppError.notFound(GROUP);
    if (group.version !== input.version) throw conflict();
    const householdIds = input.householdIds ?? (await householdsOfGroup(trx, id)).map((h) => h.id);
    const leader = input.leaderHouseholdId ?? group.leader_household_id ?? '';
    await checkGroupHouseholds(trx, user, group.division_code, group.id, householdIds, leader);
    await trx
      .updateTable('household_group')
      .set({ name: input.name ?? group.name, leader_household_id: leader, version: group.version + 1 })
      .where('id', '=', group.id)
      .execute();
    if (input.householdIds) await setGroupHouseholds(trx, group.id, householdIds);
    await writeAudit(trx, actor, { action: 'household_group.update', entity: 'household_group', entityId: id });
  });
  return getGroupDetail(ctx, user, actor, id);
}

/** Everything the group page and the wall roster show: households in order, leader, rota, rules. */
export async function groupDetail(db: Db, user: SessionUser, group: GroupRow) {
  const households = await householdsOfGroup(db, group.id);
  const { views, personIds } = await householdViews(scoped(db, user), households);
  const roster = await rosterOf(db, group.id);
  const repIds = [...new Set(households.flatMap((h) => (h.representative_id ? [h.representative_id] : [])))];
  const representatives =
    repIds.length === 0
      ? []
      : await db
          .selectFrom('village_representative')
          .select(['id', 'name', 'phone'])
          .where('id', 'in', repIds)
          .execute();
  const division = (await divisionRefs(db, [group.division_code])).get(group.division_code);
  return {
    personIds,
    detail: {
      group: {
        id: group.id,
        divisionCode: group.division_code,
        divisionName: division?.fullName ?? group.division_code,
        name: group.name,
        leaderHouseholdId: group.leader_household_id,
        version: group.version,
      },
      households: views,
      representatives: representatives.map((r) => ({ id: r.id, name: r.name, phone: r.phone })),
      roster: roster.map((r) => ({ month: r.month, householdId: r.household_id, skipped: r.skipped })),
      rules: RULE_TEXT,
    },
  };
}

export async function getGroupDetail(ctx: AppContext, user: SessionUser, actor: Actor, id: string, action = 'read') {
  const group = await findGroup(scoped(ctx.db, user), id);
  if (!group) throw AppError.notFound(GROUP);
  const { detail, personIds } = await groupDetail(ctx.db, user, group);
  await ctx.readAudit.append(actor, {
    action: `household_group.${action}`,
    entity: 'household_group',
    entityId: id,
    personIds,
  });
  return detail;
}

/**
 * Generates the rota from `fromMonth` for `months` months with the rule in core/roster.ts, continuing from
 * the stored months before `fromMonth`. Stored months from `fromMonth` on are replaced.
 */
export async function generateGroupRoster(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { fromMonth: string; months: number },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const group = await findGroup(scoped(trx, user), id, true);
    if (!group) throw AppError.notFound(GROUP);
    const households = await householdsOfGroup(trx, id);
    const last = await lastDutyMonths(trx, id, input.fromMonth);
    const absences = await absencesOf(
      trx,
      households.map((h) => h.id),
    );
    const isAway = (householdId: string, month: string) =>
      absences.some((a) => a.household_id === householdId && a.from_month <= month && month <= a.to_month);
    const rota = generateRoster(
      households.map((h) => ({ id: h.id, position: h.group_position ?? 0, lastDutyMonth: last.get(h.id) ?? null })),
      input.fromMonth,
      input.months,
      isAway,
    );
    await trx.deleteFrom('duty_roster').where('group_id', '=', id).where('month', '>=', input.fromMonth).execute();
    await trx
      .insertInto('duty_roster')
      .values(
        rota.map((r) => ({
          group_id: id,
          month: r.month,
          division_code: group.division_code,
          household_id: r.householdId,
          skipped: r.skipped,
          generated_by: user.id,
        })),
      )
      .execute();
    await writeAudit(trx, actor, {
      action: 'household_group.roster',
      entity: 'household_group',
      entityId: id,
      details: { fromMonth: input.fromMonth, toMonth: addMonthsToMonth(input.fromMonth, input.months - 1) },
    });
  });
  return getGroupDetail(ctx, user, actor, id);
}
