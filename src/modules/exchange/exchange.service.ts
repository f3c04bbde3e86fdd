/**
 * Exchange use cases for staff: answer an inquiry from the work list, send an inquiry, retry a dead letter.
 * Each runs in one transaction with its audit row.
 */
import crypto from 'node:crypto';
import type { ExchangeConfig } from '../../config.exchange.ts';
import type { AppContext } from '../../context.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import {
  checkRouting,
  type Envelope,
  ExchangeRejection,
  parseEnvelope,
  purposeNeedsConsent,
  REJECT_REASONS,
} from '../../core/exchange.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { lockPerson } from '../persons/index.ts';
import { enqueueExchange, setCaseState } from './exchange.outbox.ts';
import { caseThread, listMessages, type MessageFilter } from './exchange.repository.ts';
import type { InquiryBody } from './exchange.schema.ts';
import { applyEnvelope, processWire } from './exchange.worker.ts';

const MESSAGE = { zh: '交换消息', en: 'Exchange message' };
const PERSON = { zh: '人员', en: 'Person' };
const DEAD_LETTER = { zh: '死信', en: 'Dead letter' };

/** A person answers an inquiry (or an inflow the registry could not pair) from the work list. */
export async function replyToMessage(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  inboxId: string,
  body: { found: boolean; text: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await scoped(trx, user)
      .selectFrom('exchange_inbox')
      .selectAll()
      .where('id', '=', inboxId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw AppError.notFound(MESSAGE);
    if (!row.needs_reply || row.replied_at) {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '该消息已答复或无需答复',
        en: 'Already answered, or needs no answer',
      });
    }
    const side = row.from_side === 'residence' ? 'origin' : 'residence';
    const reply = await enqueueExchange(trx, {
      kind: row.kind === 'inquiry' ? 'feedback' : 'pairing',
      subjectPersonId: row.person_id,
      fromDivision: row.to_division,
      toDivision: row.from_division,
      fromSide: side,
      caseId: row.case_id,
      inReplyTo: row.id,
      idempotencyKey: `reply:${row.id}`,
      payload: { found: body.found, text: body.text },
    });
    await trx
      .updateTable('exchange_inbox')
      .set({ replied_at: new Date(), reply_id: reply.id, outcome: body.found ? 'answered' : 'answered_not_found' })
      .where('id', '=', row.id)
      .execute();
    if (row.kind === 'notification' && body.found)
      await setCaseState(trx, row.case_id, side, 'registered_outflow', true);
    await writeAudit(trx, actor, {
      action: 'exchange.reply',
      entity: 'exchange_message',
      entityId: row.id,
      ...(row.person_id ? { personIds: [row.person_id] } : {}),
      details: { found: body.found },
    });
    return { replyId: reply.id };
  });
}

/** 协查: asks the other side about a person in scope; due in 15 days when urgent, else 30. */
export async function sendInquiry(ctx: AppContext, user: SessionUser, actor: Actor, body: InquiryBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const person = await lockPerson(scoped(trx, user), body.personId);
    if (!person) throw AppError.notFound(PERSON);
    const atResidence = isWithin(person.residence_division, user.divisionCode);
    const to = atResidence ? person.hukou_division : person.residence_division;
    if (to.slice(0, 6) === (atResidence ? person.residence_division : person.hukou_division).slice(0, 6)) {
      throw AppError.validation([
        fieldIssue(
          'personId',
          { zh: '人员', en: 'Person' },
          { zh: '不是流动人口，无需协查', en: 'is not a floating person' },
        ),
      ]);
    }
    const sent = await enqueueExchange(trx, {
      kind: 'inquiry',
      subjectPersonId: person.id,
      fromDivision: user.divisionCode,
      toDivision: to,
      fromSide: atResidence ? 'residence' : 'origin',
      urgent: body.urgent,
      idempotencyKey: `inquiry:${crypto.randomUUID()}`,
      payload: {
        purpose: body.purpose,
        name: person.name,
        ...(body.text ? { text: body.text } : {}),
        ...(body.consentOn && purposeNeedsConsent(body.purpose) ? { consentOn: body.consentOn } : {}),
      },
    });
    await writeAudit(trx, actor, {
      action: 'exchange.inquiry',
      entity: 'exchange_message',
      entityId: sent.id,
      personIds: [person.id],
      // The purpose is what the person sees in the portal's access log.
      details: { urgent: body.urgent, to, purpose: body.purpose },
    });
    return sent;
  });
}

