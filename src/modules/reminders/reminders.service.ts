/**
 * SMS reminders to residents who opted in (issue 26 part 5). A background job (server.ts, "resident reminders")
 * finds the events of the five kinds, and sends each one once: its row in reminder_log is written before the
 * message goes out, under a unique event key, so a second run, a second process or a crash after sending never
 * sends it again. Texts carry no detail (core/reminders.ts). At most REMINDERS_PER_PHONE_PER_DAY reach one phone
 * a day; the rest are logged as rate-limited and not sent. 回复TD (the gateway's inbound message, handed to
 * `liudong reminders stop`) or the portal switch stops them.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { addDays } from '../../core/certificate.ts';
import { chinaDateOf, chinaDayStart, chinaMinuteOf } from '../../core/china-time.ts';
import {
  CERTIFICATE_NOTICE_DAYS,
  CHECKUP_NOTICE_DAYS,
  REMINDERS_PER_PHONE_PER_DAY,
  type ReminderKind,
  reminderText,
} from '../../core/reminders.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { SYSTEM_ACTOR, writeAudit } from '../audit/index.ts';
import { decryptPhone } from '../persons/index.ts';
import { smsSender } from '../portal/index.ts';

interface ReminderEvent {
  kind: ReminderKind;
  event_key: string;
  person_id: string;
  division_code: string;
  starts_at: Date | null;
  phone: string | null;
}

/** Events older than this are not reminded when the job comes back after a pause. */
const CATCH_UP_DAYS = 3;

/** The phone as a keyed hash (the blind index of the ID numbers, kept apart by a prefix). */
export function phoneHash(ctx: AppContext, phone: string): string {
  return ctx.pii.blindIndex(`phone:${phone.replace(/\D/g, '')}`);
}

/** Every event due now, of people whose latest reminders consent is a yes, not yet in the log. */
async function dueEvents(db: Db, now: Date): Promise<ReminderEvent[]> {
  const day = chinaDateOf(now);
  const tomorrow = addDays(day, 1);
  const since = new Date(now.getTime() - CATCH_UP_DAYS * 86_400_000);
  const result = await sql<ReminderEvent>`
    WITH events AS (
      SELECT 'checkup_due' AS kind, 'checkup_due:' || s.id AS event_key, s.person_id, s.division_code,
        NULL::timestamptz AS starts_at
      FROM (
        SELECT DISTINCT ON (person_id) id, person_id, division_code, next_due_on FROM service_record
        WHERE kind = 'reproductive_checkup' ORDER BY person_id, service_date DESC, created_at DESC
      ) s
      WHERE s.next_due_on BETWEEN ${day} AND ${addDays(day, CHECKUP_NOTICE_DAYS)}
      UNION ALL
      SELECT 'certificate_expiring', 'certificate_expiring:' || c.id, c.person_id, c.division_code, NULL
      FROM certificate c
      WHERE c.status = 'valid' AND c.expires_on BETWEEN ${day} AND ${addDays(day, CERTIFICATE_NOTICE_DAYS)}
      UNION ALL
      SELECT 'booking_tomorrow', 'booking_tomorrow:' || b.id, b.person_id, b.division_code, sl.starts_at
      FROM service_booking b JOIN service_slot sl ON sl.id = b.slot_id
      WHERE b.status = 'booked' AND sl.cancelled_at IS NULL
        AND sl.starts_at >= ${chinaDayStart(tomorrow)} AND sl.starts_at < ${chinaDayStart(addDays(tomorrow, 1))}
      UNION ALL
      SELECT 'complaint_answered', 'complaint_answered:' || k.id || ':' || extract(epoch FROM k.replied_at)::bigint,
        k.person_id, k.division_code, NULL
      FROM complaint k WHERE k.person_id IS NOT NULL AND k.replied_at >= ${since}
      UNION ALL
      SELECT 'birth_needs_info', 'birth_needs_info:' || r.id || ':' || r.version, r.person_id, r.division_code, NULL
      FROM birth_registration r WHERE r.status = 'needs_info' AND r.updated_at >= ${since}
    )
    SELECT e.kind, e.event_key, e.person_id, e.division_code, e.starts_at, p.phone
    FROM events e JOIN person p ON p.id = e.person_id
    WHERE (SELECT c.granted FROM consent_event c WHERE c.person_id = e.person_id AND c.kind = 'reminders'
           ORDER BY c.at DESC LIMIT 1) IS TRUE
      AND NOT EXISTS (SELECT 1 FROM reminder_log l WHERE l.event_key = e.event_key)
    ORDER BY e.person_id, e.kind
    LIMIT 1000`.execute(db);
  return result.rows;
}

