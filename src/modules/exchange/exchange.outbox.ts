/**
 * The transactional outbox: the one function other modules call to send an exchange message.
 *
 * Call it with the open transaction of the change that causes the message, so the message commits with
 * the change or not at all:
 *
 *   await db.transaction().execute(async (trx) => {
 *     const reg = await insertBirthRegistration(trx, …);
 *     await enqueueExchange(trx, {
 *       kind: 'notification', event: 'birth', subjectPersonId: reg.person_id,
 *       fromDivision: reg.division_code, toDivision: person.hukou_division,
 *       idempotencyKey: `birth:${reg.id}`,
 *     });
 *   });
 *
 * The exchange worker delivers it later: through the inbox of this same database when this deployment
 * serves `toDivision`, else over NATS JetStream to the deployment that does. The person's ID number is read
 * from the registry when the message is sent (never stored in the outbox). The same idempotencyKey enqueued
 * twice is one message; the receiver applies each message exactly once.
 */
import crypto from 'node:crypto';
import {
  type CaseSide,
  type CaseState,
  type ExchangeKind,
  type MessagePayload,
  type NotificationEvent,
  needsReply,
  nextCaseState,
  replyDueOn,
} from '../../core/exchange.ts';
import type { Db } from '../audit/audit.repository.ts';
import { today } from '../persons/persons.view.ts';

export interface ExchangeRequest {
  kind: ExchangeKind;
  /** For notifications: what happened. */
  event?: NotificationEvent | null;
  /** The person the message is about (local id); their ID number travels with the message. */
  subjectPersonId?: string | null;
  /** The sending office's division (12 digits) and the receiving one. */
  fromDivision: string;
  toDivision: string;
  /** Urgent inquiries are due in 15 days instead of 30; referrals are urgent. */
  urgent?: boolean;
  /** Facts to send; see MessagePayload in src/core/exchange.ts. No ID number here: it is added on sending. */
  payload?: Omit<MessagePayload, 'idNumber'>;
  /** Unique per cause, e.g. `inflow:<personId>`, `birth:<registrationId>`. */
  idempotencyKey: string;
  /** Which side of the case the sender is on; by default from the person (residence if they live in fromDivision). */
  fromSide?: CaseSide;
  /** Continue an existing case; by default the person's open case with the same counterpart, or a new one. */
  caseId?: string;
  /** For feedback and pairing: the message answered. */
  inReplyTo?: string | null;
}

export interface Enqueued {
  id: string;
  caseId: string;
  /** False when a message with the same idempotency key was already queued. */
  created: boolean;
}

async function senderSide(db: Db, request: ExchangeRequest): Promise<CaseSide> {
  if (request.fromSide) return request.fromSide;
  if (request.kind === 'notification' && request.event === 'certificate') return 'origin';
  if (request.subjectPersonId) {
    const person = await db
      .selectFrom('person')
      .select(['residence_division'])
      .where('id', '=', request.subjectPersonId)
      .executeTakeFirst();
    if (person) return person.residence_division.startsWith(request.fromDivision.slice(0, 6)) ? 'residence' : 'origin';
  }
  return 'residence';
}

/** The person's open case on this side with a counterpart in the same county, or a new case id. */
async function resolveCase(
  db: Db,
  side: CaseSide,
  request: ExchangeRequest,
): Promise<{ caseId: string; existing: boolean }> {
  if (request.caseId) return { caseId: request.caseId, existing: true };
  if (request.subjectPersonId && !(request.kind === 'notification' && request.event === 'inflow')) {
    const open = await db
      .selectFrom('exchange_case')
      .select('id')
      .where('person_id', '=', request.subjectPersonId)
      .where('side', '=', side)
      .where('counterpart_division', 'like', `${request.toDivision.slice(0, 6)}%`)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (open) return { caseId: open.id, existing: true };
  }
  return { caseId: crypto.randomUUID(), existing: false };
}

/** Writes one message to the outbox, in the caller's transaction. */
export async function enqueueExchange(db: Db, request: ExchangeRequest): Promise<Enqueued> {
  // No look-up first: the insert below does nothing for a known key, and the lookups before it only read.
  const side = await senderSide(db, request);
  const { caseId, existing } = await resolveCase(db, side, request);
  const event = request.event ?? null;
  const urgent = request.urgent ?? event === 'referral';
  const reply = needsReply(request.kind, event);
  const id = crypto.randomUUID();
  const inserted = await db
    .insertInto('exchange_outbox')
    .values({
      id,
      idempotency_key: request.idempotencyKey,
      kind: request.kind,
      event,
      case_id: caseId,
      from_side: side,
      person_id: request.subjectPersonId ?? null,
      division_code: request.fromDivision,
      from_division: request.fromDivision,
      to_division: request.toDivision,
      urgent,
      needs_reply: reply,
      due_on: reply ? replyDueOn(today(), urgent) : null,
      in_reply_to: request.inReplyTo ?? null,
      payload: JSON.stringify(request.payload ?? {}),
      transport: null,
      reply_id: null,
      replied_at: null,
      last_error: null,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const row = await db
      .selectFrom('exchange_outbox')
      .select(['id', 'case_id'])
      .where('idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { id: row.id, caseId: row.case_id, created: false };
  }
  // The sender's own case changes only with what it announces (a reply's effect is on the receiving side).
  const state = request.kind === 'notification' ? nextCaseState(side, request.kind, event, null) : null;
  if (!existing && request.subjectPersonId) {
    await upsertCase(db, {
      id: caseId,
      side,
      personId: request.subjectPersonId,
      division: request.fromDivision,
      counterpart: request.toDivision,
      state: state ?? (side === 'residence' ? 'unconfirmed' : 'registered_outflow'),
    });
  } else if (state && request.subjectPersonId) {
    await setCaseState(db, caseId, side, state);
  }
  return { id, caseId, created: true };
}

export async function upsertCase(
  db: Db,
  c: {
    id: string;
    side: CaseSide;
    personId: string | null;
    division: string;
    counterpart: string;
    state: CaseState;
    paired?: boolean;
  },
): Promise<void> {
  const now = new Date();
  await db
    .insertInto('exchange_case')
    .values({
      id: c.id,
      side: c.side,
      person_id: c.personId,
      division_code: c.division,
      counterpart_division: c.counterpart,
      state: c.state,
      paired_at: c.paired ? now : null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['id', 'side']).doUpdateSet({
        state: c.state,
        updated_at: now,
        ...(c.personId ? { person_id: c.personId } : {}),
        ...(c.paired ? { paired_at: now } : {}),
      }),
    )
    .execute();
}

export async function setCaseState(
  db: Db,
  caseId: string,
  side: CaseSide,
  state: CaseState,
  paired = false,
): Promise<void> {
  await db
    .updateTable('exchange_case')
    .set({ state, updated_at: new Date(), ...(paired ? { paired_at: new Date() } : {}) })
    .where('id', '=', caseId)
    .where('side', '=', side)
    .execute();
}
