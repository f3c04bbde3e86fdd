/**
 * SQL that reads persons (persons.write.ts writes them). Scope is always part of the WHERE clause: a row outside the user's subtree is
 * never fetched, so it cannot leak through a later filter.
 */
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PersonTable } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

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
