/**
 * Service records (check-ups, prenatal care, counselling, health education) and referrals to facilities.
 * Every service is an offer the person may decline; a declined offer is recorded and blocks nothing.
 * Staff act inside their division subtree; a provider acts only for people referred to or served by their
 * facility, and sees only the fields a service needs.
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue, IssueCollector } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { contraceptiveAnswer, nextDueDate, serviceDateProblems, unknownOutcomeKeys } from '../../core/services.ts';
import type { Db } from '../../db/database.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { enqueueExchange, notifyServiceElsewhere } from '../exchange/index.ts';
import { findPersonInScope } from '../persons/index.ts';
import { markBookingServed, usableBooking } from './services.bookings.ts';
import {
  facilityOfUser,
  findClient,
  findFacility,
  listClients,
  listServicesForPerson,
  type ServiceRow,
} from './services.repository.ts';
import type { ReferralCreate, ServiceCreate } from './services.schema.ts';
import { saveConsent, technicalNextDue, technicalProblems } from './services.technical.ts';
import { providerServiceView, serviceView } from './services.view.ts';

export const PERSON = { zh: '人员', en: 'Person' };
export const SERVICE = { zh: '服务记录', en: 'Service record' };

export function countyPrefix(divisionCode: string): string {
  return divisionCode.slice(0, 6);
}

interface Subject {
  id: string;
  birth_date: string;
  residence_division: string | null;
}

/** The person the service is for, in the actor's reach; and the facility and division it is recorded under. */
async function subjectFor(
  db: Db,
  user: SessionUser,
  personId: string,
  facilityId: string | null | undefined,
): Promise<{ person: Subject; facilityId: string | null; division: string }> {
  if (user.role === 'provider') {
    const own = await facilityOfUser(db, user.id);
    const client = own ? await findClient(db, personId, own) : undefined;
    if (!own || !client) throw AppError.notFound(PERSON);
    if (facilityId && facilityId !== own) {
      throw AppError.validation([
        fieldIssue('facilityId', fieldLabel('facilityId'), { zh: '只能是本机构', en: 'must be your own facility' }),
      ]);
    }
    const facility = await db
      .selectFrom('facility')
      .select('division_code')
      .where('id', '=', own)
      .executeTakeFirstOrThrow();
    return { person: { ...client, residence_division: null }, facilityId: own, division: facility.division_code };
  }
  const person = await findPersonInScope(scoped(db, user), { id: personId });
  if (!person) throw AppError.notFound(PERSON);
  if (facilityId) {
    const facility = await findFacility(db, facilityId, countyPrefix(user.divisionCode));
    if (!facility) {
      throw AppError.validation([
        fieldIssue('facilityId', fieldLabel('facilityId'), { zh: '未找到该机构', en: 'facility not found' }),
      ]);
    }
  }
  // Where served: the person's residence when it is in the user's area, else the user's own office.
  const division = isWithin(person.residence_division, user.divisionCode)
    ? person.residence_division
    : user.divisionCode;
  return { person, facilityId: facilityId ?? null, division };
}

