/**
 * A booking reaches the provider (issue 26 part 2). A resident books a slot in the portal; the facility that
 * published it (service_slot.facility_id) sees who booked (name, masked ID number, slot), marks attendance on
 * the day, and records the service against the booking. The live booking is what puts that one person in the
 * provider's reach (providerScope, src/db/scoped.ts); every list and mark is audited with the person.
 */
import type { AppContext } from '../../context.ts';
import { addDays } from '../../core/certificate.ts';
import { chinaDateOf, chinaDayStart, today } from '../../core/china-time.ts';
import { AppError, type LocalizedText } from '../../core/errors.ts';
import { SERVICE_KIND_LABELS } from '../../core/services.ts';
import type { Db } from '../../db/database.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { facilityBookingsQuery, facilityOfUser } from './services.repository.ts';

const BOOKING = { zh: '预约', en: 'Booking' };

type BookingRow = Awaited<ReturnType<ReturnType<typeof facilityBookingsQuery>['execute']>>[number];

function bookingView(r: BookingRow) {
  return {
    id: r.id,
    status: r.status,
    attendance: r.attendance,
    serviceId: r.service_id,
    person: { id: r.person_id, name: r.name, idNumberMasked: r.id_masked },
    slot: { id: r.slot_id, kind: r.kind, kindLabel: SERVICE_KIND_LABELS[r.kind], startsAt: r.starts_at },
  };
}

/** The provider's facility, or 404 for an account bound to none. */
async function ownFacility(db: Db, user: SessionUser) {
  const id = await facilityOfUser(db, user.id);
  const facility = id
    ? await db.selectFrom('facility').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
    : undefined;
  return facility ?? null;
}

/** The facility's bookings from a week back to a month ahead (or the days asked), earliest first. */
export async function facilityBookings(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  window: { from?: string | undefined; to?: string | undefined },
) {
  const facility = await ownFacility(ctx.db, user);
  if (!facility) return { facility: null, items: [] };
  const day = today();
  const from = window.from ?? addDays(day, -7);
  const to = window.to ?? addDays(day, 30);
  const rows = await facilityBookingsQuery(ctx.db, facility.id)
    .where('sl.starts_at', '>=', chinaDayStart(from))
    .where('sl.starts_at', '<', chinaDayStart(addDays(to, 1)))
    .orderBy('sl.starts_at')
    .orderBy('p.name')
    .limit(500)
    .execute();
  if (rows.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'service.booking_list',
      entity: 'person',
      personIds: [...new Set(rows.map((r) => r.person_id))],
    });
  }
  return { facility, items: rows.map(bookingView) };
}

/** Attended or no-show, marked by the facility from the slot's day on; a served booking stays attended. */
export async function markAttendance(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  bookingId: string,
  attendance: 'attended' | 'no_show',
) {
  return ctx.db.transaction().execute(async (trx) => {
    const facility = await ownFacility(trx, user);
    const row = facility
      ? await facilityBookingsQuery(trx, facility.id)
          .where('b.id', '=', bookingId)
          .where('b.status', '=', 'booked')
          .executeTakeFirst()
      : undefined;
    if (!row) throw AppError.notFound(BOOKING);
    if (chinaDateOf(row.starts_at) > today()) {
      throw AppError.validation([
        {
          path: 'attendance',
          message: { zh: '到场情况：预约日当天起才能登记', en: 'Attendance: can be marked from the day of the slot' },
        },
      ]);
    }
    if (row.service_id && attendance === 'no_show') {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '已按此预约登记了服务，不能标为未到',
        en: 'A service was recorded against this booking; it cannot be a no-show',
      });
    }
    await trx
      .updateTable('service_booking')
      .set({ attendance, attendance_marked_at: new Date(), attendance_marked_by: user.id })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, actor, {
      action: 'service.booking_attendance',
      entity: 'service_booking',
      entityId: row.id,
      personIds: [row.person_id],
      details: { attendance },
    });
    return { booking: bookingView({ ...row, attendance }) };
  });
}

/**
 * The booking a service is recorded against: the person's own live booking, at the provider's facility (a
 * provider) or in the staff member's area, not yet served. Otherwise the problem, named on `bookingId`.
 */
export async function usableBooking(
  db: Db,
  user: SessionUser,
  personId: string,
  bookingId: string,
): Promise<{ id: string } | { problem: LocalizedText }> {
  const notLive = { problem: { zh: '不是此人在本机构的有效预约', en: 'is not a live booking of this person here' } };
  const facility = user.role === 'provider' ? await facilityOfUser(db, user.id) : null;
  if (user.role === 'provider' && !facility) return notLive;
  // A provider's reach is its facility, not the division its account is bound to; staff read in their area.
  let query = (facility ? db.selectFrom('service_booking as b') : scoped(db, user).selectFrom('service_booking as b'))
    .innerJoin('service_slot as sl', 'sl.id', 'b.slot_id')
    .leftJoin('service_record as s', 's.booking_id', 'b.id')
    .select(['b.id', 's.id as service_id'])
    .where('b.id', '=', bookingId)
    .where('b.person_id', '=', personId)
    .where('b.status', '=', 'booked');
  if (facility) query = query.where('sl.facility_id', '=', facility);
  const row = await query.executeTakeFirst();
  if (!row) return notLive;
  if (row.service_id) return { problem: { zh: '此预约已登记过服务', en: 'a service was already recorded for it' } };
  return { id: row.id };
}

/** A service given against a booking marks it attended. */
export async function markBookingServed(db: Db, user: SessionUser, bookingId: string): Promise<void> {
  await db
    .updateTable('service_booking')
    .set({ attendance: 'attended', attendance_marked_at: new Date(), attendance_marked_by: user.id })
    .where('id', '=', bookingId)
    .execute();
}
