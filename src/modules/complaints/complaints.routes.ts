/** Staff side of 便民维权: intake, list, assign, reply, review/litigation requests, counts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { levelOf } from '../../core/divisions.ts';
import { AppError } from '../../core/errors.ts';
import { contentDisposition } from '../../core/filename.ts';
import type { Role } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import { fileBody } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { complaintCountsByDivision } from './complaints.repository.ts';
import {
  AssignBody,
  AttachmentParam,
  ComplaintBody,
  ComplaintIdParam,
  ComplaintIntake,
  ComplaintIntakeBody,
  ComplaintListQuery,
  ComplaintPageBody,
  ComplaintStatsBody,
  ComplaintStatsQuery,
  LegalRequestBody,
  LegalRequestCreatedBody,
  ReplyBody,
} from './complaints.schema.ts';
import {
  assignComplaint,
  intakeComplaint,
  listComplaints,
  recordLegalRequest,
  replyToComplaint,
  requireComplaint,
  staffViewOf,
  staffViews,
} from './complaints.service.ts';

export const COMPLAINT_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];

export function complaintRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['complaints'];
    const config = { access: COMPLAINT_ROLES };

    app.post(
      '/api/complaints',
      { config, schema: { tags, body: ComplaintIntake, response: withErrors({ 201: ComplaintIntakeBody }) } },
      async (request, reply) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const complaint = await intakeComplaint(ctx, user, actorOf(user, request), request.body);
        return reply.code(201).send({ complaint });
      },
    );

    app.get(
      '/api/complaints',
      { config, schema: { tags, querystring: ComplaintListQuery, response: withErrors({ 200: ComplaintPageBody }) } },
      async (request) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const q = request.query;
        const { rows, total } = await listComplaints(ctx, user, actorOf(user, request), {
          status: q.status,
          overdueOn: q.overdue === 'true' ? today() : undefined,
          page: q.page,
          pageSize: q.pageSize,
        });
        const assignees = await scoped(ctx.db, user)
          .selectFrom('app_user')
          .select(['id', 'display_name', 'division_code'])
          .where('active', '=', true)
          .where('role', 'in', [...COMPLAINT_ROLES])
          .orderBy('division_code')
          .limit(200)
          .execute();
        return {
          items: await staffViews(ctx, rows),
          total,
          page: q.page,
          pageSize: q.pageSize,
          responseWorkingDays: ctx.config.complaintResponseDays,
          assignees: assignees.map((a) => ({ id: a.id, displayName: a.display_name, divisionCode: a.division_code })),
        };
      },
    );

    app.get(
      '/api/complaints/stats',
      { config, schema: { tags, querystring: ComplaintStatsQuery, response: withErrors({ 200: ComplaintStatsBody }) } },
      async (request) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const level = levelOf(user.divisionCode);
        const groupLength = [0, 2, 4, 6, 9, 12][Math.min(level + 1, 5)] ?? 12;
        const items = await complaintCountsByDivision(scoped(ctx.db, user), {
          from: request.query.from,
          to: request.query.to,
          groupLength,
        });
        return { items };
      },
    );

    app.get(
      '/api/complaints/:id',
      { config, schema: { tags, params: ComplaintIdParam, response: withErrors({ 200: ComplaintBody }) } },
      async (request) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const row = await requireComplaint(ctx, user, actorOf(user, request), request.params.id, 'complaint.read');
        return { complaint: await staffViewOf(ctx, row) };
      },
    );

    app.get(
      '/api/complaints/:id/attachments/:attachmentId',
      {
        config,
        schema: {
          tags,
          params: AttachmentParam,
          response: withErrors({ 200: fileBody('The attachment as uploaded', 'application/octet-stream') }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const row = await requireComplaint(
          ctx,
          user,
          actorOf(user, request),
          request.params.id,
          'complaint.read_attachment',
        );
        const file = await ctx.db
          .selectFrom('complaint_attachment')
          .select(['content_type', 'file_name', 'data'])
          .where('id', '=', request.params.attachmentId)
          .where('complaint_id', '=', row.id)
          .executeTakeFirst();
        if (!file) throw AppError.notFound({ zh: '附件', en: 'Attachment' });
        // Always a download with the sniffed type: an upload is never rendered inline in the console's origin.
        return reply
          .type(file.content_type)
          .header('X-Content-Type-Options', 'nosniff')
          .header('Content-Disposition', contentDisposition(file.file_name))
          .send(file.data);
      },
    );

    app.post(
      '/api/complaints/:id/assign',
      {
        config,
        schema: { tags, params: ComplaintIdParam, body: AssignBody, response: withErrors({ 200: ComplaintBody }) },
      },
      async (request) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const row = await assignComplaint(
          ctx,
          user,
          actorOf(user, request),
          request.params.id,
          request.body.assigneeId,
        );
        return { complaint: await staffViewOf(ctx, row) };
      },
    );

    app.post(
      '/api/complaints/:id/reply',
      {
        config,
        schema: { tags, params: ComplaintIdParam, body: ReplyBody, response: withErrors({ 200: ComplaintBody }) },
      },
      async (request) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const row = await replyToComplaint(ctx, user, actorOf(user, request), request.params.id, request.body.reply);
        return { complaint: await staffViewOf(ctx, row) };
      },
    );

    app.post(
      '/api/complaints/:id/legal-requests',
      {
        config,
        schema: {
          tags,
          params: ComplaintIdParam,
          body: LegalRequestBody,
          response: withErrors({ 201: LegalRequestCreatedBody }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, COMPLAINT_ROLES);
        const legalRequest = await recordLegalRequest(
          ctx,
          user,
          actorOf(user, request),
          request.params.id,
          request.body,
        );
        return reply.code(201).send({ legalRequest });
      },
    );
  };
}
