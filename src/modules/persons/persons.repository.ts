/**
 * SQL for persons. Scope is always part of the WHERE clause: a row outside the user's subtree is
 * never fetched, so it cannot leak through a later filter.
 */
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { Database, PersonTable } from '../../db/schema.ts';
import type { Actor, Db } from '../audit/audit.repository.ts';

export type PersonRow = Selectable<PersonTable>;

function likePrefix(prefix: string): string {
  return `${prefix}%`;
}

/** In scope = registered (户籍) or living inside the jurisdiction subtree. */
export function inScope(prefix: string) {
  return (eb: ExpressionBuilder<Database, 'person'>) =>
    eb.or([
      eb('person.hukou_division', 'like', likePrefix(prefix)),
      eb('person.residence_division', 'like', likePrefix(prefix)),
    ]);
}

/**
 * Reads one person in scope and writes the audit row in the same statement (one round trip):
 * found → outcome ok, otherwise not_found, so refused lookups are audited too.
 */
export async function readPersonAudited(
  db: Db,
  key: { id: string } | { idHash: string },
  prefix: string,
  actor: Actor,
  action: string,
): Promise<PersonRow | undefined> {
  const base = db.selectFrom('person').selectAll().where(inScope(prefix));
  const scoped = 'id' in key ? base.where('person.id', '=', key.id) : base.where('person.id_hash', '=', key.idHash);
  const entityId = 'id' in key ? key.id : null;
  const result = await sql<PersonRow>`
    WITH p AS (${scoped}),
    a AS (
      INSERT INTO audit_log (actor_id, actor_username, actor_role, actor_division, ip, action, outcome, entity, entity_id, person_id)
      SELECT ${actor.id}::uuid, ${actor.username}, ${actor.role}, ${actor.divisionCode}, ${actor.ip}, ${action},
        CASE WHEN count(p.id) > 0 THEN 'ok' ELSE 'not_found' END, 'person', coalesce(${entityId}, min(p.id::text)), min(p.id::text)::uuid
      FROM p
    )
    SELECT * FROM p`.execute(db);
  return result.rows[0];
}

export async function lockPerson(db: Db, id: string, prefix: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('person')
    .selectAll()
    .where('person.id', '=', id)
    .where(inScope(prefix))
    .forUpdate()
    .executeTakeFirst();
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

export async function findNameBirthMatches(
  db: Db,
  prefix: string,
  name: string,
  birthDate: string,
  excludeId?: string,
) {
  let q = db
    .selectFrom('person')
    .select(['id', 'name', 'birth_date', 'id_masked'])
    .where('name', '=', name)
    .where('birth_date', '=', birthDate)
    .where(inScope(prefix));
  if (excludeId) q = q.where('id', '<>', excludeId);
  return q.limit(10).execute();
}

export async function personExistsInScope(db: Db, id: string, prefix: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('person.id', '=', id).where(inScope(prefix)).executeTakeFirst();
}

export async function listHistory(db: Db, personId: string) {
  return db
    .selectFrom('person_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.actor_id')
    .where('h.person_id', '=', personId)
    .select(['h.version', 'h.at', 'h.kind', 'h.changes', 'u.username', 'u.display_name', 'u.role'])
    .orderBy('h.version', 'desc')
    .execute();
}

export async function listEpisodes(db: Db, personId: string) {
  return db
    .selectFrom('person_episode')
    .where('person_id', '=', personId)
    .select(['residence_division', 'residence_address', 'arrived_on', 'departed_on'])
    .orderBy('created_at', 'desc')
    .execute();
}
