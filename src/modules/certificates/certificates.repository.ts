/** SQL for certificates. Scope is part of every WHERE clause, as for persons. */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CertificateEventTable, CertificateTable } from '../../db/schema.ts';
import type { Scoped } from '../../db/scoped.ts';

export type CertificateRow = Selectable<CertificateTable>;

/**
 * A certificate is in scope when its issuing office is inside the user's subtree, or the person it belongs
 * to is (registered or living there): the residence office checks certificates issued at the origin.
 */
export function certificatesIn(scope: Scoped) {
  return scope.db
    .selectFrom('certificate as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .where((eb) => eb.or([scope.on('certificate', 'c')(eb), scope.on('person', 'p')(eb)]));
}

export async function findInScope(scope: Scoped, id: string): Promise<CertificateRow | undefined> {
  return certificatesIn(scope).selectAll('c').where('c.id', '=', id).executeTakeFirst();
}

/** Locks a certificate issued inside the scope: only the issuing office (or above) changes it. */
export async function lockIssuedInScope(scope: Scoped, id: string): Promise<CertificateRow | undefined> {
  return scope.selectFrom('certificate').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findByNumber(db: Db, number: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificate').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function findByIds(db: Db, ids: string[]): Promise<Pick<CertificateRow, 'id' | 'number'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('certificate').select(['id', 'number']).where('id', 'in', ids).execute();
}

export async function currentForPerson(db: Db, personId: string): Promise<CertificateRow | undefined> {
  return db
    .selectFrom('certificate')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '=', 'valid')
    .forUpdate()
    .executeTakeFirst();
}

/** The person's most relevant certificate for a status question: the current one, else the latest. */
export async function latestForPerson(db: Db, personId: string): Promise<CertificateRow | undefined> {
  return db
    .selectFrom('certificate')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy(sql`status = 'valid'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listForPerson(db: Db, personId: string): Promise<CertificateRow[]> {
  return db
    .selectFrom('certificate')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .execute();
}

export interface ListFilter {
  status?: 'valid' | 'revoked' | 'replaced' | undefined;
  expiringBefore?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listIssued(scope: Scoped, f: ListFilter): Promise<{ rows: CertificateRow[]; total: number }> {
  let q = certificatesIn(scope);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.expiringBefore) q = q.where('c.expires_on', '<=', f.expiringBefore);
  const [rows, count] = await Promise.all([
    q
      .selectAll('c')
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Undefined when the number is taken: the caller draws another (withFreshNumber) and the transaction goes on. */
export async function insertCertificate(
  db: Db,
  values: Insertable<CertificateTable>,
): Promise<CertificateRow | undefined> {
  return db
    .insertInto('certificate')
    .values(values)
    .onConflict((oc) => oc.column('number').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function insertEvent(db: Db, values: Insertable<CertificateEventTable>): Promise<void> {
  await db.insertInto('certificate_event').values(values).execute();
}

export async function listEvents(db: Db, certificateIds: string[]) {
  if (certificateIds.length === 0) return [];
  return db
    .selectFrom('certificate_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .where('e.certificate_id', 'in', certificateIds)
    .select(['e.certificate_id', 'e.kind', 'e.reason', 'e.at', 'u.username', 'u.display_name'])
    .orderBy('e.at')
    .execute();
}