async function sentToday(db: Db, hash: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('reminder_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('phone_hash', '=', hash)
    .where('outcome', '=', 'sent')
    .where('at', '>', new Date(now.getTime() - 86_400_000))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ReminderRun {
  sent: number;
  rateLimited: number;
  noPhone: number;
  failed: number;
}

/** One pass: every due event once. `now` is the job's clock (tests pass their own). */
export async function sendReminders(ctx: AppContext, now: Date = new Date()): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, rateLimited: 0, noPhone: 0, failed: 0 };
  for (const e of await dueEvents(ctx.db, now)) {
    const phone = decryptPhone(ctx.pii, e.phone);
    const hash = phone ? phoneHash(ctx, phone) : null;
    const text = reminderText(e.kind, e.starts_at ? chinaMinuteOf(e.starts_at).slice(11, 16) : undefined);
    const outcome =
      !phone || !hash
        ? 'no_phone'
        : (await sentToday(ctx.db, hash, now)) >= REMINDERS_PER_PHONE_PER_DAY
          ? 'rate_limited'
          : 'sent';
    // The row first: whoever inserts it sends; a concurrent run finds the key taken and sends nothing.
    const logged = await ctx.db
      .insertInto('reminder_log')
      .values({
        person_id: e.person_id,
        division_code: e.division_code,
        kind: e.kind,
        event_key: e.event_key,
        phone_hash: hash,
        outcome,
        text,
        at: now,
      })
      .onConflict((oc) => oc.column('event_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!logged) continue;
    if (outcome === 'no_phone') run.noPhone++;
    if (outcome === 'rate_limited') run.rateLimited++;
    if (outcome !== 'sent' || !phone) continue;
    try {
      await smsSender().send(phone, text);
      run.sent++;
    } catch {
      await ctx.db.updateTable('reminder_log').set({ outcome: 'failed' }).where('id', '=', logged.id).execute();
      run.failed++;
    }
  }
  return run;
}

/** The job's tick: reminders go out in the daytime only (08:00–20:00 China time). */
export async function reminderTick(ctx: AppContext, now: Date = new Date()): Promise<ReminderRun | null> {
  const hour = Number(chinaMinuteOf(now).slice(11, 13));
  return hour >= 8 && hour < 20 ? sendReminders(ctx, now) : null;
}

/**
 * 回复TD: stops the reminders of everyone a reminder went to at this phone (a withdrawn consent, recorded like
 * the portal switch and audited). Returns how many people were opted in and are now out.
 */
export async function stopRemindersByPhone(ctx: AppContext, phone: string, actor: Actor = SYSTEM_ACTOR) {
  const hash = phoneHash(ctx, phone);
  return ctx.db.transaction().execute(async (trx) => {
    const people = await trx
      .selectFrom('reminder_log as l')
      .innerJoin('person as p', 'p.id', 'l.person_id')
      .select(['l.person_id', 'p.residence_division'])
      .distinctOn('l.person_id')
      .where('l.phone_hash', '=', hash)
      .where(
        sql<boolean>`(SELECT c.granted FROM consent_event c WHERE c.person_id = l.person_id
          AND c.kind = 'reminders' ORDER BY c.at DESC LIMIT 1) IS TRUE`,
      )
      .orderBy('l.person_id')
      .execute();
    for (const p of people) {
      await trx
        .insertInto('consent_event')
        .values({
          person_id: p.person_id,
          division_code: p.residence_division,
          kind: 'reminders',
          granted: false,
          ip: null,
        })
        .execute();
    }
    if (people.length > 0) {
      await writeAudit(trx, actor, {
        action: 'reminders.stop',
        entity: 'person',
        personIds: people.map((p) => p.person_id),
        details: { channel: 'sms_reply' },
      });
    }
    return { stopped: people.length };
  });
}
