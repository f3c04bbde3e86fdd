/**
 * Issue 21 part 4: a resident who books a service they already have an upcoming booking for is told so (409
 * BOOKING_EXISTS, naming the time and place) instead of holding two; with `replace: true` the earlier booking is
 * cancelled in the same transaction as the new one is made.
 */
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { ServiceKind } from '../../db/schema.ts';
import type { Actor } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';

interface UpcomingBooking {
  id: string;
  facility: string;
  starts_at: Date;
}

/** The resident's upcoming booking of the same service kind, if any (the person row is already locked). */
export async function upcomingBookingOfKind(db: Db, personId: string, kind: ServiceKind, exceptSlot: string) {
  return db
    .selectFrom('service_booking as b')
    .innerJoin('service_slot as s', 's.id', 'b.slot_id')
    .select(['b.id', 's.facility', 's.starts_at'])
    .where('b.person_id', '=', personId)
    .where('b.status', '=', 'booked')
    .where('s.kind', '=', kind)
    .where('s.id', '!=', exceptSlot)
    .where('s.cancelled_at', 'is', null)
    .where('s.starts_at', '>', new Date())
    .orderBy('s.starts_at')
    .executeTakeFirst();
}

/** China time for the message (the portal shows times in Beijing time). */
function chinaTime(d: Date): string {
  return new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function bookingExists(earlier: UpcomingBooking): AppError {
  const when = chinaTime(earlier.starts_at);
  return new AppError(
    'BOOKING_EXISTS',
    409,
    {
      zh: `您已预约了同类服务（${when}，${earlier.facility}）；如要改约，请确认后将取消原预约`,
      en: `You already have a booking for this service (${when}, ${earlier.facility}); to change it, confirm and the earlier booking is cancelled`,
    },
    [],
    { existing: { id: earlier.id, startsAt: earlier.starts_at, facility: earlier.facility } },
  );
}

export async function cancelReplacedBooking(db: Db, actor: Actor, personId: string, bookingId: string) {
  await db
    .updateTable('service_booking')
    .set({ status: 'cancelled', cancelled_at: new Date() })
    .where('id', '=', bookingId)
    .execute();
  await writeAudit(db, actor, {
    action: 'portal.cancel_booking',
    entity: 'service_booking',
    entityId: bookingId,
    personIds: [personId],
    details: { replaced: true },
  });
}
