/**
 * The registry changes that notify the other side, each run inside the transaction of the change (person changes
 * through the persons hooks, registered in src/modules/wiring.ts; certificates by a direct call):
 * - an inflow registration notifies the origin, which pairs it with its outflow record and confirms it;
 * - a move, a departure or a marriage of a floating person notifies the origin;
 * - a certificate issued for someone living in another county notifies the residence.
 * Only floating people (household registration and residence in different counties) are exchanged.
 */
import { isFloating, needsInflowNotification } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import { enqueueExchange } from './exchange.outbox.ts';

interface PersonFacts {
  id: string;
  version: number;
  hukou_division: string;
  residence_division: string;
  name: string;
  arrived_on: string | null;
  departed_on: string | null;
  marital_status: string;
}

const county = (code: string) => code.slice(0, 6);
const floating = isFloating;

/** A person registered by the place of residence: 流入登记 → 通报 to the origin, answered by 配对. */
export async function notifyRegistered(db: Db, registeredBy: string, person: PersonFacts): Promise<void> {
  if (!needsInflowNotification(registeredBy, person)) return;
  await enqueueExchange(db, {
    kind: 'notification',
    event: 'inflow',
    subjectPersonId: person.id,
    fromDivision: person.residence_division,
    toDivision: person.hukou_division,
    fromSide: 'residence',
    idempotencyKey: `inflow:${person.id}`,
    payload: {
      name: person.name,
      residenceDivision: person.residence_division,
      ...(person.arrived_on ? { arrivedOn: person.arrived_on } : {}),
    },
  });
}

/** A change of a floating person that the origin should hear about. */
export async function notifyUpdated(db: Db, before: PersonFacts, after: PersonFacts): Promise<void> {
  if (!floating(before) && !floating(after)) return;
  const base = {
    subjectPersonId: after.id,
    fromDivision: after.residence_division,
    toDivision: after.hukou_division,
    fromSide: 'residence' as const,
  };
  if (before.residence_division !== after.residence_division) {
    const settled = !floating(after);
    await enqueueExchange(db, {
      ...base,
      kind: 'notification',
      event: settled ? 'settled' : 'move',
      fromDivision: before.residence_division,
      idempotencyKey: `move:${after.id}:${after.version}`,
      payload: {
        residenceDivision: after.residence_division,
        ...(after.arrived_on ? { movedOn: after.arrived_on } : {}),
      },
    });
    if (!settled && county(before.residence_division) !== county(after.residence_division)) {
      await notifyRegistered(db, after.residence_division, after);
    }
  }
  if (after.departed_on && after.departed_on !== before.departed_on) {
    await enqueueExchange(db, {
      ...base,
      kind: 'notification',
      event: 'departure',
      idempotencyKey: `departure:${after.id}:${after.version}`,
      payload: { departedOn: after.departed_on },
    });
  }
  if (before.marital_status !== after.marital_status) {
    await enqueueExchange(db, {
      ...base,
      kind: 'notification',
      event: 'marriage',
      idempotencyKey: `marriage:${after.id}:${after.version}`,
      payload: { maritalStatus: after.marital_status },
    });
  }
}

/** A certificate issued at the origin for someone living in another county notifies the residence. */
export async function notifyCertificateIssued(
  db: Db,
  certificate: { id: string; number: string; expires_on: string; division_code: string },
  person: Pick<PersonFacts, 'id' | 'residence_division' | 'hukou_division'>,
): Promise<void> {
  if (county(certificate.division_code) === county(person.residence_division)) return;
  await enqueueExchange(db, {
    kind: 'notification',
    event: 'certificate',
    subjectPersonId: person.id,
    fromDivision: certificate.division_code,
    toDivision: person.residence_division,
    fromSide: 'origin',
    idempotencyKey: `certificate:${certificate.id}`,
    payload: { certificateNumber: certificate.number, certificateExpiresOn: certificate.expires_on },
  });
}
