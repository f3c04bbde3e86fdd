/**
 * The staff side of what residents submit in the portal: certificate applications (the township officer
 * issues or declines), contact changes (the village manager approves before anything reaches the person),
 * and the service slots staff publish for booking. Scope is the division prefix in SQL.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { CHECK_ROLES, ISSUE_ROLES } from '../../core/roles.ts';
import type { Db } from '../../db/database.ts';
import type { OriginCertificate, Role } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import { publicBaseUrl } from '../../http/public-url.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser, type SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { issueCertificate, verifyLink } from '../certificates/index.ts';
import { answerRoutedApplication } from '../exchange/index.ts';
import { decryptPhone, updatePerson } from '../persons/index.ts';
import {
  ApplicationDecisionBody,
  DecisionBody,
  IdParam,
  SlotAdminListBody,
  SlotBody,
  SlotCreatedBody,
  StaffApplicationBody,
  StaffApplicationListBody,
  StaffContactChangeBody,
  StaffContactChangeListBody,
} from './portal.schema.ts';
import { applicationView } from './portal.service.ts';

const REGISTRY: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];
const SLOT_ROLES: readonly Role[] = [...REGISTRY, 'provider'];
const APPLICATION = { zh: '申请', en: 'Application' };
const CHANGE = { zh: '变更申请', en: 'Change request' };
const StatusQuery = z.strictObject({
  status: z.enum(['submitted', 'issued', 'rejected', 'pending', 'approved']).optional(),
});

/**
 * The facility whose providers will see a slot's bookings (issue 26 part 2): a provider's own facility; else the
 * one chosen, or the county's facility of that name; a slot at a place that is no facility has none.
 */
async function slotFacility(db: Db, user: SessionUser, name: string, chosen: string | undefined) {
  if (user.role === 'provider') {
    const own = await db.selectFrom('app_user').select('facility_id').where('id', '=', user.id).executeTakeFirst();
    return own?.facility_id ?? null;
  }
  const county = `${user.divisionCode.slice(0, 6)}%`;
  let query = db.selectFrom('facility').select('id').where('division_code', 'like', county);
  query = chosen ? query.where('id', '=', chosen) : query.where('name', '=', name);
  const found = await query.executeTakeFirst();
  if (chosen && !found) {
    throw AppError.validation([
      fieldIssue('facilityId', fieldLabel('facilityId'), { zh: '未找到该机构', en: 'facility not found' }),
    ]);
  }
  return found?.id ?? null;
}

const routedToOrigin = () =>
  new AppError('VERSION_CONFLICT', 409, {
    zh: '该申请已转户籍地办理，由户籍地签发或答复；现居住地可签发临时证明',
    en: 'This application was sent to the origin, which issues or declines it; the residence may issue a temporary certificate',
  });

const alreadyDecided = () =>
  new AppError('VERSION_CONFLICT', 409, { zh: '该申请已处理', en: 'This request has already been decided' });

