/**
 * SQL for households, groups, rosters, duty logs and visits. A lookup by id starts from the user's scope
 * (`scoped(db, user)`), so a row outside it is simply not found.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  DutyLogTable,
  HouseholdGroupTable,
  HouseholdRelation,
  HouseholdTable,
  VisitTable,
} from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

export type HouseholdRow = Selectable<HouseholdTable>;
export type GroupRow = Selectable<HouseholdGroupTable>;

export async function findHousehold(scope: Scoped, id: string, lock = false): Promise<HouseholdRow | undefined> {
  let q = scope.selectFrom('household').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findHouseholds(scope: Scoped, ids: string[]): Promise<HouseholdRow[]> {
  if (ids.length === 0) return [];
  return scope.selectFrom('household').selectAll().where('id', 'in', ids).execute();
}

export async function findGroup(scope: Scoped, id: string, lock = false): Promise<GroupRow | undefined> {
  let q = scope.selectFrom('household_group').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface MemberRow {
  household_id: string;
  person_id: string;
  relation: HouseholdRelation;
  name: string;
  sex: 'M' | 'F';
  id_masked: string;
  residence_division: string;
}

/**
 * Members of the given households, heads first. Persons outside the scope are left out, and so are members
 * who have since moved out of the village or departed: the registry, not the household list, says where
 * someone lives.
 */
export async function membersOf(scope: Scoped, householdIds: string[]): Promise<MemberRow[]> {
  if (householdIds.length === 0) return [];
  return scope.db
    .selectFrom('household_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .where('m.household_id', 'in', householdIds)
    .whereRef('p.residence_division', '=', 'm.division_code')
    .where('p.departed_on', 'is', null)
    .where(scope.on('person', 'p'))
    .select(['m.household_id', 'm.person_id', 'm.relation', 'p.name', 'p.sex', 'p.id_masked', 'p.residence_division'])
    .orderBy(sql`m.relation = 'head'`, 'desc')
    .orderBy('m.added_at')
    .execute();
}

export async function absencesOf(db: Db, householdIds: string[]) {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('household_absence')
    .select(['id', 'household_id', 'from_month', 'to_month', 'reason'])
    .where('household_id', 'in', householdIds)
    .orderBy('from_month')
    .execute();
}

export async function replaceMembers(
  db: Db,
  household: Pick<HouseholdRow, 'id' | 'division_code'>,
  members: { personId: string; relation: HouseholdRelation }[],
): Promise<void> {
  await db.deleteFrom('household_member').where('household_id', '=', household.id).execute();
  if (members.length === 0) return;
  // A person belongs to one household: adding them here moves them from any other.
  await db
    .insertInto('household_member')
    .values(
      members.map((m) => ({
        person_id: m.personId,
        household_id: household.id,
        division_code: household.division_code,
        relation: m.relation,
      })),
    )
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet((eb) => ({
        household_id: eb.ref('excluded.household_id'),
        division_code: eb.ref('excluded.division_code'),
        relation: eb.ref('excluded.relation'),
        added_at: sql`now()`,
      })),
    )
    .execute();
}

export async function insertHousehold(db: Db, values: Insertable<HouseholdTable>): Promise<HouseholdRow> {
  return db.insertInto('household').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertGroup(db: Db, values: Insertable<HouseholdGroupTable>): Promise<GroupRow> {
  return db.insertInto('household_group').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function householdsOfGroup(db: Db, groupId: string): Promise<HouseholdRow[]> {
  return db.selectFrom('household').selectAll().where('group_id', '=', groupId).orderBy('group_position').execute();
}

/** Puts households into a group in the given order (positions 1..n) and frees those no longer in it. */
export async function setGroupHouseholds(db: Db, groupId: string, householdIds: string[]): Promise<void> {
  await db
    .updateTable('household')
    .set({ group_id: null, group_position: null })
    .where('group_id', '=', groupId)
    .execute();
  for (const [i, id] of householdIds.entries()) {
    await db
      .updateTable('household')
      .set({ group_id: groupId, group_position: i + 1 })
      .where('id', '=', id)
      .execute();
  }
}

export async function rosterOf(db: Db, groupId: string) {
  return db
    .selectFrom('duty_roster')
    .select(['month', 'household_id', 'skipped', 'generated_at'])
    .where('group_id', '=', groupId)
    .orderBy('month')
    .execute();
}

/** The last month each household was on duty before `beforeMonth`. */
export async function lastDutyMonths(db: Db, groupId: string, beforeMonth: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('duty_roster')
    .select(['household_id', (eb) => eb.fn.max('month').as('last')])
    .where('group_id', '=', groupId)
    .where('month', '<', beforeMonth)
    .where('household_id', 'is not', null)
    .groupBy('household_id')
    .execute();
  return new Map(rows.map((r) => [r.household_id as string, r.last as string]));
}

export async function insertDutyLog(db: Db, values: Insertable<DutyLogTable>) {
  return db.insertInto('duty_log').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function dutyLogsOf(db: Db, groupId: string) {
  return db
    .selectFrom('duty_log as l')
    .leftJoin('household as h', 'h.id', 'l.household_id')
    .leftJoin('app_user as u', 'u.id', 'l.created_by')
    .where('l.group_id', '=', groupId)
    .select([
      'l.id',
      'l.duty_date',
      'l.household_id',
      'h.address as household_address',
      'l.activities',
      'l.issues',
      'u.display_name as recorded_by',
      'l.created_at',
    ])
    .orderBy('l.duty_date', 'desc')
    .orderBy('l.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function insertVisit(db: Db, values: Insertable<VisitTable>) {
  return db.insertInto('visit').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Visits joined with what the list shows; the caller adds the scope and filters. */
export function visitsQuery(db: Db) {
  return db
    .selectFrom('visit as v')
    .leftJoin('person as p', 'p.id', 'v.person_id')
    .leftJoin('household as h', 'h.id', 'v.household_id')
    .leftJoin('village_representative as r', 'r.id', 'v.representative_id')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .select([
      'v.id',
      'v.division_code',
      'v.person_id',
      'p.name as person_name',
      'p.id_masked as person_id_masked',
      'v.household_id',
      'h.address as household_address',
      'v.representative_id',
      'r.name as representative_name',
      'v.visited_on',
      'v.purpose',
      'v.outcome',
      'v.notes',
      'u.display_name as recorded_by',
      'v.created_at',
    ]);
}
