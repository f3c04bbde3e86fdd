/**
 * SQL for services and the provider's view. A provider sees a person only when the person was referred to the
 * provider's facility or served there: `providerScope` (src/db/scoped.ts) puts that into the WHERE clause.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ServiceRecordTable } from '../../db/schema.ts';
import { providerScope } from '../../db/scoped.ts';

export type ServiceRow = Selectable<ServiceRecordTable>;

/** The facility a provider account is bound to (null: bound to none, so it sees nobody). */
export async function facilityOfUser(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('facility_id').where('id', '=', userId).executeTakeFirst();
  return row?.facility_id ?? null;
}

/** The fields a service needs, and no more: no phone, address, household registration or family. */
export async function findClient(db: Db, personId: string, facilityId: string) {
  const scope = providerScope(db, facilityId);
  return scope
    .selectFrom('person')
    .select(['person.id', 'person.name', 'person.id_masked', 'person.sex', 'person.birth_date'])
    .where('person.id', '=', personId)
    .executeTakeFirst();
}

export async function listClients(db: Db, facilityId: string, limit = 200) {
  const scope = providerScope(db, facilityId);
  return scope
    .selectFrom('person')
    .select([
      'person.id',
      'person.name',
      'person.id_masked',
      'person.sex',
      'person.birth_date',
      (eb) =>
        eb
          .selectFrom('service_referral as r')
          .select(sql<string>`string_agg(DISTINCT r.kind, ',')`.as('k'))
          .whereRef('r.person_id', '=', 'person.id')
          .where('r.facility_id', '=', facilityId)
          .as('referred_for'),
    ])
    .orderBy('person.name')
    .limit(limit)
    .execute();
}

export async function listServicesForPerson(db: Db, personId: string, facilityId?: string) {
  let q = db
    .selectFrom('service_record as s')
    .leftJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('s')
    .select('f.name as facility_name')
    .where('s.person_id', '=', personId);
  if (facilityId) q = q.where('s.facility_id', '=', facilityId);
  return q.orderBy('s.service_date', 'desc').orderBy('s.created_at', 'desc').execute();
}

/** Facilities of the user's county (facilities are not personal data; a village picks its township's centre). */
export async function listFacilities(db: Db, countyPrefix: string) {
  return db
    .selectFrom('facility')
    .select(['id', 'name', 'division_code', 'kind'])
    .where('division_code', 'like', `${countyPrefix}%`)
    .orderBy('division_code')
    .orderBy('name')
    .execute();
}

export async function findFacility(db: Db, id: string, countyPrefix: string) {
  return db
    .selectFrom('facility')
    .select(['id', 'name', 'division_code', 'kind'])
    .where('id', '=', id)
    .where('division_code', 'like', `${countyPrefix}%`)
    .executeTakeFirst();
}

/** Bookings of a facility's slots in a time window, with the fields the provider needs and no more. */
export function facilityBookingsQuery(db: Db, facilityId: string) {
  return db
    .selectFrom('service_booking as b')
    .innerJoin('service_slot as sl', 'sl.id', 'b.slot_id')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .leftJoin('service_record as s', 's.booking_id', 'b.id')
    .select([
      'b.id',
      'b.status',
      'b.attendance',
      'b.person_id',
      'b.division_code',
      'p.name',
      'p.id_masked',
      'sl.id as slot_id',
      'sl.kind',
      'sl.starts_at',
      's.id as service_id',
    ])
    .where('sl.facility_id', '=', facilityId);
}
