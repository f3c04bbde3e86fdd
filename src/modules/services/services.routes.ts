import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { contentDisposition } from '../../core/filename.ts';
import { SERVICE_RECORDERS, SERVICE_STAFF } from '../../core/roles.ts';
import type { Role } from '../../db/schema.ts';
import { jsonOrFile } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { personOfRequest } from '../persons/index.ts';
import { facilityBookings, markAttendance } from './services.bookings.ts';
import { payerReport, payerReportCsv } from './services.payers.ts';
import { recentServices } from './services.recent.ts';
import { listFacilities } from './services.repository.ts';
import {
  AttendanceAnswer,
  AttendanceBody,
  ClientAnswer,
  ClientList,
  ComplicationAnswer,
  ComplicationCreate,
  ConsentTextAnswer,
  FacilityBookingList,
  FacilityBookingQuery,
  FacilityList,
  IdParam,
  PayerReport,
  PayerReportQuery,
  ReferralAnswer,
  ReferralCreate,
  ServiceCreate,
  ServiceList,
  ServiceListQuery,
  ServicePage,
  ServiceSaved,
  TechnicalAnswer,
  Timeline,
} from './services.schema.ts';
import {
  countyPrefix,
  providerClient,
  providerClients,
  recordService,
  referPerson,
  servicesOfPerson,
} from './services.service.ts';
import { currentConsentText, recordComplication, technicalDetail } from './services.technical.ts';
import { personTimeline } from './services.timeline.ts';

const PROVIDER: readonly Role[] = ['provider'];
/** Counts only, in the user's area. */
const PAYER_REPORT = SERVICE_STAFF;

export function serviceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['services'];

    app.post(
      '/api/services',
      {
        config: { access: SERVICE_RECORDERS },
        schema: { tags, body: ServiceCreate, response: withErrors({ 200: ServiceSaved, 201: ServiceSaved }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_RECORDERS);
        const result = await recordService(ctx, user, actorOf(user, request), request.body);
        return reply.code(result.repeated ? 200 : 201).send(result);
      },
    );

    app.get(
      '/api/services',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, querystring: ServiceListQuery, response: withErrors({ 200: ServicePage }) },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        return recentServices(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.get(
      '/api/persons/:id/services',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, response: withErrors({ 200: ServiceList }) },
      },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, SERVICE_STAFF, 'person.read_services');
        return { items: await servicesOfPerson(ctx, person.id) };
      },
    );

    app.get(
      '/api/persons/:id/timeline',
      { config: { access: SERVICE_STAFF }, schema: { tags, params: IdParam, response: withErrors({ 200: Timeline }) } },
      async (request) => {
        const { person } = await personOfRequest(ctx, request, SERVICE_STAFF, 'person.read_timeline');
        return { items: await personTimeline(ctx, person.id) };
      },
    );

    app.post(
      '/api/referrals',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, body: ReferralCreate, response: withErrors({ 201: ReferralAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        return reply.code(201).send(await referPerson(ctx, user, actorOf(user, request), request.body));
      },
    );

    app.get(
      '/api/facilities',
      { config: { access: SERVICE_RECORDERS }, schema: { tags, response: withErrors({ 200: FacilityList }) } },
      async (request) => {
        const user = requireUser(request, SERVICE_RECORDERS);
        const rows = await listFacilities(ctx.db, countyPrefix(user.divisionCode));
        return {
          items: rows.map((f) => ({ id: f.id, name: f.name, division: f.division_code, facilityKind: f.kind })),
        };
      },
    );

    app.get(
      '/api/facility/clients',
      { config: { access: PROVIDER }, schema: { tags, response: withErrors({ 200: ClientList }) } },
      async (request) => {
        const user = requireUser(request, PROVIDER);
        return providerClients(ctx, user, actorOf(user, request));
      },
    );

    app.get(
      '/api/facility/clients/:id',
      { config: { access: PROVIDER }, schema: { tags, params: IdParam, response: withErrors({ 200: ClientAnswer }) } },
      async (request) => {
        const user = requireUser(request, PROVIDER);
        return providerClient(ctx, user, actorOf(user, request), request.params.id);
      },
    );

    app.get(
      '/api/services/consent-text',
      { config: { access: SERVICE_RECORDERS }, schema: { tags, response: withErrors({ 200: ConsentTextAnswer }) } },
      async (request) => {
        requireUser(request, SERVICE_RECORDERS);
        return currentConsentText();
      },
    );

    app.get(
      '/api/services/:id/technical',
      {
        config: { access: SERVICE_RECORDERS },
        schema: { tags, params: IdParam, response: withErrors({ 200: TechnicalAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, SERVICE_RECORDERS);
        return technicalDetail(ctx, user, actorOf(user, request), request.params.id);
      },
    );

    app.post(
      '/api/services/:id/complications',
      {
        config: { access: SERVICE_RECORDERS },
        schema: { tags, params: IdParam, body: ComplicationCreate, response: withErrors({ 201: ComplicationAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_RECORDERS);
        const saved = await recordComplication(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(saved);
      },
    );

    app.get(
      '/api/services/by-payer',
      {
        config: { access: PAYER_REPORT },
        schema: {
          tags,
          querystring: PayerReportQuery,
          response: withErrors({ 200: jsonOrFile(PayerReport, 'Services per payer and kind', 'text/csv') }),
        },
      },
      async (request, reply) => {
        const user = requireUser(request, PAYER_REPORT);
        const { format, ...window } = request.query;
        const report = await payerReport(ctx, user, window);
        if (format === 'json') return report;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', contentDisposition(`服务费用承担方-${report.from}-${report.to}.csv`))
          .send(payerReportCsv(report));
      },
    );

    app.get(
      '/api/facility/bookings',
      {
        config: { access: PROVIDER },
        schema: { tags, querystring: FacilityBookingQuery, response: withErrors({ 200: FacilityBookingList }) },
      },
      async (request) => {
        const user = requireUser(request, PROVIDER);
        return facilityBookings(ctx, user, actorOf(user, request), request.query);
      },
    );

    app.post(
      '/api/facility/bookings/:id/attendance',
      {
        config: { access: PROVIDER },
        schema: { tags, params: IdParam, body: AttendanceBody, response: withErrors({ 200: AttendanceAnswer }) },
      },
      async (request) => {
        const user = requireUser(request, PROVIDER);
        return markAttendance(ctx, user, actorOf(user, request), request.params.id, request.body.attendance);
      },
    );
  };
}
