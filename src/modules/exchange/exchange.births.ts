/**
 * A registered birth registration reaches the other area (origin ↔ residence) through the exchange outbox,
 * in the transaction that registers it (the births module's `birthRegistered` hook, see exchange.register.ts). The office that registered it is on one side; the other side is the
 * applicant's household-registration place when filed at the residence, else the place of residence.
 * `exchange_notified_at` marks a registration as handed to the exchange; registrations registered before this
 * wiring (marker still null) are queued by `queuePendingBirthNotifications` at start-up. The idempotency key
 * `birth:<registration id>` makes every path send one message at most.
 */

import { type Kysely, sql } from 'kysely';
import { chinaDateOf } from '../../core/china-time.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { RegisteredBirth } from '../births/index.ts';
import { enqueueExchange } from './exchange.outbox.ts';

const county = (code: string) => code.slice(0, 6);

interface Applicant {
  hukou_division: string;
  residence_division: string;
}

/** Where the notification goes, or null when both areas are in the registering office's county. */
export function birthDestination(reg: Pick<RegisteredBirth, 'division_code' | 'place_basis'>, person: Applicant) {
  const other = reg.place_basis === 'hukou' ? person.residence_division : person.hukou_division;
  if (county(other) === county(reg.division_code)) return null;
  return { to: other, fromSide: reg.place_basis === 'hukou' ? ('origin' as const) : ('residence' as const) };
}

/** Queues the notification of one registered birth and sets its marker; false when there is nobody to tell. */
export async function notifyBirthRegistered(
  db: Db,
  reg: RegisteredBirth,
  person: Applicant,
  registeredOn: string,
): Promise<boolean> {
  const dest = birthDestination(reg, person);
  if (!dest) return false;
  await enqueueExchange(db, {
    kind: 'notification',
    event: 'birth',
    subjectPersonId: reg.person_id,
    fromDivision: reg.division_code,
    toDivision: dest.to,
    fromSide: dest.fromSide,
    idempotencyKey: `birth:${reg.id}`,
    payload: {
      facts: {
        registrationNumber: reg.number,
        childOrder: reg.child_order,
        childBornOn: reg.child_born_on,
        expectedOn: reg.expected_on,
        registeredOn,
      },
    },
  });
  await db
    .updateTable('birth_registration')
    .set({ exchange_notified_at: new Date() })
    .where('id', '=', reg.id)
    .execute();
  return true;
}

/** Registered births with no marker whose other area is in another county: queued now (one message each). */
export async function queuePendingBirthNotifications(db: Kysely<Database>, batch = 500): Promise<number> {
  let queued = 0;
  for (;;) {
    const n = await queueBatch(db, batch);
    queued += n;
    if (n < batch) return queued;
  }
}

async function queueBatch(db: Kysely<Database>, limit: number): Promise<number> {
  const rows = await db
    .selectFrom('birth_registration as b')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .select([
      'b.id',
      'b.number',
      'b.person_id',
      'b.division_code',
      'b.place_basis',
      'b.child_order',
      'b.child_born_on',
      'b.expected_on',
      'b.registered_at',
      'p.hukou_division',
      'p.residence_division',
    ])
    .where('b.status', '=', 'registered')
    .where('b.exchange_notified_at', 'is', null)
    .where(
      (eb) =>
        sql<boolean>`substr(case when ${eb.ref('b.place_basis')} = 'hukou' then ${eb.ref('p.residence_division')} else ${eb.ref('p.hukou_division')} end, 1, 6) <> substr(${eb.ref('b.division_code')}, 1, 6)`,
    )
    .orderBy('b.registered_at')
    .limit(limit)
    .execute();
  let queued = 0;
  for (const r of rows) {
    const registeredOn = chinaDateOf(r.registered_at ?? new Date());
    const done = await db.transaction().execute((trx) => notifyBirthRegistered(trx, r, r, registeredOn));
    if (done) queued++;
  }
  return queued;
}
