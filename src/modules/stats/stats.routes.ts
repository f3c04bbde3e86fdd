/**
 * Statistics API: indicator catalogue and answers, the dashboard, report tables (xlsx/csv), the draft annual
 * summary (docx), targets and staff assessment. Aggregates only: no person is read, so nothing here writes a
 * person's access log; exports are still audited as actions.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { contentDisposition } from '../../core/filename.ts';
import { INDICATOR_BY_CODE, type PeriodSpec, parsePeriod } from '../../core/indicators.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionCode } from '../persons/index.ts';
import { assessment, assessmentXlsx, saveAssessment } from './stats.assessment.ts';
import { dashboard, indicatorAnswer } from './stats.dashboard.ts';
import { populationCounts } from './stats.population.ts';
import { buildReport, reportCsv, reportXlsx } from './stats.reports.ts';
import {
  Assessment,
  Dashboard,
  IndicatorAnswer,
  IndicatorCatalogue,
  Population,
  PublishAnswer,
  ReportFile,
  StatsXlsx,
  SummaryDocx,
  TargetHistory,
  Targets,
} from './stats.schema.ts';
import {
  catalogue,
  effectiveTargets,
  indicatorOrThrow,
  STATS_ROLES,
  scopedDivision,
  TARGET_ROLES,
} from './stats.service.ts';
import { submissionRoutes } from './stats.submission.routes.ts';
import { summaryDocx } from './stats.summary.ts';
import { publishTargets, saveTargets, targetHistory, targetTemplate } from './stats.targets.ts';

const SUMMARY_ROLES = STATS_ROLES.filter((r) => r !== 'dept_verifier');
const PERIOD_LABEL = { zh: '统计期', en: 'Period' };
const YEAR_LABEL = { zh: '年度', en: 'Year' };

const period = z.string().max(7).optional();
const year = z.coerce.number().int().min(2000).max(2100);
const publicFlag = z.enum(['true', 'false']).default('false');

function periodOf(text: string | undefined): PeriodSpec {
  const p = parsePeriod(text, today());
  if (!p) {
    throw AppError.validation([
      fieldIssue('period', PERIOD_LABEL, {
        zh: '应为年份（2026）或年月（2026-11）',
        en: 'must be a year (2026) or a month (2026-11)',
      }),
    ]);
  }
  return p;
}

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

function attachment(reply: FastifyReply, name: string, type: keyof typeof TYPES, body: Buffer | string) {
  return reply.type(TYPES[type]).header('Content-Disposition', contentDisposition(name)).send(body);
}

const TargetsBody = z.strictObject({
  division: divisionCode,
  year,
  targets: z
    .array(
      z.strictObject({
        indicator: z.string().refine((c) => INDICATOR_BY_CODE.get(c)?.factor === 100, {
          message: 'must be a rate indicator',
        }),
        comparator: z.enum(['>=', '<=']),
        value: z.number().min(0).max(100),
      }),
    )
    .max(50),
});

const AssessmentBody = z.strictObject({
  division: divisionCode,
  year,
  entries: z
    .array(
      z.strictObject({
        staffName: z.string().trim().min(1).max(50),
        discipline: z.number().min(0).max(100),
        work: z.number().min(0).max(100),
        notes: z.string().max(500).nullish(),
      }),
    )
    .max(500)
    .refine((list) => new Set(list.map((e) => e.staffName)).size === list.length, { message: 'duplicate name' }),
});

export function statsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['statistics'];
    // Reporting up the tree (逐级上报): stats.submission*.ts.
    await app.register(submissionRoutes(ctx));
    const DivisionQuery = z.strictObject({ division: divisionCode.optional(), period });

    app.get(
      '/api/stats/indicators',
      { config: { access: STATS_ROLES }, schema: { tags, response: withErrors({ 200: IndicatorCatalogue }) } },
      async (request) => {
        requireUser(request, STATS_ROLES);
        return { indicators: catalogue(), minCell: ctx.config.statsMinCell };
      },
    );

    app.get(
      '/api/stats/dashboard',
      {
        config: { access: STATS_ROLES },
        schema: { tags, querystring: DivisionQuery, response: withErrors({ 200: Dashboard }) },
      },
      async (request) => {
        const user = requireUser(request, STATS_ROLES);
        return dashboard(ctx, user, request.query.division, periodOf(request.query.period));
      },
    );

    // The home page's cards: exact counts from the rollups (the person list's count stops at its cap).
    app.get(
      '/api/stats/population',
      { config: { access: STATS_ROLES }, schema: { tags, response: withErrors({ 200: Population }) } },
      async (request) => {
        return populationCounts(ctx, requireUser(request, STATS_ROLES));
      },
    );

    app.get(
      '/api/stats/indicators/:indicator',
      {
        config: { access: STATS_ROLES },
        schema: {
          tags,
          params: z.strictObject({ indicator: z.string().max(60) }),
          querystring: z.strictObject({
            division: divisionCode.optional(),
            period,
            by: z.enum(['division', 'sex', 'ageBand', 'detail', 'month']).optional(),
            public: publicFlag,
          }),
          response: withErrors({ 200: IndicatorAnswer }),
        },
      },
      async (request) => {
        const user = requireUser(request, STATS_ROLES);
        const def = indicatorOrThrow(request.params.indicator);
        const q = request.query;
        return indicatorAnswer(ctx, user, def, q.division, periodOf(q.period), q.by, q.public === 'true');
      },
    );

    app.get(
      '/api/stats/reports/:kind',
      {
        config: { access: STATS_ROLES },
        schema: {
          tags,
          params: z.strictObject({ kind: z.enum(['monthly', 'annual']) }),
          querystring: z.strictObject({
            division: divisionCode.optional(),
            period,
            format: z.enum(['xlsx', 'csv']).default('xlsx'),
            public: publicFlag,
          }),
          response: withErrors({ 200: ReportFile }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, STATS_ROLES);
        const q = request.query;
        const kind = request.params.kind;
        const p = periodOf(q.period ?? (kind === 'monthly' ? today().slice(0, 7) : today().slice(0, 4)));
        if ((kind === 'monthly') !== (p.kind === 'month')) {
          throw AppError.validation([
            fieldIssue('period', PERIOD_LABEL, {
              zh: kind === 'monthly' ? '月报表应为年月（2026-11）' : '年报表应为年份（2026）',
              en:
                kind === 'monthly'
                  ? 'a monthly report takes a month (2026-11)'
                  : 'an annual report takes a year (2026)',
            }),
          ]);
        }
        const table = await buildReport(ctx, user, kind, q.division, p, q.public === 'true');
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.report',
          details: { kind, division: q.division ?? user.divisionCode, period: q.period ?? null, format: q.format },
        });
        const name = `${table.fileName}.${q.format}`;
        return attachment(reply, name, q.format, q.format === 'xlsx' ? await reportXlsx(table) : reportCsv(table));
      },
    );

    // The draft work summary is the unit's own report: staff only (department users would get withheld cells).
    app.get(
      '/api/stats/summary',
      {
        config: { access: SUMMARY_ROLES },
        schema: {
          tags,
          querystring: z.strictObject({ division: divisionCode.optional(), year: year.optional() }),
          response: withErrors({ 200: SummaryDocx }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, SUMMARY_ROLES);
        const y = request.query.year ?? Number(today().slice(0, 4));
        const { division, buffer } = await summaryDocx(ctx, user, request.query.division, y);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.summary',
          details: { division: division.code, year: y },
        });
        return attachment(reply, `${division.name}-${y}-工作总结（草稿）.docx`, 'docx', buffer);
      },
    );

    app.get(
      '/api/stats/targets',
      {
        config: { access: STATS_ROLES },
        schema: {
          tags,
          querystring: z.strictObject({ division: divisionCode.optional(), year: year.optional() }),
          response: withErrors({ 200: Targets }),
        },
      },
      async (request) => {
        const user = requireUser(request, STATS_ROLES);
        const division = await scopedDivision(ctx.db, user, request.query.division);
        const y = request.query.year ?? Number(today().slice(0, 4));
        const targets = await effectiveTargets(ctx.db, division.code, y);
        return { division, year: y, targets: [...targets.values()] };
      },
    );

    app.put(
      '/api/stats/targets',
      { config: { access: TARGET_ROLES }, schema: { tags, body: TargetsBody, response: withErrors({ 200: Targets }) } },
      async (request) => {
        const user = requireUser(request, TARGET_ROLES);
        const b = request.body;
        const division = await saveTargets(ctx, user, b.division, b.year, b.targets);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.targets',
          details: { division: division.code, year: b.year, targets: b.targets },
        });
        return {
          division,
          year: b.year,
          targets: [...(await effectiveTargets(ctx.db, division.code, b.year)).values()],
        };
      },
    );

    app.get(
      '/api/stats/targets/history',
      {
        config: { access: STATS_ROLES },
        schema: {
          tags,
          querystring: z.strictObject({ division: divisionCode.optional(), year: year.optional() }),
          response: withErrors({ 200: TargetHistory }),
        },
      },
      async (request) => {
        const user = requireUser(request, STATS_ROLES);
        const division = await scopedDivision(ctx.db, user, request.query.division);
        const y = request.query.year ?? Number(today().slice(0, 4));
        return { division, year: y, changes: await targetHistory(ctx.db, division.code, y) };
      },
    );

    // The county publishes a year's targets for all its townships in one step: download, fill in, upload.
    app.get(
      '/api/stats/targets/template',
      {
        config: { access: TARGET_ROLES },
        schema: { tags, querystring: z.strictObject({ year }), response: withErrors({ 200: StatsXlsx }) },
      },
      async (request, reply) => {
        const user = requireUser(request, TARGET_ROLES);
        const y = request.query.year;
        return attachment(reply, `${y}-年度目标下达模板.xlsx`, 'xlsx', await targetTemplate(ctx, user, y));
      },
    );

    await app.register(fastifyMultipart, { limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 0 } });
    app.post(
      '/api/stats/targets/publish',
      {
        config: { access: TARGET_ROLES },
        schema: { tags, querystring: z.strictObject({ year }), response: withErrors({ 200: PublishAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, TARGET_ROLES);
        const part = request.isMultipart() ? await request.file() : undefined;
        const bytes = part ? await part.toBuffer().catch(() => null) : null;
        if (!part || !bytes || part.file.truncated) {
          throw AppError.validation([
            fieldIssue(
              'file',
              { zh: '文件', en: 'File' },
              { zh: '请上传 2 MB 以内的 xlsx 模板', en: 'upload the xlsx template (up to 2 MB)' },
            ),
          ]);
        }
        const result = await publishTargets(ctx, user, request.query.year, bytes);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.targets.publish',
          details: { year: result.year, units: result.units.map((u) => u.code) },
        });
        return result;
      },
    );

    const AssessmentQuery = z.strictObject({ division: divisionCode.optional(), year: year.optional() });
    app.get(
      '/api/stats/assessments',
      {
        config: { access: TARGET_ROLES },
        schema: { tags, querystring: AssessmentQuery, response: withErrors({ 200: Assessment }) },
      },
      async (request) => {
        const user = requireUser(request, TARGET_ROLES);
        return assessment(ctx, user, request.query.division, request.query.year ?? Number(today().slice(0, 4)));
      },
    );

    app.put(
      '/api/stats/assessments',
      {
        config: { access: TARGET_ROLES },
        schema: { tags, body: AssessmentBody, response: withErrors({ 200: Assessment }) },
      },
      async (request) => {
        const user = requireUser(request, TARGET_ROLES);
        const b = request.body;
        await saveAssessment(ctx, user, b.division, b.year, b.entries);
        await writeAudit(ctx.db, actorOf(user, request), {
          action: 'stats.assessment',
          details: { division: b.division, year: b.year, staff: b.entries.length },
        });
        return assessment(ctx, user, b.division, b.year);
      },
    );

    app.get(
      '/api/stats/assessments/export',
      {
        config: { access: TARGET_ROLES },
        schema: { tags, querystring: AssessmentQuery, response: withErrors({ 200: StatsXlsx }) },
      },
      async (request, reply) => {
        const user = requireUser(request, TARGET_ROLES);
        const y = request.query.year ?? Number(today().slice(0, 4));
        if (!Number.isInteger(y))
          throw AppError.validation([fieldIssue('year', YEAR_LABEL, { zh: '无效', en: 'invalid' })]);
        const result = await assessment(ctx, user, request.query.division, y);
        return attachment(reply, `${result.division.name}-${y}-年度考核.xlsx`, 'xlsx', await assessmentXlsx(result));
      },
    );
  };
}