/**
 * Runs a dead letter through every check again (a peer key may have been added since, or the inquiry it
 * answers has arrived). Success applies it exactly once; another refusal updates the reason.
 */
export async function retryDeadLetter(
  ctx: AppContext,
  config: ExchangeConfig,
  user: SessionUser,
  actor: Actor,
  id: string,
) {
  const scope = scoped(ctx.db, user);
  const letter = await ctx.db
    .selectFrom('exchange_dead_letter')
    .selectAll()
    .where('id', '=', id)
    // Unattributable letters (no readable division) are every county administrator's.
    .where((eb) => eb.or([scope.on('exchange_dead_letter')(eb), eb('division_code', 'is', null)]))
    .executeTakeFirst();
  if (!letter) throw AppError.notFound(DEAD_LETTER);
  if (letter.status !== 'open') {
    throw new AppError('VERSION_CONFLICT', 409, { zh: '该死信已重新处理', en: 'This dead letter was already retried' });
  }
  const raw = Buffer.from(ctx.pii.decrypt(letter.raw_enc), 'base64');
  const deps = { db: ctx.db, pii: ctx.pii, config };
  let outcome: { ok: true; status: string } | { ok: false; reason: string; message: { zh: string; en: string } };
  try {
    let result: Awaited<ReturnType<typeof processWire>>;
    if (letter.source === 'nats') {
      result = await processWire(deps, raw, letter.headers);
    } else {
      const env: Envelope = parseEnvelope(raw);
      checkRouting(env, config.served, null);
      result = await applyEnvelope(deps, env, 'local', null, async (trx) => {
        await trx
          .updateTable('exchange_outbox')
          .set({ status: 'delivered', transport: 'local', sent_at: new Date(), last_error: null })
          .where('id', '=', env.id)
          .execute();
      });
    }
    outcome = { ok: true, status: result.status };
  } catch (err) {
    if (!(err instanceof ExchangeRejection)) throw err;
    outcome = { ok: false, reason: err.reason, message: REJECT_REASONS[err.reason] };
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('exchange_dead_letter')
      .set((eb) => ({
        retries: eb('retries', '+', 1),
        retried_at: new Date(),
        ...(outcome.ok
          ? { status: 'retried' as const }
          : { reason_code: outcome.reason, reason: JSON.stringify(outcome.message) }),
      }))
      .where('id', '=', letter.id)
      .execute();
    await writeAudit(trx, actor, {
      action: 'exchange.dead_letter.retry',
      outcome: outcome.ok ? 'ok' : 'failed',
      entity: 'exchange_dead_letter',
      entityId: letter.id,
      details: outcome.ok ? { status: outcome.status } : { reason: outcome.reason },
    });
  });
  return outcome;
}

/** A page of messages under the division chosen; the persons they are about are in the read audit. */
export async function listExchangeMessages(ctx: AppContext, actor: Actor, filter: MessageFilter) {
  const page = await listMessages(ctx.db, filter);
  const people = page.rows.map((r) => r.person_id).filter((id): id is string => !!id);
  if (people.length > 0) {
    await ctx.readAudit.append(actor, { action: 'exchange.list', entity: 'person', personIds: [...new Set(people)] });
  }
  return page;
}

/** A case's thread in scope (404 outside it); the read is audited against the persons of the case. */
export async function readCaseThread(ctx: AppContext, user: SessionUser, actor: Actor, caseId: string) {
  const thread = await caseThread(scoped(ctx.db, user), caseId);
  if (!thread) throw AppError.notFound({ zh: '交换案例', en: 'Exchange case' });
  const people = thread.cases.map((c) => c.person_id).filter((id): id is string => !!id);
  await ctx.readAudit.append(actor, {
    action: 'exchange.case.read',
    entity: 'exchange_case',
    entityId: caseId,
    ...(people.length ? { personIds: [...new Set(people)] } : {}),
  });
  return thread;
}
