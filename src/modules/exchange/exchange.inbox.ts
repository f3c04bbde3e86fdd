/**
 * The inbox: applies one received message inside a transaction, exactly once. The idempotency key is
 * unique in `exchange_inbox`, so a redelivered message inserts nothing and changes nothing. A rejection
 * (e.g. feedback to an inquiry that does not exist) throws, and the transaction rolls back: nothing is
 * partly applied. Automatic replies go to the outbox in the same transaction.
 */
import { sql } from 'kysely';
import { type Envelope, ExchangeRejection, nextCaseState, otherSide } from '../../core/exchange.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import type { Db } from '../../db/database.ts';
import type { ExchangeTransport } from '../../db/schema.ts';
import type { Actor } from '../../http/session.ts';
import { auditRows } from '../audit/index.ts';
import { applyApplicationAnswer, receiveRoutedApplication } from './exchange.applications.ts';
import { CaseWrites } from './exchange.cases.ts';
import { type ExchangeRequest, enqueueExchangeBatch } from './exchange.outbox.ts';

/** Who applied an exchange message in the audit log: the deployment itself. */
export const EXCHANGE_ACTOR: Actor = { id: null, username: 'exchange', role: null, divisionCode: null, ip: null };

export interface ApplyMeta {
  transport: ExchangeTransport;
  /** The signing peer's key id (between deployments). */
  peer: string | null;
  /** HMAC blind index of the ID number the message carries, computed with this deployment's key. */
  idHash: string | null;
}

export type ApplyResult = { status: 'applied'; outcome: string; inboxId: string } | { status: 'duplicate' };

interface LocalPerson {
  id: string;
  hukou_division: string;
  residence_division: string;
  marital_status: string;
  children: { birthDate: string }[];
  name: string;
}

/** What one batch reads up front and writes at the end. */
interface BatchState {
  persons: Map<string, LocalPerson>;
  cases: CaseWrites;
  /** Our sent messages answered in this batch: outbox id → reply id. */
  replied: Map<string, string>;
  /** Automatic answers, queued together after the batch (one outbox insert). */
  replies: ExchangeRequest[];
  /** A valid certificate of each person in `persons`, if any. */
  certificates: Map<string, { number: string; expires_on: string }>;
}

async function personsByHash(db: Db, hashes: readonly string[]): Promise<Map<string, LocalPerson>> {
  if (hashes.length === 0) return new Map();
  const rows = await db
    .selectFrom('person')
    .select(['id', 'id_hash', 'hukou_division', 'residence_division', 'marital_status', 'children', 'name'])
    .where('id_hash', 'in', [...new Set(hashes)])
    .execute();
  return new Map(rows.map(({ id_hash, ...person }) => [id_hash, person]));
}

async function validCertificates(db: Db, personIds: readonly string[]): Promise<BatchState['certificates']> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('certificate')
    .select(['person_id', 'number', 'expires_on'])
    .where('person_id', 'in', personIds)
    .where('status', '=', 'valid')
    .execute();
  const out: BatchState['certificates'] = new Map();
  for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, { number: r.number, expires_on: r.expires_on });
  return out;
}

/** The facts the origin confirms automatically: what the registry already holds. */
function registryFacts(batch: BatchState, person: LocalPerson) {
  const certificate = batch.certificates.get(person.id);
  return {
    found: true,
    maritalStatus: person.marital_status,
    childrenCount: person.children.length,
    hukouDivision: person.hukou_division,
    ...(certificate ? { certificateNumber: certificate.number, certificateExpiresOn: certificate.expires_on } : {}),
  };
}

/** Queues the automatic answer to a message, from the registry's facts; returns its index in the batch's replies. */
function queueAutomaticReply(
  batch: BatchState,
  env: Envelope,
  kind: 'pairing' | 'feedback',
  person: LocalPerson,
): number {
  return (
    batch.replies.push({
      kind,
      subjectPersonId: person.id,
      fromDivision: env.to,
      toDivision: env.from,
      fromSide: otherSide(env.fromSide),
      caseId: env.caseId,
      inReplyTo: env.id,
      idempotencyKey: `reply:${env.id}`,
      payload: registryFacts(batch, person),
    }) - 1
  );
}

function storedPayload(env: Envelope): string {
  const { idNumber, ...rest } = env.payload;
  return JSON.stringify(idNumber ? { ...rest, idNumberMasked: maskIdNumber(idNumber) } : rest);
}

/** What applying a message did on this side; written to its inbox row. */
interface Effect {
  outcome: string;
  personId: string | null;
  needsReply: boolean;
  /** Index of its automatic answer in BatchState.replies. */
  reply: number | null;
}

/** A message with what this deployment knows about its sender and its ID number. */
export interface Incoming {
  env: Envelope;
  meta: ApplyMeta;
}

