/**
 * The resident portal's use cases. Every function takes the resident (derived from the session, never from a
 * request parameter) and touches only that resident's person. Record ids in a request (a complaint, a
 * booking) are always matched together with the resident's person id, so a guessed id answers 404.
 */
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.ts';
import { isResidentAccess, residentAccessWords } from '../../core/access-words.ts';
import { certificateStatus, type StoredCertificateStatus } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { inquiryPurposeName } from '../../core/exchange.ts';
import { fieldLabel } from '../../core/person.ts';
import { BIRTH_STATUS_LABELS, type BirthStatus } from '../../core/services-birth.ts';
import type { ConsentKind, OriginCertificate } from '../../db/schema.ts';
import { publicBaseUrl } from '../../http/public-url.ts';
import type { Actor } from '../../http/session.ts';
import { actorOf, requireUser, type SessionUser } from '../../http/session.ts';
import { listPersonAccess, writeAudit } from '../audit/index.ts';
import { submitBirthRegistration } from '../births/index.ts';
import { listForPerson, verifyLink } from '../certificates/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { belongsToOrigin, routeApplicationToOrigin } from '../exchange/index.ts';
import type { PersonRow } from '../persons/index.ts';
import { decryptPhone, encryptPhone, maskPhone, mergedRecordIds } from '../persons/index.ts';
import { accessActor } from './portal.access.ts';
import { bookingExists, cancelReplacedBooking, upcomingBookingOfKind } from './portal.booking-replace.ts';
import type { PortalBirthBody } from './portal.schema.ts';

export interface Resident {
  user: SessionUser;
  person: PersonRow;
  actor: Actor;
  consent: Record<ConsentKind, boolean>;
}

const RECORD = { zh: '本人记录', en: 'Your record' };

export async function consentState(ctx: AppContext, personId: string): Promise<Record<ConsentKind, boolean>> {
  const rows = await ctx.db
    .selectFrom('consent_event')
    .select(['kind', 'granted'])
    .distinctOn('kind')
    .where('person_id', '=', personId)
    .orderBy('kind')
    .orderBy('at', 'desc')
    .execute();
  const state = { terms: false, health: false, reminders: false };
  for (const r of rows) state[r.kind] = r.granted;
  return state;
}

/**
 * The signed-in resident and their person. `needConsent` (the default) refuses with 428 until the resident
 * has accepted the processing notice; the consent page and "me" are the only places that work before it.
 */