export function portalStaffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['portal-staff'];

    app.get(
      '/api/certificate-applications',
      {
        config: { access: CHECK_ROLES },
        schema: { tags, querystring: StatusQuery, response: withErrors({ 200: StaffApplicationListBody }) },
      },
      async (request) => {
        const user = requireUser(request, CHECK_ROLES);
        const rows = await scoped(ctx.db, user)
          .selectFrom('certificate_application as a')
          .innerJoin('person as p', 'p.id', 'a.person_id')
          .selectAll('a')
          .select(['p.name', 'p.id_masked'])
          .where(
            'a.status',
            '=',
            request.query.status === 'issued' || request.query.status === 'rejected'
              ? request.query.status
              : 'submitted',
          )
          .orderBy('a.created_at')
          .limit(200)
          .execute();
        if (rows.length > 0) {
          await ctx.readAudit.append(actorOf(user, request), {
            action: 'certificate_application.list',
            entity: 'certificate_application',
            personIds: rows.map((r) => r.person_id),
          });
        }
        return {
          items: rows.map((r) => ({
            ...applicationView(r),
            personId: r.person_id,
            name: r.name,
            idNumberMasked: r.id_masked,
            residenceDivision: r.division_code,
            hukouDivision: r.hukou_division,
          })),
        };
      },
    );

    app.post(
      '/api/certificate-applications/:id/decide',
      {
        config: { access: ISSUE_ROLES },
        schema: {
          tags,
          params: IdParam,
          body: ApplicationDecisionBody,
          response: withErrors({ 200: StaffApplicationBody }),
        },
      },
      async (request) => {
        const user = requireUser(request, ISSUE_ROLES);
        const actor = actorOf(user, request);
        const app0 = await scoped(ctx.db, user)
          .selectFrom('certificate_application')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!app0) throw AppError.notFound(APPLICATION);
        if (app0.status !== 'submitted') throw alreadyDecided();
        if (app0.routed_at && !isWithin(app0.hukou_division, user.divisionCode)) throw routedToOrigin();
        const { decision, note } = request.body;
        let certificateId: string | null = null;
        let travelling: OriginCertificate | null = null;
        if (decision === 'issue') {
          // Issued through the certificates module (its own transaction, history and audit). The resident
          // asked for a new one, so a current certificate is replaced on their request.
          const issued = await issueCertificate(ctx, user, actor, {
            personId: app0.person_id,
            kind: app0.kind,
            reason: note || '居民网上申请',
            replace: true,
          });
          certificateId = issued.certificate?.id ?? null;
          const c = issued.certificate;
          // What travels back to the residence of a routed application: the signed payload and its check link here.
          travelling = c
            ? {
                number: c.number,
                kind: c.kind,
                issuedOn: c.issuedOn,
                expiresOn: c.expiresOn,
                issuer: c.issuer.name,
                payload: c.payload,
                verifyUrl: verifyLink(publicBaseUrl(ctx, request), c.payload),
              }
            : null;
        }
        const updated = await ctx.db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('certificate_application')
            .set({
              status: decision === 'issue' ? 'issued' : 'rejected',
              certificate_id: certificateId,
              decided_by: user.id,
              decided_at: new Date(),
              decision_note: note || null,
            })
            .where('id', '=', app0.id)
            .where('status', '=', 'submitted')
            .returningAll()
            .executeTakeFirst();
          if (!row) throw alreadyDecided();
          await answerRoutedApplication(trx, row, {
            decision: decision === 'issue' ? 'issued' : 'declined',
            note: note || null,
            certificate: travelling,
          });
          await writeAudit(trx, actor, {
            action: 'certificate_application.decide',
            entity: 'certificate_application',
            entityId: row.id,
            personIds: [row.person_id],
            details: { decision },
          });
          return row;
        });
        return { application: applicationView(updated) };
      },
    );

    app.get(
      '/api/contact-changes',
      {
        config: { access: REGISTRY },
        schema: { tags, querystring: StatusQuery, response: withErrors({ 200: StaffContactChangeListBody }) },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY);
        const status =
          request.query.status === 'approved' || request.query.status === 'rejected' ? request.query.status : 'pending';
        const rows = await scoped(ctx.db, user)
          .selectFrom('contact_change as c')
          .innerJoin('person as p', 'p.id', 'c.person_id')
          .selectAll('c')
          .select(['p.name', 'p.id_masked', 'p.residence_address as current_address', 'p.phone as current_phone'])
          .where('c.status', '=', status)
          .orderBy('c.created_at')
          .limit(200)
          .execute();
        if (rows.length > 0) {
          await ctx.readAudit.append(actorOf(user, request), {
            action: 'contact_change.list',
            entity: 'contact_change',
            personIds: rows.map((r) => r.person_id),
          });
        }
        return {
          items: rows.map((r) => ({
            id: r.id,
            personId: r.person_id,
            name: r.name,
            idNumberMasked: r.id_masked,
            status: r.status,
            createdAt: r.created_at,
            phone: { from: decryptPhone(ctx.pii, r.current_phone), to: decryptPhone(ctx.pii, r.phone_enc) },
            residenceAddress: { from: r.current_address, to: r.residence_address },
            note: r.decision_note,
          })),
        };
      },
    );

    app.post(
      '/api/contact-changes/:id/decide',
      {
        config: { access: REGISTRY },
        schema: { tags, params: IdParam, body: DecisionBody, response: withErrors({ 200: StaffContactChangeBody }) },
      },
      async (request) => {
        const user = requireUser(request, REGISTRY);
        const actor = actorOf(user, request);
        const change = await scoped(ctx.db, user)
          .selectFrom('contact_change')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!change) throw AppError.notFound(CHANGE);
        if (change.status !== 'pending') throw alreadyDecided();
        if (request.body.decision === 'approve') {
          const person = await ctx.db
            .selectFrom('person')
            .select('version')
            .where('id', '=', change.person_id)
            .executeTakeFirstOrThrow();
          // Applied through the registry (scope check, history, audit), only now that staff approved it.
          await updatePerson(ctx, user, actor, change.person_id, {
            version: person.version,
            ...(change.phone_enc ? { phone: decryptPhone(ctx.pii, change.phone_enc) } : {}),
            ...(change.residence_address ? { residenceAddress: change.residence_address } : {}),
          });
        }
        const row = await ctx.db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('contact_change')
            .set({
              status: request.body.decision === 'approve' ? 'approved' : 'rejected',
              decided_by: user.id,
              decided_at: new Date(),
              decision_note: request.body.note || null,
            })
            .where('id', '=', change.id)
            .where('status', '=', 'pending')
            .returning(['id', 'status', 'person_id'])
            .executeTakeFirst();
          if (!updated) throw alreadyDecided();
          await writeAudit(trx, actor, {
            action: 'contact_change.decide',
            entity: 'contact_change',
            entityId: updated.id,
            personIds: [updated.person_id],
            details: { decision: request.body.decision },
          });
          return updated;
        });
        return { change: { id: row.id, status: row.status } };
      },
    );

    app.get(
      '/api/service-slots',
      { config: { access: SLOT_ROLES }, schema: { tags, response: withErrors({ 200: SlotAdminListBody }) } },
      async (request) => {
        const user = requireUser(request, SLOT_ROLES);
        const rows = await scoped(ctx.db, user)
          .selectFrom('service_slot as s')
          .leftJoin('service_booking as b', (join) =>
            join.onRef('b.slot_id', '=', 's.id').on('b.status', '=', 'booked'),
          )
          .select((eb) => [
            's.id',
            's.kind',
            's.facility',
            's.starts_at',
            's.capacity',
            's.notes',
            's.division_code',
            's.cancelled_at',
            eb.fn.count<string>('b.id').as('booked'),
          ])
          .where('s.starts_at', '>', new Date(Date.now() - 30 * 86_400_000))
          .groupBy('s.id')
          .orderBy('s.starts_at')
          .limit(200)
          .execute();
        return {
          items: rows.map((s) => ({
            id: s.id,
            kind: s.kind,
            facility: s.facility,
            startsAt: s.starts_at,
            capacity: s.capacity,
            booked: Number(s.booked),
            notes: s.notes,
            divisionCode: s.division_code,
            cancelled: s.cancelled_at !== null,
          })),
        };
      },
    );

    app.post(
      '/api/service-slots',
      {
        config: { access: SLOT_ROLES },
        schema: { tags, body: SlotBody, response: withErrors({ 201: SlotCreatedBody }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SLOT_ROLES);
        const body = request.body;
        if (new Date(body.startsAt).getTime() <= Date.now()) {
          throw AppError.validation([
            { path: 'startsAt', message: { zh: '开始时间：须晚于现在', en: 'Start time: must be in the future' } },
          ]);
        }
        const row = await ctx.db.transaction().execute(async (trx) => {
          const facilityId = await slotFacility(trx, user, body.facility, body.facilityId);
          const slot = await trx
            .insertInto('service_slot')
            .values({
              facility_id: facilityId,
              division_code: user.divisionCode,
              kind: body.kind,
              facility: body.facility,
              starts_at: body.startsAt,
              capacity: body.capacity,
              notes: body.notes || null,
              created_by: user.id,
            })
            .returning(['id'])
            .executeTakeFirstOrThrow();
          await writeAudit(trx, actorOf(user, request), {
            action: 'service_slot.publish',
            entity: 'service_slot',
            entityId: slot.id,
          });
          return slot;
        });
        return reply.code(201).send({ slot: row });
      },
    );
  };
}