/** The record this user already saved under this key, if any (a double click or a retried request). */
async function savedUnderKey(db: Db, user: SessionUser, key: string | undefined) {
  if (!key) return undefined;
  return db
    .selectFrom('service_record')
    .selectAll()
    .where('created_by', '=', user.id)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Answer for a repeated key: the first record, audited as read again; `repeated` tells the caller (200, not 201). */
async function repeatedAnswer(db: Db, user: SessionUser, actor: Actor, row: ServiceRow) {
  await writeAudit(db, actor, {
    action: 'service.record_repeat',
    entity: 'service_record',
    entityId: row.id,
    personIds: [row.person_id],
    details: { kind: row.kind },
  });
  return { service: user.role === 'provider' ? providerServiceView(row) : serviceView(row), repeated: true };
}

export async function recordService(ctx: AppContext, user: SessionUser, actor: Actor, input: ServiceCreate) {
  return ctx.db.transaction().execute(async (trx) => {
    const earlier = await savedUnderKey(trx, user, input.idempotencyKey);
    if (earlier) return repeatedAnswer(trx, user, actor, earlier);
    const { person, facilityId, division } = await subjectFor(trx, user, input.personId, input.facilityId);
    const issues = new IssueCollector();
    for (const p of serviceDateProblems({
      serviceDate: input.serviceDate,
      birthDate: person.birth_date,
      today: today(),
      nextDueOn: input.nextDueOn,
    })) {
      issues.add(fieldIssue(p.path, fieldLabel(p.path), p.problem));
    }
    if (input.status === 'done' && !input.consent) {
      issues.add(
        fieldIssue('consent', fieldLabel('consent'), {
          zh: '提供服务须经本人知情同意；本人不愿接受时请记录为“谢绝”',
          en: 'a service needs the person’s consent; record "declined" when they do not want it',
        }),
      );
    }
    if (input.status === 'done' && !input.payer) {
      issues.add(
        fieldIssue('payer', fieldLabel('payer'), {
          zh: '请选择费用承担方（基本公共卫生服务经费、县级财政、用人单位、医疗保险或个人）',
          en: 'choose who pays (public health funds, county finance, employer, medical insurance or self)',
        }),
      );
    }
    for (const p of await technicalProblems(trx, person.id, input)) issues.add(p);
    const booking = input.bookingId ? await usableBooking(trx, user, person.id, input.bookingId) : null;
    if (booking && 'problem' in booking) issues.add(fieldIssue('bookingId', fieldLabel('bookingId'), booking.problem));
    const extra = unknownOutcomeKeys(input.serviceKind, input.outcome);
    if (extra.length > 0) {
      issues.add(
        fieldIssue('outcome', fieldLabel('outcome'), {
          zh: `此服务类型不记录：${extra.join('、')}`,
          en: `not recorded for this service type: ${extra.join(', ')}`,
        }),
      );
    }
    const answer = contraceptiveAnswer(input.serviceKind, input.status, input.contraceptiveInUse);
    if (answer === null && input.contraceptiveInUse != null) {
      issues.add(
        fieldIssue('contraceptiveInUse', fieldLabel('contraceptiveInUse'), {
          zh: '只在完成的避孕节育咨询中记录本人的回答',
          en: 'is recorded only with a contraceptive counselling that took place',
        }),
      );
    }
    if (input.followUpOf) {
      const parent = await trx
        .selectFrom('service_record')
        .select('id')
        .where('id', '=', input.followUpOf)
        .where('person_id', '=', person.id)
        .executeTakeFirst();
      if (!parent) {
        issues.add(
          fieldIssue('followUpOf', fieldLabel('followUpOf'), {
            zh: '不是此人的服务记录',
            en: 'is not a service record of this person',
          }),
        );
      }
    }
    issues.throwIfAny();
    const technicalDue = await technicalNextDue(
      trx,
      person.id,
      input.serviceKind,
      input.status,
      input.serviceDate,
      input.followUpOf,
    );
    const row = await trx
      .insertInto('service_record')
      .values({
        person_id: person.id,
        division_code: division,
        kind: input.serviceKind,
        status: input.status,
        service_date: input.serviceDate,
        facility_id: facilityId,
        outreach_event: input.outreachEvent,
        provider_name: input.providerName ?? (user.role === 'provider' ? user.displayName : null),
        outcome: JSON.stringify(input.outcome),
        contraceptive_in_use: answer,
        next_due_on:
          technicalDue === undefined || input.nextDueOn
            ? nextDueDate(input.serviceKind, input.serviceDate, input.nextDueOn)
            : technicalDue,
        consent: input.consent,
        notes: input.notes,
        follow_up_of: input.followUpOf ?? null,
        payer: input.status === 'done' ? (input.payer ?? null) : null,
        booking_id: booking && 'id' in booking ? booking.id : null,
        created_by: user.id,
        idempotency_key: input.idempotencyKey ?? null,
      })
      // A concurrent request with the same key waits here for the first one and then inserts nothing.
      .onConflict((oc) => oc.columns(['created_by', 'idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const first = await savedUnderKey(trx, user, input.idempotencyKey);
      if (!first) throw new Error('service record neither inserted nor found under its key');
      return repeatedAnswer(trx, user, actor, first);
    }
    if (input.informedConsent && input.status === 'done') {
      await saveConsent(trx, row.id, input.informedConsent, input.serviceDate);
    }
    if (row.booking_id) await markBookingServed(trx, user, row.booking_id);
    await writeAudit(trx, actor, {
      action: 'service.record',
      entity: 'service_record',
      entityId: row.id,
      personIds: [person.id],
      details: {
        kind: row.kind,
        status: row.status,
        ...(row.payer ? { payer: row.payer } : {}),
        ...(row.booking_id ? { bookingId: row.booking_id } : {}),
      },
    });
    // A floating person's origin counts the service too (异地服务): the fact travels, no clinical detail.
    await notifyServiceElsewhere(trx, row);
    return { service: user.role === 'provider' ? providerServiceView(row) : serviceView(row), repeated: false };
  });
}

export async function referPerson(ctx: AppContext, user: SessionUser, actor: Actor, input: ReferralCreate) {
  return ctx.db.transaction().execute(async (trx) => {
    const person = await findPersonInScope(scoped(trx, user), { id: input.personId });
    if (!person) throw AppError.notFound(PERSON);
    const facility = await findFacility(trx, input.facilityId, countyPrefix(user.divisionCode));
    if (!facility) {
      throw AppError.validation([
        fieldIssue('facilityId', fieldLabel('facilityId'), { zh: '未找到该机构', en: 'facility not found' }),
      ]);
    }
    const row = await trx
      .insertInto('service_referral')
      .values({
        person_id: person.id,
        division_code: isWithin(person.residence_division, user.divisionCode)
          ? person.residence_division
          : user.divisionCode,
        facility_id: facility.id,
        kind: input.serviceKind,
        note: input.note,
        referred_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A floating person's other area hears of the referral at once when the person agreed to it: an urgent
    // inquiry for a service referral (the consent travels with it), due in 15 days.
    const home = row.division_code.slice(0, 6);
    const other = person.residence_division.startsWith(home) ? person.hukou_division : person.residence_division;
    const exchange =
      other.startsWith(home) || !input.consentOn
        ? null
        : await enqueueExchange(trx, {
            kind: 'inquiry',
            event: 'referral',
            urgent: true,
            subjectPersonId: person.id,
            fromDivision: row.division_code,
            toDivision: other,
            idempotencyKey: `referral:${row.id}`,
            payload: {
              purpose: 'service_referral',
              consentOn: input.consentOn,
              facts: { serviceKind: row.kind, referredOn: today(), facility: facility.name },
            },
          });
    await writeAudit(trx, actor, {
      action: 'service.refer',
      entity: 'service_referral',
      entityId: row.id,
      personIds: [person.id],
      details: { facility: facility.name, kind: row.kind },
    });
    return {
      referral: {
        id: row.id,
        personId: row.person_id,
        facility: { id: facility.id, name: facility.name },
        serviceKind: row.kind,
        note: row.note,
        referredAt: row.referred_at,
        exchangeMessageId: exchange?.id ?? null,
      },
    };
  });
}

/** Staff: every service record of a person in scope (read audited by the caller's scope check). */
export async function servicesOfPerson(ctx: AppContext, personId: string) {
  return (await listServicesForPerson(ctx.db, personId)).map(serviceView);
}

/** Provider: the people referred to or served by their facility, with the minimal fields. */
export async function providerClients(ctx: AppContext, user: SessionUser, actor: Actor) {
  const facilityId = await facilityOfUser(ctx.db, user.id);
  if (!facilityId) return { facility: null, items: [] };
  const facility = await ctx.db
    .selectFrom('facility')
    .select(['id', 'name', 'division_code'])
    .where('id', '=', facilityId)
    .executeTakeFirst();
  const rows = await listClients(ctx.db, facilityId);
  if (rows.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'service.client_list',
      entity: 'person',
      personIds: rows.map((r) => r.id),
    });
  }
  return {
    facility: facility ? { id: facility.id, name: facility.name, division: facility.division_code } : null,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      idNumberMasked: r.id_masked,
      sex: r.sex,
      birthDate: r.birth_date,
      referredFor: r.referred_for ? r.referred_for.split(',') : [],
    })),
  };
}

/** Provider: one client, and the services given at their facility. */
export async function providerClient(ctx: AppContext, user: SessionUser, actor: Actor, personId: string) {
  const facilityId = await facilityOfUser(ctx.db, user.id);
  const client = facilityId ? await findClient(ctx.db, personId, facilityId) : undefined;
  await ctx.readAudit.append(actor, {
    action: 'service.client_read',
    outcome: client ? 'ok' : 'not_found',
    entity: 'person',
    entityId: personId,
    ...(client ? { personIds: [client.id] } : {}),
  });
  if (!client || !facilityId) throw AppError.notFound(PERSON);
  const services = await listServicesForPerson(ctx.db, client.id, facilityId);
  return {
    person: {
      id: client.id,
      name: client.name,
      idNumberMasked: client.id_masked,
      sex: client.sex,
      birthDate: client.birth_date,
    },
    services: services.map(providerServiceView),
  };
}
