/**
 * The inbox: applies one received message inside a transaction, exactly once. The idempotency key is
 * unique in `exchange_inbox`, so a redelivered message inserts nothing and changes nothing. A rejection
 * (e.g. feedback to an inquiry that does not exist) throws, and the transaction rolls back: nothing is
 * partly applied. Automatic replies go to the outbox in the same transaction.
 */
import { type Envelope, ExchangeRejection, nextCaseState, otherSide } from '../../core/exchange.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import type { ExchangeTransport } from '../../db/schema.ts';
import { type Actor, auditRows, type Db } from '../audit/audit.repository.ts';
import { enqueueExchange, setCaseState, upsertCase } from './exchange.outbox.ts';

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

async function personByHash(db: Db, idHash: string | null): Promise<LocalPerson | undefined> {
  if (!idHash) return undefined;
  return db
    .selectFrom('person')
    .select(['id', 'hukou_division', 'residence_division', 'marital_status', 'children', 'name'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

/** The facts the origin confirms automatically: what the registry already holds. */
async function registryFacts(db: Db, person: LocalPerson) {
  const certificate = await db
    .selectFrom('certificate')
    .select(['number', 'expires_on'])
    .where('person_id', '=', person.id)
    .where('status', '=', 'valid')
    .executeTakeFirst();
  return {
    found: true,
    maritalStatus: person.marital_status,
    childrenCount: person.children.length,
    hukouDivision: person.hukou_division,
    ...(certificate ? { certificateNumber: certificate.number, certificateExpiresOn: certificate.expires_on } : {}),
  };
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
  reply: { id: string } | null;
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
  const results: ApplyResult[] = [];
  const rows = [];
  const audits = [];
  for (const { env, meta } of items) {
    if (seenIds.has(env.id) || seenKeys.has(env.key)) {
      results.push({ status: 'duplicate' });
      continue;
    }
    seenIds.add(env.id);
    seenKeys.add(env.key);
    const effect = await applyEffects(trx, env, meta);
    rows.push(inboxRow(env, meta, effect));
    if (effect.personId) {
      audits.push(
        ...auditRows(EXCHANGE_ACTOR, {
          action: `exchange.receive.${env.kind}`,
          entity: 'exchange_message',
          entityId: env.id,
          personIds: [effect.personId],
          details: { outcome: effect.outcome, from: env.from, event: env.event },
        }),
      );
    }
    results.push({ status: 'applied', outcome: effect.outcome, inboxId: env.id });
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
  if (audits.length > 0) await trx.insertInto('audit_log').values(audits).execute();
  return results;
}

function inboxRow(env: Envelope, meta: ApplyMeta, effect: Effect) {
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
    reply_id: effect.reply?.id ?? null,
    replied_at: effect.reply ? now : null,
    sent_at: env.sentAt,
  };
}

/** The message's effect on cases, replies and the outbox; the inbox row itself is written by the caller. */
async function applyEffects(trx: Db, env: Envelope, meta: ApplyMeta): Promise<Effect> {
  const side = otherSide(env.fromSide);
  let outcome = 'recorded';
  let personId: string | null = null;
  let needsReply = false;
  let reply: { id: string } | null = null;

  if (env.kind === 'notification' && env.event === 'inflow') {
    // 配对: the origin pairs the residence's inflow registration with its own record of the person.
    const person = await personByHash(trx, meta.idHash);
    const found = !!person && person.hukou_division.startsWith(env.to.slice(0, 6));
    personId = found && person ? person.id : null;
    await upsertCase(trx, {
      id: env.caseId,
      side,
      personId,
      division: person && found ? person.hukou_division : env.to,
      counterpart: env.from,
      state: nextCaseState(side, env.kind, env.event, found) ?? 'needs_reconfirmation',
      paired: found,
    });
    if (found && person) {
      reply = await enqueueExchange(trx, {
        kind: 'pairing',
        subjectPersonId: person.id,
        fromDivision: env.to,
        toDivision: env.from,
        fromSide: side,
        caseId: env.caseId,
        inReplyTo: env.id,
        idempotencyKey: `reply:${env.id}`,
        payload: await registryFacts(trx, person),
      });
      outcome = 'paired';
    } else {
      // Not in the registry: a person answers it from the work list.
      needsReply = true;
      outcome = 'not_found';
    }
  } else if (env.kind === 'inquiry') {
    // 协查: answered automatically when the registry holds the person, else it lands on the work list.
    const person = await personByHash(trx, meta.idHash);
    const county = env.to.slice(0, 6);
    const found =
      !!person && (person.hukou_division.startsWith(county) || person.residence_division.startsWith(county));
    personId = found && person ? person.id : null;
    await upsertCase(trx, {
      id: env.caseId,
      side,
      personId,
      division: env.to,
      counterpart: env.from,
      state: found ? (side === 'origin' ? 'registered_outflow' : 'registered_inflow') : 'needs_reconfirmation',
    });
    if (found && person) {
      reply = await enqueueExchange(trx, {
        kind: 'feedback',
        subjectPersonId: person.id,
        fromDivision: env.to,
        toDivision: env.from,
        fromSide: side,
        caseId: env.caseId,
        inReplyTo: env.id,
        idempotencyKey: `reply:${env.id}`,
        payload: await registryFacts(trx, person),
      });
      outcome = 'answered';
    } else {
      needsReply = true;
      outcome = 'worklist';
    }
  } else if (env.kind === 'feedback' || env.kind === 'pairing') {
    // 反馈: must answer a message we sent that expects an answer.
    const asked = await trx
      .selectFrom('exchange_outbox')
      .select(['id', 'person_id', 'from_division', 'to_division', 'replied_at', 'case_id', 'from_side'])
      .where('id', '=', env.inReplyTo as string)
      .where('needs_reply', '=', true)
      .executeTakeFirst();
    if (!asked) throw new ExchangeRejection('unknown_inquiry', env.inReplyTo ?? '');
    if (!asked.replied_at) {
      await trx
        .updateTable('exchange_outbox')
        .set({ replied_at: new Date(), reply_id: env.id })
        .where('id', '=', asked.id)
        .execute();
    }
    personId = asked.person_id;
    if (env.kind === 'pairing') {
      const found = env.payload.found === true;
      await setCaseState(
        trx,
        asked.case_id,
        asked.from_side,
        found ? 'registered_inflow' : 'needs_reconfirmation',
        found,
      );
      outcome = found ? 'paired' : 'not_found';
    } else {
      outcome = 'answered';
    }
  } else {
    // 通报: recorded against the person's case on this side, whose state may change (moving, settled).
    const person = await personByHash(trx, meta.idHash);
    personId = person?.id ?? null;
    const state = nextCaseState(side, env.kind, env.event, null);
    const existing = await trx
      .selectFrom('exchange_case')
      .select('id')
      .where('id', '=', env.caseId)
      .where('side', '=', side)
      .executeTakeFirst();
    if (existing && state) await setCaseState(trx, env.caseId, side, state);
    if (!existing) {
      await upsertCase(trx, {
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