/**
 * Raised when another transaction recorded one of the batch's messages after this one looked: everything
 * rolls back, and the redelivery finds the message already applied.
 */
export class ConcurrentApply extends Error {
  constructor() {
    super('an exchange message was applied concurrently; the batch is rolled back');
    this.name = 'ConcurrentApply';
  }
}

/** Applies one message; see applyIncomingBatch. */
export async function applyIncoming(trx: Db, env: Envelope, meta: ApplyMeta): Promise<ApplyResult> {
  const [result] = await applyIncomingBatch(trx, [{ env, meta }]);
  if (!result) throw new Error('applyIncomingBatch returned nothing');
  return result;
}

/**
 * Applies messages in the caller's transaction, each exactly once. Messages already in the inbox (by id
 * or idempotency key, also within the batch) are duplicates and change nothing. The inbox rows and audit
 * rows of the whole batch are written by one statement each: the tables' statement-level triggers (stats
 * rollups) then run once per batch, not once per message. A rejection throws and rolls back the batch;
 * the caller retries its messages one by one so that one bad message does not hold back the others.
 */
export async function applyIncomingBatch(trx: Db, items: readonly Incoming[]): Promise<ApplyResult[]> {
  if (items.length === 0) return [];
  const ids = items.map((i) => i.env.id);
  const keys = items.map((i) => i.env.key);
  const seen = await trx
    .selectFrom('exchange_inbox')
    .select(['id', 'idempotency_key'])
    .where((eb) => eb.or([eb('id', 'in', ids), eb('idempotency_key', 'in', keys)]))
    .execute();
  const seenIds = new Set(seen.map((r) => r.id));
  const seenKeys = new Set(seen.map((r) => r.idempotency_key));
  const fresh = items.filter((i) => !seenIds.has(i.env.id) && !seenKeys.has(i.env.key));
  const persons = await personsByHash(
    trx,
    fresh.map((i) => i.meta.idHash).filter((h): h is string => !!h),
  );
  const batch: BatchState = {
    persons,
    cases: await CaseWrites.load(
      trx,
      fresh.map((i) => i.env.caseId),
    ),
    replied: new Map(),
    replies: [],
    certificates: await validCertificates(
      trx,
      [...persons.values()].map((p) => p.id),
    ),
  };
  const results: ApplyResult[] = [];
  const effects: { env: Envelope; meta: ApplyMeta; effect: Effect }[] = [];
  const audits = [];
  for (const { env, meta } of items) {
    if (seenIds.has(env.id) || seenKeys.has(env.key)) {
      results.push({ status: 'duplicate' });
      continue;
    }
    seenIds.add(env.id);
    seenKeys.add(env.key);
    const effect = await applyEffects(trx, batch, env, meta);
    effects.push({ env, meta, effect });
    if (effect.personId) {
      audits.push(
        ...auditRows(EXCHANGE_ACTOR, {
          action: `exchange.receive.${env.kind}`,
          entity: 'exchange_message',
          entityId: env.id,
          personIds: [effect.personId],
          details: {
            outcome: effect.outcome,
            from: env.from,
            event: env.event,
            ...(env.payload.purpose ? { purpose: env.payload.purpose } : {}),
          },
        }),
      );
    }
    results.push({ status: 'applied', outcome: effect.outcome, inboxId: env.id });
  }
  const queued = await enqueueExchangeBatch(trx, batch.replies);
  const rows = effects.map(({ env, meta, effect }) =>
    inboxRow(env, meta, effect, effect.reply === null ? null : (queued[effect.reply]?.id ?? null)),
  );
  if (batch.replied.size > 0) {
    // One statement for the batch's answers to our own messages (their first answer is the one kept).
    const values = sql.join([...batch.replied].map(([id, replyId]) => sql`(${id}::uuid, ${replyId}::uuid)`));
    await sql`update exchange_outbox as o set replied_at = ${new Date()}, reply_id = v.reply_id
      from (values ${values}) as v(id, reply_id) where o.id = v.id and o.replied_at is null`.execute(trx);
  }
  if (rows.length > 0) {
    const inserted = await trx
      .insertInto('exchange_inbox')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    if (inserted.length !== rows.length) throw new ConcurrentApply();
  }
  // Cases last: the inbox rows lock their people (foreign key), and a person's own change locks the person
  // before its case (persons.service → exchange hooks). Taking them in the same order here avoids that deadlock.
  await batch.cases.flush();
  if (audits.length > 0) await trx.insertInto('audit_log').values(audits).execute();
  return results;
}

