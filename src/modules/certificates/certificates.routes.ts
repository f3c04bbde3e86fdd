import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { chinaToday, today } from '../../core/china-time.ts';
import { AppError } from '../../core/errors.ts';
import { contentDisposition } from '../../core/filename.ts';
import { CHECK_ROLES, ISSUE_ROLES } from '../../core/roles.ts';
import { publicBaseUrl } from '../../http/public-url.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { personOfRequest } from '../persons/index.ts';
import { renderCertificatesPdf } from './certificates.pdf.ts';
import { listForPerson } from './certificates.repository.ts';
import {
  CertificateAnswer,
  CertificateIdParam,
  CertificateIssue,
  CertificateList,
  CertificateListQuery,
  CertificatePage,
  CertificatePdf,
  JobIdParam,
  PersonIdParam,
  PrintJobAnswer,
  PrintJobBody,
  ReasonBody,
  ReissueBody,
} from './certificates.schema.ts';
import {
  certificatesToPrint,
  getCertificate,
  issueCertificate,
  listCertificates,
  reissueCertificate,
  revokeCertificate,
  viewWithEvents,
} from './certificates.service.ts';
import { certificateView } from './certificates.view.ts';
import { jobView, PrintJobs } from './print-jobs.ts';
import { toPrintable } from './printing.ts';

export function certificateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const jobs = new PrintJobs();
  return async (app) => {
    const tags = ['certificates'];

    app.post(
      '/api/certificates',
      {
        config: { access: ISSUE_ROLES },
        schema: { tags, body: CertificateIssue, response: withErrors({ 201: CertificateAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, ISSUE_ROLES);
        return reply.code(201).send(await issueCertificate(ctx, user, actorOf(user, request), request.body));
      },
    );

    app.get(
      '/api/certificates',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, querystring: CertificateListQuery, response: withErrors({ 200: CertificatePage }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const q = request.query;
        const { rows, total } = await listCertificates(ctx, user, actorOf(user, request), q);
        const day = today();
        return { items: rows.map((r) => certificateView(r, day)), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/certificates/:id',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: CertificateIdParam, response: withErrors({ 200: CertificateAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const row = await getCertificate(ctx, user, actorOf(user, request), request.params.id, 'certificate.read');
        const [certificate] = await viewWithEvents(ctx.db, [row]);
        return { certificate: certificate! };
      },
    );

    app.post(
      '/api/certificates/:id/reissue',
      {
        config: { access: ISSUE_ROLES },
        schema: {
          tags,
          params: CertificateIdParam,
          body: ReissueBody,
          response: withErrors({ 201: CertificateAnswer }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, ISSUE_ROLES);
        const result = await reissueCertificate(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/certificates/:id/revoke',
      {
        config: { access: ISSUE_ROLES },
        schema: {
          tags,
          params: CertificateIdParam,
          body: ReasonBody,
          response: withErrors({ 200: CertificateAnswer }),
        },
      },
      async (request) => {
        const user = requireUser(request, ISSUE_ROLES);
        return revokeCertificate(ctx, user, actorOf(user, request), request.params.id, request.body.reason);
      },
    );

    app.get(
      '/api/certificates/:id/pdf',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: CertificateIdParam, response: withErrors({ 200: CertificatePdf }) },
      },
      async (request, reply) => {
        const user = requireUser(request, CHECK_ROLES);
        const row = await getCertificate(ctx, user, actorOf(user, request), request.params.id, 'certificate.print');
        const pdf = await renderCertificatesPdf([toPrintable(row)], publicBaseUrl(ctx, request));
        return reply
          .type('application/pdf')
          .header('Content-Disposition', contentDisposition(`婚育证明-${row.number}.pdf`, 'inline'))
          .send(pdf);
      },
    );

    app.get(
      '/api/persons/:id/certificates',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: PersonIdParam, response: withErrors({ 200: CertificateList }) },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, CHECK_ROLES, 'person.read_certificates');
        return { items: await viewWithEvents(ctx.db, await listForPerson(ctx.db, person.id)) };
      },
    );

    app.post(
      '/api/certificates/print-jobs',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, body: PrintJobBody, response: withErrors({ 202: PrintJobAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, CHECK_ROLES);
        const ids = [...new Set(request.body.ids)];
        const rows = await certificatesToPrint(ctx, user, actorOf(user, request), ids);
        const job = jobs.start(user.id, rows.map(toPrintable), publicBaseUrl(ctx, request));
        return reply.code(202).send({ job: jobView(job) });
      },
    );

    app.get(
      '/api/certificates/print-jobs/:jobId',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: JobIdParam, response: withErrors({ 200: PrintJobAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const job = jobs.get(request.params.jobId, user.id);
        if (!job) throw AppError.notFound({ zh: '打印任务', en: 'Print job' });
        return { job: jobView(job) };
      },
    );

    app.get(
      '/api/certificates/print-jobs/:jobId/pdf',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, params: JobIdParam, response: withErrors({ 200: CertificatePdf }) },
      },
      async (request, reply) => {
        const user = requireUser(request, CHECK_ROLES);
        const job = jobs.get(request.params.jobId, user.id);
        if (!job?.pdf) throw AppError.notFound({ zh: '打印任务', en: 'Print job' });
        return reply
          .type('application/pdf')
          .header('Content-Disposition', contentDisposition(`婚育证明-${chinaToday()}-${job.total}份.pdf`))
          .send(job.pdf);
      },
    );
  };
}
