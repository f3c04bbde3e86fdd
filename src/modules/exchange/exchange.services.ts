/**
 * Services count where the person is from, too (issue 26 part 4). A check-up or counselling given to someone whose
 * household registration is in another county is told to that origin, in the transaction that records it, as a
 * 'service' notification: a coarse kind (check-up or counselling), the date and the type of place. The origin's
 * statistics count it as 异地服务 (`services_elsewhere`, docs/indicators.md), apart from the services it gave.
 * Which check-up or counselling it was stays at the residence: a technical service, prenatal care or contraceptive
 * counselling is never named to the origin. One message per service record (`service:<id>`).
 */
import type { ServiceFactKind, ServicePlaceType } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import { enqueueExchange } from './exchange.outbox.ts';

/** The service kinds whose fact travels, by the coarse kind the origin sees; any other kind does not travel. */
const FACT_KIND: Readonly<Record<string, ServiceFactKind>> = {
  reproductive_checkup: 'checkup',
  prenatal_care: 'checkup',
  contraceptive_counselling: 'counselling',
  mental_health_counselling: 'counselling',
};

export interface RecordedService {
  id: string;
  person_id: string;
  /** Where it was given. */
  division_code: string;
  kind: string;
  status: string;
  service_date: string;
  facility_id: string | null;
  outreach_event: string | null;
}

/** Queues the fact of a service to the person's origin when they received it in another county; else nothing. */
export async function notifyServiceElsewhere(db: Db, service: RecordedService): Promise<void> {
  const kind = FACT_KIND[service.kind];
  if (service.status !== 'done' || !kind) return;
  const person = await db
    .selectFrom('person')
    .select(['hukou_division'])
    .where('id', '=', service.person_id)
    .executeTakeFirst();
  if (!person || person.hukou_division.slice(0, 6) === service.division_code.slice(0, 6)) return;
  await enqueueExchange(db, {
    kind: 'notification',
    event: 'service',
    subjectPersonId: service.person_id,
    fromDivision: service.division_code,
    toDivision: person.hukou_division,
    fromSide: 'residence',
    idempotencyKey: `service:${service.id}`,
    payload: { service: { kind, date: service.service_date, placeType: await placeType(db, service) } },
  });
}

async function placeType(db: Db, service: RecordedService): Promise<ServicePlaceType> {
  if (service.facility_id) {
    const facility = await db
      .selectFrom('facility')
      .select('kind')
      .where('id', '=', service.facility_id)
      .executeTakeFirst();
    if (facility) return facility.kind;
  }
  return service.outreach_event ? 'outreach' : 'community';
}