export async function loadResident(ctx: AppContext, request: FastifyRequest, needConsent = true): Promise<Resident> {
  const user = requireUser(request, ['resident']);
  const person = await ctx.db
    .selectFrom('resident_account as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .selectAll('p')
    .where('a.user_id', '=', user.id)
    .executeTakeFirst();
  if (!person) throw AppError.notFound(RECORD);
  const consent = await consentState(ctx, person.id);
  if (needConsent && !consent.terms) {
    throw new AppError('CONSENT_REQUIRED', 428, {
      zh: '请先阅读并同意个人信息处理说明',
      en: 'Please read and accept the personal-information notice first',
    });
  }
  return { user, person, actor: actorOf(user, request), consent };
}

export function requireHealthConsent(resident: Resident): void {
  if (!resident.consent.health) {
    throw new AppError('CONSENT_REQUIRED', 428, {
      zh: '预约健康服务需要您单独同意处理健康信息',
      en: 'Booking a health service needs your separate consent to process health data',
    });
  }
}

export async function readAudit(ctx: AppContext, resident: Resident, action: string): Promise<void> {
  await ctx.readAudit.append(resident.actor, { action, entity: 'person', personIds: [resident.person.id] });
}

export async function myRecord(ctx: AppContext, resident: Resident) {
  const p = resident.person;
  const refs = await divisionRefs(ctx.db, [p.hukou_division, p.residence_division]);
  const pending = await ctx.db
    .selectFrom('contact_change')
    .select(['id', 'phone_enc', 'residence_address', 'status', 'created_at', 'decision_note', 'decided_at'])
    .where('person_id', '=', p.id)
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
  return {
    person: {
      name: p.name,
      idNumberMasked: p.id_masked,
      sex: p.sex,
      birthDate: p.birth_date,
      hukouDivision: refs.get(p.hukou_division)?.fullName ?? p.hukou_division,
      residenceDivision: refs.get(p.residence_division)?.fullName ?? p.residence_division,
      residenceAddress: p.residence_address,
      arrivedOn: p.arrived_on,
      maritalStatus: p.marital_status,
      children: p.children.map((c) => ({ sex: c.sex, birthDate: c.birthDate, name: c.name })),
      phoneMasked: maskPhone(decryptPhone(ctx.pii, p.phone)),
      employer: p.employer,
    },
    contactChanges: pending.map((c) => ({
      id: c.id,
      phoneMasked: maskPhone(decryptPhone(ctx.pii, c.phone_enc)),
      residenceAddress: c.residence_address,
      status: c.status,
      createdAt: c.created_at,
      decidedAt: c.decided_at,
      note: c.decision_note,
    })),
  };
}

export async function recordConsent(
  ctx: AppContext,
  resident: Resident,
  ip: string,
  asked: { terms: boolean; health: boolean; reminders?: boolean | undefined },
) {
  // Withdrawing the general consent withdraws the reminders too; otherwise an unsent choice stays as it is.
  const wanted = { ...asked, reminders: asked.terms && (asked.reminders ?? resident.consent.reminders) };
  return ctx.db.transaction().execute(async (trx) => {
    const changes: { kind: ConsentKind; granted: boolean }[] = [];
    for (const kind of ['terms', 'health', 'reminders'] as const) {
      if (resident.consent[kind] !== wanted[kind]) changes.push({ kind, granted: wanted[kind] });
    }
    for (const kind of ['health', 'reminders'] as const) {
      if (!asked.terms && asked[kind]) {
        throw AppError.validation([
          fieldIssue(kind, fieldLabel(kind), { zh: '须先同意个人信息处理说明', en: 'needs the general consent first' }),
        ]);
      }
    }
    for (const c of changes) {
      await trx
        .insertInto('consent_event')
        .values({ person_id: resident.person.id, division_code: resident.person.residence_division, ip, ...c })
        .execute();
    }
    if (changes.length > 0) {
      await writeAudit(trx, resident.actor, {
        action: 'portal.consent',
        entity: 'person',
        personIds: [resident.person.id],
        details: Object.fromEntries(changes.map((c) => [c.kind, c.granted])),
      });
    }
    return { consent: wanted };
  });
}

export async function myCertificates(ctx: AppContext, resident: Resident, request: FastifyRequest) {
  const rows = await listForPerson(ctx.db, resident.person.id);
  const day = today();
  const base = publicBaseUrl(ctx, request);
  const fromOrigin = await originCertificates(ctx, resident.person.id, new Set(rows.map((r) => r.number)), day);
  const local = await Promise.all(
    rows.map(async (r) => {
      const status = certificateStatus({ status: r.status as StoredCertificateStatus, expiresOn: r.expires_on }, day);
      const link = verifyLink(base, r.payload);
      return {
        id: r.id,
        number: r.number,
        kind: r.kind,
        status,
        issuedOn: r.issued_on,
        expiresOn: r.expires_on,
        issuer: r.facts.issuerName,
        verifyUrl: link,
        qrDataUrl: status === 'valid' ? await QRCode.toDataURL(link, { margin: 1, width: 240 }) : null,
      };
    }),
  );
  return [...fromOrigin, ...local];
}

/** Services are health data: shown only while the separate health consent stands. */
export async function myServices(ctx: AppContext, resident: Resident) {
  if (!resident.consent.health) return { hidden: true, items: [], bookings: [] };
  const items = await ctx.db
    .selectFrom('service_record')
    .select(['id', 'kind', 'status', 'service_date', 'facility', 'next_due_on'])
    .where('person_id', '=', resident.person.id)
    .orderBy('service_date', 'desc')
    .limit(100)
    .execute();
  const bookings = await ctx.db
    .selectFrom('service_booking as b')
    .innerJoin('service_slot as s', 's.id', 'b.slot_id')
    .leftJoin('service_record as r', 'r.booking_id', 'b.id')
    .select([
      'b.id',
      'b.status',
      'b.attendance',
      's.kind',
      's.facility',
      's.starts_at',
      'r.kind as service_kind',
      'r.status as service_status',
      'r.service_date',
    ])
    .where('b.person_id', '=', resident.person.id)
    .orderBy('s.starts_at', 'desc')
    .limit(50)
    .execute();
  return {
    hidden: false,
    items: items.map((s) => ({
      id: s.id,
      kind: s.kind,
      status: s.status,
      date: s.service_date,
      facility: s.facility,
      nextDueOn: s.next_due_on,
    })),
    bookings: bookings.map((b) => ({
      id: b.id,
      status: b.status,
      kind: b.kind,
      facility: b.facility,
      startsAt: b.starts_at,
      attendance: b.attendance,
      service:
        b.service_kind && b.service_status && b.service_date
          ? { kind: b.service_kind, status: b.service_status, date: b.service_date }
          : null,
    })),
  };
}

/** Who accessed the record, in the resident's words: what was done and by which office, never a staff name. */
export async function myAccessLog(ctx: AppContext, resident: Resident) {
  // Accesses to a record merged into the resident's count as accesses to the resident (audit rows are immutable).
  const ids = [resident.person.id, ...(await mergedRecordIds(ctx.db, resident.person.id))];
  const rows = await listPersonAccess(ctx.db, ids, 300);
  return (
    rows
      // The resident's own page views would drown out what matters here: who else looked. A staff list
      // that merely included them is not a look at their record either.
      .filter((r) => !(r.actor_role === 'resident' && r.action.startsWith('portal.read_')))
      .filter((r) => isResidentAccess(r.action))
      .slice(0, 200)
      .map((r) => ({
        at: r.at,
        action: r.action,
        role: r.actor_role,
        office: r.actor_role === 'resident' ? null : (r.division_full_name ?? null),
        self: r.actor_role === 'resident',
        who: accessActor(r),
        what: residentAccessWords(r.action),
        purpose: inquiryPurposeName(r.purpose),
      }))
  );
}

export async function applyForCertificate(
  ctx: AppContext,
  resident: Resident,
  input: { kind: 'standard' | 'temporary'; purpose?: string | undefined },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('certificate_application')
      .select('id')
      .where('person_id', '=', resident.person.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (open) {
      throw new AppError('DUPLICATE', 409, {
        zh: '您已有一份正在办理的申请，请等待处理结果',
        en: 'You already have an application in progress',
      });
    }
    const row = await trx
      .insertInto('certificate_application')
      .values({
        person_id: resident.person.id,
        division_code: resident.person.residence_division,
        hukou_division: resident.person.hukou_division,
        kind: input.kind,
        purpose: input.purpose || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A standard certificate belongs to the origin: it goes there as an urgent 协查, no trip home needed.
    const routed = belongsToOrigin(row);
    if (routed) await routeApplicationToOrigin(trx, row);
    await writeAudit(trx, resident.actor, {
      action: 'portal.certificate_apply',
      entity: 'certificate_application',
      entityId: row.id,
      personIds: [resident.person.id],
      details: { kind: input.kind, ...(routed ? { routedTo: row.hukou_division } : {}) },
    });
    return applicationView({ ...row, routed_at: routed ? new Date() : null });
  });
}

export function applicationView(r: {
  id: string;
  kind: string;
  purpose: string | null;
  status: string;
  created_at: Date | string;
  decided_at: Date | null;
  decision_note: string | null;
  certificate_id: string | null;
  routed_at: Date | null;
  origin_inquiry_id: string | null;
  origin_certificate: OriginCertificate | null;
}) {
  return {
    id: r.id,
    kind: r.kind,
    purpose: r.purpose,
    status: r.status,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    note: r.decision_note,
    certificateId: r.certificate_id,
    /** Sent to the origin (residence side): only the origin decides it. */
    routedToOrigin: r.routed_at !== null,
    /** Came from the residence by the exchange (origin side): the decision travels back. */
    fromResidence: r.origin_inquiry_id !== null,
    originCertificate: r.origin_certificate
      ? {
          number: r.origin_certificate.number,
          expiresOn: r.origin_certificate.expiresOn,
          issuer: r.origin_certificate.issuer,
        }
      : null,
  };
}

/** Certificates the origin issued for routed applications, as they travelled back (not in this registry). */
async function originCertificates(ctx: AppContext, personId: string, known: ReadonlySet<string>, day: string) {
  const rows = await ctx.db
    .selectFrom('certificate_application')
    .select(['id', 'origin_certificate'])
    .where('person_id', '=', personId)
    .where('origin_certificate', 'is not', null)
    .orderBy('decided_at', 'desc')
    .execute();
  return Promise.all(
    rows
      .map((r) => ({ id: r.id, c: r.origin_certificate as OriginCertificate }))
      .filter(({ c }) => !known.has(c.number))
      .map(async ({ id, c }) => {
        const status = certificateStatus({ status: 'valid', expiresOn: c.expiresOn }, day);
        return {
          id,
          number: c.number,
          kind: c.kind,
          status,
          issuedOn: c.issuedOn,
          expiresOn: c.expiresOn,
          issuer: c.issuer,
          verifyUrl: c.verifyUrl,
          qrDataUrl: status === 'valid' ? await QRCode.toDataURL(c.verifyUrl, { margin: 1, width: 240 }) : null,
        };
      }),
  );
}

export async function myApplications(ctx: AppContext, resident: Resident) {
  const rows = await ctx.db
    .selectFrom('certificate_application')
    .selectAll()
    .where('person_id', '=', resident.person.id)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(applicationView);
}

export async function requestContactChange(
  ctx: AppContext,
  resident: Resident,
  input: { phone?: string | null | undefined; residenceAddress?: string | null | undefined },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('contact_change')
      .values({
        person_id: resident.person.id,
        division_code: resident.person.residence_division,
        phone_enc: encryptPhone(ctx.pii, input.phone ?? null),
        residence_address: input.residenceAddress ?? null,
      })
      .returning(['id', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, resident.actor, {
      action: 'portal.contact_change_request',
      entity: 'contact_change',
      entityId: row.id,
      personIds: [resident.person.id],
      details: { phone: Boolean(input.phone), address: Boolean(input.residenceAddress) },
    });
    return { id: row.id, status: row.status, createdAt: row.created_at };
  });
}

/** Published, future slots near the resident: their residence's township (or the slot's village). */
export async function openSlots(ctx: AppContext, resident: Resident) {
  const township = resident.person.residence_division.slice(0, 9);
  const rows = await ctx.db
    .selectFrom('service_slot as s')
    .leftJoin('service_booking as b', (join) => join.onRef('b.slot_id', '=', 's.id').on('b.status', '=', 'booked'))
    .select((eb) => [
      's.id',
      's.kind',
      's.facility',
      's.starts_at',
      's.capacity',
      's.notes',
      's.division_code',
      eb.fn.count<string>('b.id').as('booked'),
    ])
    .where('s.cancelled_at', 'is', null)
    .where('s.starts_at', '>', new Date())
    .where('s.division_code', 'like', `${township}%`)
    .groupBy('s.id')
    .orderBy('s.starts_at')
    .limit(50)
    .execute();
  return rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    facility: s.facility,
    startsAt: s.starts_at,
    capacity: s.capacity,
    left: Math.max(0, s.capacity - Number(s.booked)),
    notes: s.notes,
  }));
}

