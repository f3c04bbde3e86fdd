/**
 * Reporting up the tree (逐级上报): submit or correct a closed month, list its versions, the level above's
 * overview of its units and the table assembled from their submissions, and a submitted table as a file.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { contentDisposition } from '../../core/filename.ts';
import { withErrors } from '../../http/responses.ts';
import { monthField, optionalLines } from '../../http/schema-fields.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionCode } from '../persons/index.ts';
import { type ReportTable, reportCsv, reportXlsx } from './stats.reports.ts';
import {
  AssembledTable,
  SubmissionOverview,
  SubmissionPreview,
  SubmissionVersions,
  SubmissionView,
  SubmittedReport,
} from './stats.schema.ts';
import { assembledTable, submissionOverview } from './stats.submission.overview.ts';
import {
  listSubmissions,
  previewSubmission,
  SUBMISSION_VIEW_ROLES,
  SUBMIT_ROLES,
  submitReport,
  submittedReport,
} from './stats.submission.ts';

const month = monthField();
const format = z.enum(['json', 'xlsx', 'csv']).default('json');

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

async function sendTable(reply: FastifyReply, table: ReportTable, kind: 'xlsx' | 'csv') {
  const body = kind === 'xlsx' ? await reportXlsx(table) : reportCsv(table);
  return reply
    .type(TYPES[kind])
    .header('Content-Disposition', contentDisposition(`${table.fileName}.${kind}`))
    .send(body);
}

export function submissionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['statistics'];
    const UnitQuery = z.strictObject({ division: divisionCode.optional(), period: month });
    const UnitsQuery = UnitQuery.extend({ level: z.coerce.number().int().min(2).max(4).optional() });

    app.post(
      '/api/stats/submissions',
      {
        config: { access: SUBMIT_ROLES },
        schema: {
          tags,
          body: z.strictObject({ period: monthField(), reason: optionalLines(500) }),
          response: withErrors({ 201: SubmissionView }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, SUBMIT_ROLES);
        const view = await submitReport(ctx, user, actorOf(user, request), request.body);
        return reply.code(201).send(view);
      },
    );

    // The table the confirmation shows: exactly what a submission now would freeze.
    app.get(
      '/api/stats/submissions/preview',
      {
        config: { access: SUBMIT_ROLES },
        schema: {
          tags,
          querystring: z.strictObject({ period: month }),
          response: withErrors({ 200: SubmissionPreview }),
        },
      },
      async (request) => {
        const user = requireUser(request, SUBMIT_ROLES);
        return previewSubmission(ctx, user, request.query.period);
      },
    );

    app.get(
      '/api/stats/submissions',
      {
        config: { access: SUBMISSION_VIEW_ROLES },
        schema: { tags, querystring: UnitQuery, response: withErrors({ 200: SubmissionVersions }) },
      },
      async (request) => {
        const user = requireUser(request, SUBMISSION_VIEW_ROLES);
        return listSubmissions(ctx, user, request.query.division, request.query.period);
      },
    );

    app.get(
      '/api/stats/submissions/overview',
      {
        config: { access: SUBMISSION_VIEW_ROLES },
        schema: { tags, querystring: UnitsQuery, response: withErrors({ 200: SubmissionOverview }) },
      },
      async (request) => {
        const user = requireUser(request, SUBMISSION_VIEW_ROLES);
        const q = request.query;
        return submissionOverview(ctx, user, q.division, q.period, q.level);
      },
    );

    app.get(
      '/api/stats/submissions/assembled',
      {
        config: { access: SUBMISSION_VIEW_ROLES },
        schema: { tags, querystring: UnitsQuery.extend({ format }), response: withErrors({ 200: AssembledTable }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SUBMISSION_VIEW_ROLES);
        const q = request.query;
        const table = assembledTable(await submissionOverview(ctx, user, q.division, q.period, q.level));
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.submission.assembled',
          details: { division: q.division ?? user.divisionCode, period: q.period, format: q.format },
        });
        return q.format === 'json' ? table : sendTable(reply, table, q.format);
      },
    );

    app.get(
      '/api/stats/submissions/:id/report',
      {
        config: { access: SUBMISSION_VIEW_ROLES },
        schema: {
          tags,
          params: z.strictObject({ id: z.uuid() }),
          querystring: z.strictObject({ format }),
          response: withErrors({ 200: SubmittedReport }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, SUBMISSION_VIEW_ROLES);
        const { view, table } = await submittedReport(ctx, user, request.params.id);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.submission.report',
          entity: 'stat_submission',
          entityId: view.id,
          details: {
            division: view.division,
            period: view.period,
            version: view.version,
            format: request.query.format,
          },
        });
        return request.query.format === 'json'
          ? { submission: view, table }
          : sendTable(reply, table, request.query.format);
      },
    );
  };
}