function inboxRow(env: Envelope, meta: ApplyMeta, effect: Effect, replyId: string | null) {
  const now = new Date();
  return {
    id: env.id,
    idempotency_key: env.key,
    kind: env.kind,
    event: env.event,
    case_id: env.caseId,
    from_side: env.fromSide,
    person_id: effect.personId,
    division_code: env.to,
    from_division: env.from,
    to_division: env.to,
    urgent: env.urgent,
    needs_reply: effect.needsReply || effect.reply !== null,
    due_on: env.dueOn,
    in_reply_to: env.inReplyTo,
    payload: storedPayload(env),
    transport: meta.transport,
    peer: meta.peer,
    outcome: effect.outcome,
    reply_id: replyId,
    replied_at: replyId ? now : null,
    sent_at: env.sentAt,
  };
}

/** The message's effect on cases, replies and the outbox; the inbox row itself is written by the caller. */
async function applyEffects(trx: Db, batch: BatchState, env: Envelope, meta: ApplyMeta): Promise<Effect> {
  const side = otherSide(env.fromSide);
  let outcome = 'recorded';
  let personId: string | null = null;
  let needsReply = false;
  let reply: number | null = null;

  if (env.kind === 'notification' && env.event === 'inflow') {
    // 配对: the origin pairs the residence's inflow registration with its own record of the person.
    const person = meta.idHash ? batch.persons.get(meta.idHash) : undefined;
    const found = !!person && person.hukou_division.startsWith(env.to.slice(0, 6));
    personId = found && person ? person.id : null;
    batch.cases.upsert({
      id: env.caseId,
      side,
      personId,
      division: person && found ? person.hukou_division : env.to,
      counterpart: env.from,
      state: nextCaseState(side, env.kind, env.event, found) ?? 'needs_reconfirmation',
      paired: found,
    });
    if (found && person) {
      reply = queueAutomaticReply(batch, env, 'pairing', person);
      outcome = 'paired';
    } else {
      // Not in the registry: a person answers it from the work list.
      needsReply = true;
      outcome = 'not_found';
    }
  } else if (env.kind === 'inquiry') {
    // 协查: answered automatically when the registry holds the person, else it lands on the work list.
    const person = meta.idHash ? batch.persons.get(meta.idHash) : undefined;
    const county = env.to.slice(0, 6);
    const found =
      !!person && (person.hukou_division.startsWith(county) || person.residence_division.startsWith(county));
    personId = found && person ? person.id : null;
    batch.cases.upsert({
      id: env.caseId,
      side,
      personId,
      division: env.to,
      counterpart: env.from,
      state: found ? (side === 'origin' ? 'registered_outflow' : 'registered_inflow') : 'needs_reconfirmation',
    });
    if (found && person && env.event === 'certificate' && env.payload.application) {
      // A certificate application routed here: the origin's office decides it; its decision is the answer.
      await receiveRoutedApplication(trx, env.id, env.payload.application, person);
      needsReply = true;
      outcome = 'certificate_queue';
    } else if (found && person) {
      reply = queueAutomaticReply(batch, env, 'feedback', person);
      outcome = 'answered';
    } else {
      needsReply = true;
      outcome = 'worklist';
    }
  } else if (env.kind === 'feedback' || env.kind === 'pairing') {
    // 反馈: must answer a message we sent that expects an answer.
    const asked = await trx
      .selectFrom('exchange_outbox')
      .select([
        'id',
        'person_id',
        'from_division',
        'to_division',
        'replied_at',
        'case_id',
        'from_side',
        'event',
        'idempotency_key',
      ])
      .where('id', '=', env.inReplyTo as string)
      .where('needs_reply', '=', true)
      .executeTakeFirst();
    if (!asked) throw new ExchangeRejection('unknown_inquiry', env.inReplyTo ?? '');
    if (!asked.replied_at && !batch.replied.has(asked.id)) batch.replied.set(asked.id, env.id);
    personId = asked.person_id;
    if (env.kind === 'pairing') {
      const found = env.payload.found === true;
      await batch.cases.setState(
        asked.case_id,
        asked.from_side,
        found ? 'registered_inflow' : 'needs_reconfirmation',
        found,
      );
      outcome = found ? 'paired' : 'not_found';
    } else {
      if (asked.event === 'certificate') await applyApplicationAnswer(trx, asked.idempotency_key, env.payload);
      outcome = 'answered';
    }
  } else {
    // 通报: recorded against the person's case on this side, whose state may change (moving, settled).
    const person = meta.idHash ? batch.persons.get(meta.idHash) : undefined;
    personId = person?.id ?? null;
    const state = nextCaseState(side, env.kind, env.event, null);
    const existing = batch.cases.exists(env.caseId, side);
    if (existing && state) await batch.cases.setState(env.caseId, side, state);
    if (!existing) {
      batch.cases.upsert({
        id: env.caseId,
        side,
        personId,
        division: env.to,
        counterpart: env.from,
        state: state ?? (side === 'origin' ? 'registered_outflow' : 'registered_inflow'),
      });
    }
  }

  return { outcome, personId, needsReply, reply };
}