export async function bookSlot(ctx: AppContext, resident: Resident, slotId: string, replace = false) {
  requireHealthConsent(resident);
  return ctx.db.transaction().execute(async (trx) => {
    const township = resident.person.residence_division.slice(0, 9);
    const slot = await trx
      .selectFrom('service_slot')
      .selectAll()
      .where('id', '=', slotId)
      .where('division_code', 'like', `${township}%`)
      .where('cancelled_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!slot || new Date(slot.starts_at).getTime() <= Date.now()) {
      throw AppError.notFound({ zh: '服务时段', en: 'Service slot' });
    }
    const booked = await trx
      .selectFrom('service_booking')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('slot_id', '=', slot.id)
      .where('status', '=', 'booked')
      .executeTakeFirstOrThrow();
    if (Number(booked.n) >= slot.capacity) {
      throw new AppError('VERSION_CONFLICT', 409, { zh: '该时段已约满', en: 'This slot is full' });
    }
    const mine = await trx
      .selectFrom('service_booking')
      .select('id')
      .where('slot_id', '=', slot.id)
      .where('person_id', '=', resident.person.id)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (mine) throw new AppError('DUPLICATE', 409, { zh: '您已预约该时段', en: 'You have already booked this slot' });
    // Lock the resident so two bookings sent at once cannot both miss each other.
    await trx.selectFrom('person').select('id').where('id', '=', resident.person.id).forUpdate().execute();
    const earlier = await upcomingBookingOfKind(trx, resident.person.id, slot.kind, slot.id);
    if (earlier && !replace) throw bookingExists(earlier);
    if (earlier) await cancelReplacedBooking(trx, resident.actor, resident.person.id, earlier.id);
    const row = await trx
      .insertInto('service_booking')
      .values({ slot_id: slot.id, person_id: resident.person.id, division_code: slot.division_code })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, resident.actor, {
      action: 'portal.book_service',
      entity: 'service_booking',
      entityId: row.id,
      personIds: [resident.person.id],
      details: { kind: slot.kind, ...(earlier ? { replaces: earlier.id } : {}) },
    });
    return { id: row.id, status: row.status, kind: slot.kind, facility: slot.facility, startsAt: slot.starts_at };
  });
}

