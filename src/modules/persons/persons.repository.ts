/**
 * SQL for persons. Scope is always part of the WHERE clause: a row outside the user's subtree is
 * never fetched, so it cannot leak through a later filter.
 */
import { type Insertable, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { PersonHistoryTable, PersonTable } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';
import type { Db } from '../audit/audit.repository.ts';

export type PersonRow = Selectable<PersonTable>;

/** One person by id or by ID-number blind index, only if inside the scope. */
export async function findPersonInScope(
  scope: Scoped,
  key: { id: string } | { idHash: string },
  /** With a user id, an unexpired break-glass grant of that user also opens the record. */
  breakGlassUserId?: string,
): Promise<PersonRow | undefined> {
  // A break-glass grant widens the scope, so this one read starts from the whole table and ORs the grant in.
  const base = scope.db
    .selectFrom('person')
    .selectAll()
    .where((eb) => {
      const inside = scope.on('person')(eb);
      if (!breakGlassUserId) return inside;
      const granted = eb.exists(
        eb
          .selectFrom('break_glass_grant as g')
          .select('g.id')
          .whereRef('g.person_id', '=', 'person.id')
          .where('g.user_id', '=', breakGlassUserId)
          .where('g.expires_at', '>', new Date()),
      );
      return eb.or([inside, granted]);
    });
  const found = 'id' in key ? base.where('person.id', '=', key.id) : base.where('person.id_hash', '=', key.idHash);
  return found.executeTakeFirst();
}

export async function lockPerson(scope: Scoped, id: string): Promise<PersonRow | undefined> {
  return scope.selectFrom('person').selectAll().where('person.id', '=', id).forUpdate().executeTakeFirst();
}

export async function findByIdHash(
  db: Db,
  idHash: string,
): Promise<{ id: string; inScopeOf: (p: string) => boolean } | undefined> {
  const row = await db
    .selectFrom('person')
    .select(['id', 'hukou_division', 'residence_division'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, inScopeOf: (p) => row.hukou_division.startsWith(p) || row.residence_division.startsWith(p) };
}

/**
 * person.name has the database's collation but its index (person_name_idx) is COLLATE "C", which also
 * serves prefix search. An equality in another collation cannot use that index: PostgreSQL then filtered
 * every row of a birth date (5 s for a 1,000-row import batch at 100,000 persons). Compare in "C".
 */
const nameInC = sql<string>`person.name COLLATE "C"`;

/** Registered people in a scope with the name and birth date; see findNameBirthMatches. */
export function nameBirthMatchesQuery(scope: Scoped, name: string, birthDate: string, excludeId?: string) {
  let q = scope
    .selectFrom('person')
    .select(['id', 'name', 'birth_date', 'id_masked'])
    .where(nameInC, '=', name)
    .where('birth_date', '=', birthDate);
  if (excludeId) q = q.where('id', '<>', excludeId);
  return q.limit(10);
}

export async function findNameBirthMatches(scope: Scoped, name: string, birthDate: string, excludeId?: string) {
  return nameBirthMatchesQuery(scope, name, birthDate, excludeId).execute();
}

export async function personExistsInScope(scope: Scoped, id: string): Promise<PersonRow | undefined> {
  return scope.selectFrom('person').selectAll().where('person.id', '=', id).executeTakeFirst();
}

export async function listHistory(db: Db, personId: string) {
  return (
    db
      .selectFrom('person_history as h')
      .leftJoin('app_user as u', 'u.id', 'h.actor_id')
      .where('h.person_id', '=', personId)
      .select(['h.version', 'h.at', 'h.kind', 'h.changes', 'u.username', 'u.display_name', 'u.role'])
      .orderBy('h.version', 'desc')
      // Certificate events share the person's current version; time keeps them in order.
      .orderBy('h.at', 'desc')
      .execute()
  );
}

export async function listEpisodes(db: Db, personId: string) {
  return db
    .selectFrom('person_episode')
    .where('person_id', '=', personId)
    .select(['residence_division', 'residence_address', 'arrived_on', 'departed_on'])
    .orderBy('created_at', 'desc')
    .execute();
}

/** One history entry per version; `division_code` keeps the table distributable by province. */
export async function insertHistory(
  db: Db,
  row: Pick<PersonRow, 'id' | 'residence_division' | 'version'>,
  kind: PersonHistoryTable['kind'],
  changes: Record<string, { from: unknown; to: unknown }>,
  actorId: string,
): Promise<void> {
  await db
    .insertInto('person_history')
    .values({
      person_id: row.id,
      division_code: row.residence_division,
      version: row.version,
      kind,
      changes: JSON.stringify(changes),
      actor_id: actorId,
    })
    .execute();
}

/** A certificate was issued, replaced or revoked: a history line at the person's current version, the row unchanged. */
export async function recordPersonEvent(
  db: Db,
  person: PersonRow | Pick<PersonRow, 'id' | 'residence_division' | 'version'>,
  changes: Record<string, { from: unknown; to: unknown }>,
  actorId: string,
): Promise<void> {
  await insertHistory(db, person, 'certificate', changes, actorId);
}

/**
 * Applies a change to a locked person row as the next version and records it in the history. Every change to a
 * person goes through a version bump, so an edit made from an older version is refused (409), never applied over it.
 */
export async function writePersonVersion(
  db: Db,
  current: PersonRow,
  set: Partial<Insertable<PersonTable>>,
  kind: 'update' | 'move',
  changes: Record<string, { from: unknown; to: unknown }>,
  actorId: string,
): Promise<PersonRow> {
  const row = await db
    .updateTable('person')
    .set({ ...set, version: current.version + 1, updated_at: new Date() })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertHistory(db, row, kind, changes, actorId);
  return row;
}

/** Starts a residence episode from the person's current residence fields. */
export async function openEpisode(db: Db, row: PersonRow): Promise<void> {
  await db
    .insertInto('person_episode')
    .values({
      person_id: row.id,
      residence_division: row.residence_division,
      residence_address: row.residence_address,
      arrived_on: row.arrived_on,
      departed_on: row.departed_on,
    })
    .execute();
}

/** Counts the query's rows, stopping after `cap`: `capped` says more rows match than `total`. */
export async function countUpTo<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
  cap: number,
): Promise<{ total: number; capped: boolean }> {
  const { n } = await db
    .selectFrom(
      query
        .clearSelect()
        .select(sql`1`.as('one'))
        .limit(cap + 1)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { total: Math.min(Number(n), cap), capped: Number(n) > cap };
}
