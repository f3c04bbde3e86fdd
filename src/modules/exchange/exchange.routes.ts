import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ExchangeConfig } from '../../config.exchange.ts';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import type { Role } from '../../db/schema.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { exchangeRates, listDeadLetters } from './exchange.repository.ts';
import {
  CaseThread,
  DeadLetterList,
  DeadLetterQuery,
  IdParam,
  InquiryAnswer,
  InquiryBody,
  MessageListQuery,
  MessagePage,
  RatesAnswer,
  RatesQuery,
  ReplyAnswer,
  ReplyBody,
  RetryAnswer,
} from './exchange.schema.ts';
import {
  listExchangeMessages,
  readCaseThread,
  replyToMessage,
  retryDeadLetter,
  sendInquiry,
} from './exchange.service.ts';
import { ExchangeStatusReport, exchangeStatusReport } from './exchange.status.ts';

/** 信息交换: township officers and the county. */
export const EXCHANGE_ROLES: readonly Role[] = ['county_admin', 'township_officer'];
/** Dead letters and the bus status: the county administrator. */
export const EXCHANGE_ADMIN_ROLES: readonly Role[] = ['county_admin'];

function divisionInScope(division: string | undefined, userDivision: string): string {
  if (!division) return userDivision;
  if (!isWithin(division, userDivision)) {
    throw AppError.validation([
      fieldIssue(
        'division',
        { zh: '区划', en: 'Division' },
        { zh: '须在您的辖区内', en: 'must be inside your jurisdiction' },
      ),
    ]);
  }
  return division;
}

export function exchangeRoutes(ctx: AppContext, config: ExchangeConfig = ctx.config.exchange): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['exchange'];

    app.get(
      '/api/exchange/messages',
      {
        config: { access: EXCHANGE_ROLES },
        schema: { tags, querystring: MessageListQuery, response: withErrors({ 200: MessagePage }) },
      },
      async (request) => {
        const user = requireUser(request, EXCHANGE_ROLES);
        const q = request.query;
        const division = divisionInScope(q.division, user.divisionCode);
        const { rows, total } = await listExchangeMessages(ctx, actorOf(user, request), {
          box: q.box,
          within: subtree(division),
          kind: q.kind,
          status: q.status,
          today: today(),
          page: q.page,
          pageSize: q.pageSize,
        });
        return {
          items: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            event: r.event,
            caseId: r.case_id,
            from: r.from_division,
            to: r.to_division,
            urgent: r.urgent,
            needsReply: r.needs_reply,
            dueOn: r.due_on,
            repliedAt: r.replied_at,
            overdue: r.needs_reply && !r.replied_at && r.due_on !== null && r.due_on < today(),
            at: r.at,
            status: r.status,
            transport: r.transport,
            lastError: r.last_error,
            caseState: r.case_state,
            person: r.person_id ? { id: r.person_id, name: r.person_name, idNumberMasked: r.person_id_masked } : null,
            payload: r.payload,
          })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/exchange/cases/:id',
      {
        config: { access: EXCHANGE_ROLES },
        schema: { tags, params: IdParam, response: withErrors({ 200: CaseThread }) },
      },
      async (request) => {
        const user = requireUser(request, EXCHANGE_ROLES);
        const thread = await readCaseThread(ctx, user, actorOf(user, request), request.params.id);
        return {
          cases: thread.cases.map((c) => ({
            side: c.side,
            state: c.state,
            division: c.division_code,
            counterpart: c.counterpart_division,
            pairedAt: c.paired_at,
            createdAt: c.created_at,
            updatedAt: c.updated_at,
            person: c.person_id ? { id: c.person_id, name: c.person_name, idNumberMasked: c.person_id_masked } : null,
          })),
          messages: thread.messages.map((m) => ({
            id: m.id,
            direction: m.direction,
            kind: m.kind,
            event: m.event,
            from: m.from_division,
            to: m.to_division,
            urgent: m.urgent,
            dueOn: m.due_on,
            repliedAt: m.replied_at,
            inReplyTo: m.in_reply_to,
            at: m.at,
            status: m.status,
            payload: m.payload,
          })),
        };
      },
    );

    app.post(
      '/api/exchange/messages/:id/reply',
      {
        config: { access: EXCHANGE_ROLES },
        schema: { tags, params: IdParam, body: ReplyBody, response: withErrors({ 201: ReplyAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, EXCHANGE_ROLES);
        const result = await replyToMessage(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/exchange/inquiries',
      {
        config: { access: EXCHANGE_ROLES },
        schema: { tags, body: InquiryBody, response: withErrors({ 201: InquiryAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, EXCHANGE_ROLES);
        const sent = await sendInquiry(ctx, user, actorOf(user, request), request.body);
        return reply.code(201).send({ id: sent.id, caseId: sent.caseId });
      },
    );

    app.get(
      '/api/exchange/rates',
      {
        config: { access: EXCHANGE_ROLES },
        schema: { tags, querystring: RatesQuery, response: withErrors({ 200: RatesAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, EXCHANGE_ROLES);
        const q = request.query;
        const division = divisionInScope(q.division, user.divisionCode);
        return exchangeRates(ctx.db, { division, from: q.from, to: q.to, today: today() });
      },
    );

    app.get(
      '/api/exchange/dead-letters',
      {
        config: { access: EXCHANGE_ADMIN_ROLES },
        schema: { tags, querystring: DeadLetterQuery, response: withErrors({ 200: DeadLetterList }) },
      },
      async (request) => {
        const user = requireUser(request, EXCHANGE_ADMIN_ROLES);
        const rows = await listDeadLetters(scoped(ctx.db, user), request.query.status);
        return {
          items: rows.map((r) => ({
            id: r.id,
            source: r.source,
            subject: r.subject,
            peer: r.peer,
            messageId: r.message_id,
            division: r.division_code,
            reasonCode: r.reason_code,
            reason: r.reason,
            status: r.status,
            retries: r.retries,
            receivedAt: r.received_at,
            retriedAt: r.retried_at,
          })),
        };
      },
    );

    app.post(
      '/api/exchange/dead-letters/:id/retry',
      {
        config: { access: EXCHANGE_ADMIN_ROLES },
        schema: { tags, params: IdParam, response: withErrors({ 200: RetryAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, EXCHANGE_ADMIN_ROLES);
        return retryDeadLetter(ctx, config, user, actorOf(user, request), request.params.id);
      },
    );

    /** `liudong exchange status` as a page: the same report (src/modules/exchange/exchange.status.ts). */
    app.get(
      '/api/exchange/status',
      {
        config: { access: EXCHANGE_ADMIN_ROLES },
        schema: { tags, response: withErrors({ 200: ExchangeStatusReport }) },
      },
      async (request) => {
        requireUser(request, EXCHANGE_ADMIN_ROLES);
        return exchangeStatusReport(ctx, config);
      },
    );
  };
}