export async function cancelBooking(ctx: AppContext, resident: Resident, bookingId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('service_booking')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', bookingId)
      .where('person_id', '=', resident.person.id)
      .where('status', '=', 'booked')
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row) throw AppError.notFound({ zh: '预约', en: 'Booking' });
    await writeAudit(trx, resident.actor, {
      action: 'portal.cancel_booking',
      entity: 'service_booking',
      entityId: row.id,
      personIds: [resident.person.id],
    });
    return row;
  });
}

/** Submits a birth registration for the resident or their spouse through the births module (online channel). */
export async function submitBirth(ctx: AppContext, resident: Resident, body: PortalBirthBody) {
  const p = resident.person;
  if (body.applicant === 'spouse' && !p.spouse_id) {
    throw AppError.validation([
      fieldIssue('applicant', fieldLabel('applicant'), {
        zh: '登记中没有您的配偶，请由本人申请或到窗口办理',
        en: 'no spouse is on record; apply yourself or at the counter',
      }),
    ]);
  }
  const { applicant, ...rest } = body;
  const personId = applicant === 'spouse' ? (p.spouse_id as string) : p.id;
  const result = await submitBirthRegistration(
    ctx,
    { kind: 'resident', userId: resident.user.id, personId: p.id },
    resident.actor,
    { ...rest, personId, spousePersonId: null, channel: 'online' },
  );
  return result.registration;
}

