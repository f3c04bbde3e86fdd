/**
 * Set-based inflow notifications for bulk registration (the importer): the same outbox rows and residence-side
 * cases as notifyRegistered → enqueueExchange writes for one person, for a whole group of new people in two
 * statements, in the caller's transaction. The idempotency key `inflow:<person id>` is the one the API uses,
 * so a rerun or a resume after a crash never queues a second notification for the same person.
 */
import { sql } from 'kysely';
import { today } from '../../core/china-time.ts';
import { needsInflowNotification, needsReply, nextCaseState, replyDueOn } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';

export interface RegisteredPerson {
  id: string;
  name: string;
  hukou_division: string;
  residence_division: string;
  arrived_on: string | null;
}

/** Queues the inflow notifications of newly registered people; returns how many were queued. */
export async function enqueueInflowNotifications(
  db: Db,
  registeredBy: string,
  people: readonly RegisteredPerson[],
): Promise<number> {
  const due = people.filter((p) => needsInflowNotification(registeredBy, p));
  if (due.length === 0) return 0;
  const reply = needsReply('notification', 'inflow');
  const dueOn = reply ? replyDueOn(today(), false) : null;
  const state = nextCaseState('residence', 'notification', 'inflow', null) ?? 'unconfirmed';
  const payloads = due.map((p) =>
    JSON.stringify({
      name: p.name,
      residenceDivision: p.residence_division,
      ...(p.arrived_on ? { arrivedOn: p.arrived_on } : {}),
    }),
  );
  const r = await sql<{ n: string }>`
    WITH t AS (
      SELECT * FROM unnest(${due.map((p) => p.id)}::uuid[], ${due.map((p) => p.residence_division)}::text[],
        ${due.map((p) => p.hukou_division)}::text[], ${payloads}::text[])
        AS t(person_id, residence, hukou, payload)
    ),
    queued AS (
      INSERT INTO exchange_outbox (id, idempotency_key, kind, event, case_id, from_side, person_id, division_code,
        from_division, to_division, urgent, needs_reply, due_on, payload)
      SELECT gen_random_uuid(), 'inflow:' || t.person_id, 'notification', 'inflow', gen_random_uuid(), 'residence',
        t.person_id, t.residence, t.residence, t.hukou, false, ${reply}, ${dueOn}::date, t.payload::jsonb
      FROM t ORDER BY t.person_id
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING case_id, person_id, from_division, to_division
    ),
    cases AS (
      INSERT INTO exchange_case (id, side, person_id, division_code, counterpart_division, state)
      SELECT case_id, 'residence', person_id, from_division, to_division, ${state} FROM queued
      ON CONFLICT (id, side) DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS n FROM queued`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
