import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { chinaToday, today } from '../../core/china-time.ts';
import { AppError } from '../../core/errors.ts';
import { contentDisposition } from '../../core/filename.ts';
import type { Role } from '../../db/schema.ts';
import { actorOf, requireUser } from '../auth/session.ts';
import { personOfRequest } from '../persons/persons.request.ts';
import { renderCertificatesPdf } from './certificates.pdf.ts';
import { listForPerson } from './certificates.repository.ts';
import {
  CertificateIdParam,
  CertificateIssue,
  CertificateListQuery,
  JobIdParam,
  PersonIdParam,
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

/** Issuing and revoking: the origin township or the county. */
export const ISSUE_ROLES: readonly Role[] = ['county_admin', 'township_officer'];
/** Reading and checking also includes village managers at the place of residence. */
export const CHECK_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];

/** The address printed in QR codes: LIUDONG_PUBLIC_URL, else the address the console was reached at. */
export function publicBaseUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl || `${request.protocol}://${request.host}`;
}

export function certificateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const jobs = new PrintJobs();
  return async (app) => {
    const tags = ['certificates'];

    app.post(
      '/api/certificates',
      { config: { access: ISSUE_ROLES }, schema: { tags, body: CertificateIssue } },
      async (request, reply) => {
        const user = requireUser(request, ISSUE_ROLES);
        return reply.code(201).send(await issueCertificate(ctx, user, actorOf(user, request), request.body));
      },
    );

    app.get(
      '/api/certificates',
      { config: { access: CHECK_ROLES }, schema: { tags, querystring: CertificateListQuery } },
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
      { config: { access: CHECK_ROLES }, schema: { tags, params: CertificateIdParam } },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const row = await getCertificate(ctx, user, actorOf(user, request), request.params.id, 'certificate.read');
        const [certificate] = await viewWithEvents(ctx.db, [row]);
        return { certificate };
      },
    );

    app.post(
      '/api/certificates/:id/reissue',
      { config: { access: ISSUE_ROLES }, schema: { tags, params: CertificateIdParam, body: ReissueBody } },
      async (request, reply) => {
        const user = requireUser(request, ISSUE_ROLES);
        const result = await reissueCertificate(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/certificates/:id/revoke',
      { config: { access: ISSUE_ROLES }, schema: { tags, params: CertificateIdParam, body: ReasonBody } },
      async (request) => {
        const user = requireUser(request, ISSUE_ROLES);
        return revokeCertificate(ctx, user, actorOf(user, request), request.params.id, request.body.reason);
      },
    );

    app.get(
      '/api/certificates/:id/pdf',
      { config: { access: CHECK_ROLES }, schema: { tags, params: CertificateIdParam } },
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
      { config: { access: CHECK_ROLES }, schema: { tags, params: PersonIdParam } },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, CHECK_ROLES, 'person.read_certificates');
        return { items: await viewWithEvents(ctx.db, await listForPerson(ctx.db, person.id)) };
      },
    );

    app.post(
      '/api/certificates/print-jobs',
      { config: { access: CHECK_ROLES }, schema: { tags, body: PrintJobBody } },
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
      { config: { access: CHECK_ROLES }, schema: { tags, params: JobIdParam } },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const job = jobs.get(request.params.jobId, user.id);
        if (!job) throw AppError.notFound({ zh: '打印任务', en: 'Print job' });
        return { job: jobView(job) };
      },
    );

    app.get(
      '/api/certificates/print-jobs/:jobId/pdf',
      { config: { access: CHECK_ROLES }, schema: { tags, params: JobIdParam } },
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