/** The resident's birth registrations (as applicant or spouse): status, number, and the QR once registered. */
export async function myBirthRegistrations(ctx: AppContext, resident: Resident, request: FastifyRequest) {
  const rows = await ctx.db
    .selectFrom('birth_registration')
    .select([
      'id',
      'number',
      'status',
      'place_basis',
      'child_order',
      'child_born_on',
      'expected_on',
      'pledge',
      'message',
      'payload',
      'submitted_at',
      'registered_at',
    ])
    .where((eb) => eb.or([eb('person_id', '=', resident.person.id), eb('spouse_person_id', '=', resident.person.id)]))
    .orderBy('submitted_at', 'desc')
    .execute();
  const base = publicBaseUrl(ctx, request);
  return Promise.all(
    rows.map(async (r) => {
      const link = r.status === 'registered' && r.payload ? verifyLink(base, r.payload) : null;
      return {
        id: r.id,
        number: r.number,
        status: r.status,
        statusLabel: BIRTH_STATUS_LABELS[r.status as BirthStatus],
        placeBasis: r.place_basis,
        childOrder: r.child_order,
        childBornOn: r.child_born_on,
        expectedOn: r.expected_on,
        pledge: r.pledge,
        // What to add (needs_info) or why it was withdrawn: both are for the applicant to read.
        message: r.status === 'needs_info' || r.status === 'withdrawn' ? r.message : null,
        submittedAt: r.submitted_at,
        registeredAt: r.registered_at,
        verifyUrl: link,
        qrDataUrl: link ? await QRCode.toDataURL(link, { margin: 1, width: 240 }) : null,
      };
    }),
  );
}
