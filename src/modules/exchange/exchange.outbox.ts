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
import { today } from '../../core/china-time.ts';
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
import type { Db } from '../../db/database.ts';

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

/** Writes one message to the outbox, in the caller's transaction (see enqueueExchangeBatch). */
export async function enqueueExchange(db: Db, request: ExchangeRequest): Promise<Enqueued> {
  const [queued] = await enqueueExchangeBatch(db, [request]);
  if (!queued) throw new Error('enqueueExchangeBatch returned nothing');
  return queued;
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

/**
 * Writes messages to the outbox in the caller's transaction (a bulk import, a batch's automatic answers):
 * one insert for the outbox and one for new cases, so statement-level triggers (statistics) run once per
 * call rather than once per message. No look-up first: the insert does nothing for a known key. The
 * sender's side is the request's, else from the person (residence if they live in fromDivision). Results
 * are in the order of `requests`; a key repeated within the call, or already queued, is one message
 * (`created: false`, the queued message's id).
 */
export async function enqueueExchangeBatch(db: Db, requests: readonly ExchangeRequest[]): Promise<Enqueued[]> {
  if (requests.length === 0) return [];
  const lookUp = requests.filter((r) => !r.fromSide && r.subjectPersonId && !isCertificate(r));
  const homes = new Map<string, string>();
  if (lookUp.length > 0) {
    const rows = await db
      .selectFrom('person')
      .select(['id', 'residence_division'])
      .where('id', 'in', [...new Set(lookUp.map((r) => r.subjectPersonId as string))])
      .execute();
    for (const row of rows) homes.set(row.id, row.residence_division);
  }
  const sideOf = (r: ExchangeRequest): CaseSide => {
    if (r.fromSide) return r.fromSide;
    if (isCertificate(r)) return 'origin';
    const home = r.subjectPersonId ? homes.get(r.subjectPersonId) : undefined;
    if (home === undefined) return 'residence';
    return home.startsWith(r.fromDivision.slice(0, 6)) ? 'residence' : 'origin';
  };
  const firstByKey = new Map<string, number>();
  const planned: { request: ExchangeRequest; side: CaseSide; caseId: string; existing: boolean; id: string }[] = [];
  for (const [i, request] of requests.entries()) {
    if (firstByKey.has(request.idempotencyKey)) continue;
    firstByKey.set(request.idempotencyKey, i);
    const side = sideOf(request);
    const { caseId, existing } =
      request.caseId || !request.subjectPersonId || (request.kind === 'notification' && request.event === 'inflow')
        ? { caseId: request.caseId ?? crypto.randomUUID(), existing: !!request.caseId }
        : await resolveCase(db, side, request);
    planned.push({ request, side, caseId, existing, id: crypto.randomUUID() });
  }
  const now = today();
  const inserted = await db
    .insertInto('exchange_outbox')
    .values(
      planned.map(({ request, side, caseId, id }) => {
        const event = request.event ?? null;
        const urgent = request.urgent ?? event === 'referral';
        const reply = needsReply(request.kind, event);
        return {
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
          due_on: reply ? replyDueOn(now, urgent) : null,
          in_reply_to: request.inReplyTo ?? null,
          payload: JSON.stringify(request.payload ?? {}),
          transport: null,
          reply_id: null,
          replied_at: null,
          last_error: null,
          sent_at: null,
        };
      }),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('idempotency_key')
    .execute();
  const created = new Set(inserted.map((r) => r.idempotency_key));
  const known = new Map<string, { id: string; case_id: string }>();
  const old = planned.filter((p) => !created.has(p.request.idempotencyKey)).map((p) => p.request.idempotencyKey);
  if (old.length > 0) {
    const rows = await db
      .selectFrom('exchange_outbox')
      .select(['id', 'case_id', 'idempotency_key'])
      .where('idempotency_key', 'in', old)
      .execute();
    for (const row of rows) known.set(row.idempotency_key, row);
  }
  // The sender's own cases, as enqueueExchange: new ones in one insert, existing ones moved one by one.
  const fresh = planned.filter((p) => created.has(p.request.idempotencyKey) && p.request.subjectPersonId);
  const stateOf = (p: (typeof planned)[number]) =>
    p.request.kind === 'notification' ? nextCaseState(p.side, p.request.kind, p.request.event ?? null, null) : null;
  const newCases = fresh.filter((p) => !p.existing);
  if (newCases.length > 0) {
    const at = new Date();
    await db
      .insertInto('exchange_case')
      .values(
        newCases.map((p) => ({
          id: p.caseId,
          side: p.side,
          person_id: p.request.subjectPersonId as string,
          division_code: p.request.fromDivision,
          counterpart_division: p.request.toDivision,
          state: stateOf(p) ?? (p.side === 'residence' ? 'unconfirmed' : 'registered_outflow'),
          paired_at: null,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['id', 'side']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
          person_id: eb.ref('excluded.person_id'),
        })),
      )
      .execute();
  }
  for (const p of fresh.filter((x) => x.existing)) {
    const state = stateOf(p);
    if (state) await setCaseState(db, p.caseId, p.side, state);
  }
  const byKey = new Map(planned.map((p) => [p.request.idempotencyKey, p]));
  return requests.map((request, i) => {
    const p = byKey.get(request.idempotencyKey) as (typeof planned)[number];
    if (created.has(request.idempotencyKey))
      return { id: p.id, caseId: p.caseId, created: firstByKey.get(request.idempotencyKey) === i };
    const row = known.get(request.idempotencyKey);
    if (!row) throw new Error(`exchange message ${request.idempotencyKey} was neither queued nor found`);
    return { id: row.id, caseId: row.case_id, created: false };
  });
}

function isCertificate(request: ExchangeRequest): boolean {
  return request.kind === 'notification' && request.event === 'certificate';
}
