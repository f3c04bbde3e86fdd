/**
 * The resident portal's API, /api/portal/*. Every route derives the person from the session (a resident
 * account is bound to exactly one person); none takes a person id. Sign-in routes are public and throttled.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../../core/uploads.ts';
import { withErrors } from '../../http/responses.ts';
import { setSessionCookie } from '../../http/session.ts';
import {
  attachmentsFor,
  fileFromPortal,
  listComplaintsOfPerson,
  RatingBody,
  ResidentComplaint,
  rateComplaint,
  residentView,
} from '../complaints/index.ts';
import { RateLimiter } from '../verify/index.ts';
import { addAttachment } from './portal.attachments.ts';
import { requestCode, verifyCode } from './portal.auth.ts';
import {
  ApplicationBody,
  ApplicationCreatedBody,
  ApplicationListBody,
  AttachmentCreatedBody,
  BookingBody,
  BookingCancelledBody,
  BookingCreatedBody,
  CodeRequestBody,
  CodeSentBody,
  CodeVerifyBody,
  ConsentBody,
  ConsentStateBody,
  ContactChangeBody,
  ContactChangeCreatedBody,
  IdParam,
  PortalAccessLogBody,
  PortalBirthBody,
  PortalBirthCreatedBody,
  PortalBirthListBody,
  PortalCertificatesBody,
  PortalComplaintBody,
  PortalComplaintListBody,
  PortalMeBody,
  PortalServicesBody,
  SignedInBody,
  SlotListBody,
} from './portal.schema.ts';
import {
  applyForCertificate,
  bookSlot,
  cancelBooking,
  loadResident,
  myAccessLog,
  myApplications,
  myBirthRegistrations,
  myCertificates,
  myRecord,
  myServices,
  openSlots,
  readAudit,
  recordConsent,
  requestContactChange,
  submitBirth,
} from './portal.service.ts';

const RESIDENT = ['resident'] as const;

export function portalRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const limiter = new RateLimiter(ctx.config.portalRatePerMinute);
  return async (app) => {
    const tags = ['portal'];
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0 } });
    const config = { access: RESIDENT };
    const throttle = async (request: { ip: string }) => {
      if (!limiter.take(request.ip)) {
        throw new AppError('RATE_LIMITED', 429, { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts; try later' });
      }
    };

    app.post(
      '/api/portal/auth/code',
      {
        config: { access: 'public' },
        schema: { tags, body: CodeRequestBody, response: withErrors({ 202: CodeSentBody }) },
        onRequest: throttle,
      },
      async (request, reply) => reply.code(202).send(await requestCode(ctx, request, request.body.idNumber)),
    );

    app.post(
      '/api/portal/auth/verify',
      {
        config: { access: 'public' },
        schema: { tags, body: CodeVerifyBody, response: withErrors({ 200: SignedInBody }) },
        onRequest: throttle,
      },
      async (request, reply) => {
        const { token } = await verifyCode(ctx, request, request.body.idNumber, request.body.code);
        setSessionCookie(reply, token, request.protocol === 'https');
        return { signedIn: true };
      },
    );

    app.get(
      '/api/portal/me',
      { config, schema: { tags, response: withErrors({ 200: PortalMeBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request, false);
        await readAudit(ctx, resident, 'portal.read_record');
        return { consent: resident.consent, ...(resident.consent.terms ? await myRecord(ctx, resident) : {}) };
      },
    );

    app.post(
      '/api/portal/consent',
      { config, schema: { tags, body: ConsentBody, response: withErrors({ 200: ConsentStateBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request, false);
        return recordConsent(ctx, resident, request.ip, request.body);
      },
    );

    app.get(
      '/api/portal/certificates',
      { config, schema: { tags, response: withErrors({ 200: PortalCertificatesBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        await readAudit(ctx, resident, 'portal.read_certificates');
        return { items: await myCertificates(ctx, resident, request) };
      },
    );

    app.get(
      '/api/portal/services',
      { config, schema: { tags, response: withErrors({ 200: PortalServicesBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        await readAudit(ctx, resident, 'portal.read_services');
        return myServices(ctx, resident);
      },
    );

    app.get(
      '/api/portal/access-log',
      { config, schema: { tags, response: withErrors({ 200: PortalAccessLogBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        await readAudit(ctx, resident, 'portal.read_access_log');
        return { items: await myAccessLog(ctx, resident) };
      },
    );

    app.get(
      '/api/portal/applications',
      { config, schema: { tags, response: withErrors({ 200: ApplicationListBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        return { items: await myApplications(ctx, resident) };
      },
    );

    app.post(
      '/api/portal/applications',
      { config, schema: { tags, body: ApplicationBody, response: withErrors({ 201: ApplicationCreatedBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        return reply.code(201).send({ application: await applyForCertificate(ctx, resident, request.body) });
      },
    );

    app.get(
      '/api/portal/birth-registrations',
      { config, schema: { tags, response: withErrors({ 200: PortalBirthListBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        const items = await myBirthRegistrations(ctx, resident, request);
        if (items.length > 0) await readAudit(ctx, resident, 'portal.read_birth_registrations');
        return { items };
      },
    );

    app.post(
      '/api/portal/birth-registrations',
      { config, schema: { tags, body: PortalBirthBody, response: withErrors({ 201: PortalBirthCreatedBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        return reply.code(201).send({ registration: await submitBirth(ctx, resident, request.body) });
      },
    );

    app.post(
      '/api/portal/contact-changes',
      { config, schema: { tags, body: ContactChangeBody, response: withErrors({ 201: ContactChangeCreatedBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        return reply.code(201).send({ change: await requestContactChange(ctx, resident, request.body) });
      },
    );

    app.get(
      '/api/portal/slots',
      { config, schema: { tags, response: withErrors({ 200: SlotListBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        return { items: await openSlots(ctx, resident) };
      },
    );

    app.post(
      '/api/portal/bookings',
      { config, schema: { tags, body: BookingBody, response: withErrors({ 201: BookingCreatedBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        const { slotId, replace } = request.body;
        return reply.code(201).send({ booking: await bookSlot(ctx, resident, slotId, replace ?? false) });
      },
    );

    app.post(
      '/api/portal/bookings/:id/cancel',
      { config, schema: { tags, params: IdParam, response: withErrors({ 200: BookingCancelledBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        return { booking: await cancelBooking(ctx, resident, request.params.id) };
      },
    );

    app.get(
      '/api/portal/complaints',
      { config, schema: { tags, response: withErrors({ 200: PortalComplaintListBody }) } },
      async (request) => {
        const resident = await loadResident(ctx, request);
        const rows = await listComplaintsOfPerson(ctx.db, resident.person.id);
        if (rows.length > 0) await readAudit(ctx, resident, 'portal.read_complaints');
        const files = await attachmentsFor(
          ctx.db,
          rows.map((r) => r.id),
        );
        return { items: rows.map((r) => ({ ...residentView(r), attachments: files.get(r.id) ?? [] })) };
      },
    );

    app.post(
      '/api/portal/complaints',
      { config, schema: { tags, body: ResidentComplaint, response: withErrors({ 201: PortalComplaintBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        return reply
          .code(201)
          .send({ complaint: await fileFromPortal(ctx, resident.actor, resident.person, request.body) });
      },
    );

    app.post(
      '/api/portal/complaints/:id/attachments',
      { config, schema: { tags, params: IdParam, response: withErrors({ 201: AttachmentCreatedBody }) } },
      async (request, reply) => {
        const resident = await loadResident(ctx, request);
        const attachment = await addAttachment(ctx, resident, request.params.id, request);
        return reply.code(201).send({ attachment });
      },
    );

    app.post(
      '/api/portal/complaints/:id/rating',
      {
        config,
        schema: { tags, params: IdParam, body: RatingBody, response: withErrors({ 200: PortalComplaintBody }) },
      },
      async (request) => {
        const resident = await loadResident(ctx, request);
        return {
          complaint: await rateComplaint(ctx, resident.actor, resident.person.id, request.params.id, request.body),
        };
      },
    );
  };
}
