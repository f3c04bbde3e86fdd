/**
 * Complaint use cases (便民维权). Each write runs in one transaction with its audit row. Deadlines come from
 * core/complaints.ts (working days on the public-holiday calendar; statutory limits for review and litigation).
 * Escalation is lazy and idempotent: whenever a work list or complaint list is read, open complaints past their
 * deadline in that scope are marked escalated (and audited) once.
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { complaintTiming, responseDueOn, STATUTORY_LIMITS, statutoryDeadline } from '../../core/complaints.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintChannel } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { SYSTEM_ACTOR, writeAudit } from '../audit/index.ts';
import { decryptPhone, encryptPhone, personExistsInScope } from '../persons/index.ts';
import {
  attachmentsFor,
  type ComplaintFilter,
  type ComplaintRow,
  escalateOverdue,
  findComplaintInScope,
  findComplaintOfPerson,
  insertComplaint,
  insertLegalRequest,
  listComplaintsInScope,
  listLegalRequests,
  nextComplaintNumber,
} from './complaints.repository.ts';
import type { ComplaintIntake, ResidentComplaint } from './complaints.schema.ts';

export const COMPLAINT = { zh: '咨询投诉', en: 'Complaint' };

const conflict = (zh: string, en: string) => new AppError('VERSION_CONFLICT', 409, { zh, en });

interface NewComplaint {
  personId: string | null;
  divisionCode: string;
  channel: ComplaintChannel;
  type: ResidentComplaint['type'];
  category: string;
  subject: string;
  body: string;
  contactName?: string | undefined;
  contactPhone?: string | null | undefined;
  receivedOn: string;
  createdBy: string | null;
}

export async function createComplaint(ctx: AppContext, db: Db, actor: Actor, c: NewComplaint): Promise<ComplaintRow> {
  const row = await insertComplaint(db, {
    number: await nextComplaintNumber(db, Number(c.receivedOn.slice(0, 4))),
    person_id: c.personId,
    division_code: c.divisionCode,
    channel: c.channel,
    type: c.type,
    category: c.category,
    subject: c.subject,
    body: c.body,
    contact_name: c.contactName?.trim() || null,
    contact_phone_enc: encryptPhone(ctx.pii, c.contactPhone ?? null),
    received_on: c.receivedOn,
    due_on: responseDueOn(c.receivedOn, ctx.config.complaintResponseDays),
    created_by: c.createdBy,
  });
  await writeAudit(db, actor, {
    action: 'complaint.create',
    entity: 'complaint',
    entityId: row.id,
    ...(c.personId ? { personIds: [c.personId] } : {}),
    details: { number: row.number, channel: c.channel },
  });
  return row;
}

/** Staff intake from the hotline or a walk-in; the complaint belongs to the person's residence or a division in scope. */
export async function intakeComplaint(ctx: AppContext, user: SessionUser, actor: Actor, input: ComplaintIntake) {
  return ctx.db.transaction().execute(async (trx) => {
    let division = input.divisionCode ?? user.divisionCode;
    if (input.personId) {
      const person = await personExistsInScope(scoped(trx, user), input.personId);
      if (!person) {
        throw AppError.validation([
          fieldIssue('personId', fieldLabel('personId'), { zh: '未找到该人员', en: 'person not found' }),
        ]);
      }
      division = isWithin(person.residence_division, user.divisionCode) ? person.residence_division : user.divisionCode;
    } else if (!isWithin(division, user.divisionCode)) {
      throw AppError.validation([
        fieldIssue('divisionCode', fieldLabel('divisionCode'), {
          zh: '须在您的辖区内',
          en: 'must be inside your jurisdiction',
        }),
      ]);
    }
    const known = await trx.selectFrom('division').select('code').where('code', '=', division).executeTakeFirst();
    if (!known) {
      throw AppError.validation([
        fieldIssue('divisionCode', fieldLabel('divisionCode'), { zh: '不存在的行政区划代码', en: 'unknown division' }),
      ]);
    }
    const row = await createComplaint(ctx, trx, actor, {
      personId: input.personId ?? null,
      divisionCode: division,
      channel: input.channel,
      type: input.type,
      category: input.category,
      subject: input.subject,
      body: input.body,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      receivedOn: input.receivedOn ?? today(),
      createdBy: user.id,
    });
    return staffView(ctx, row, [], null, today());
  });
}

/** A resident's own consultation or complaint, filed from the portal. */
export async function fileFromPortal(
  ctx: AppContext,
  actor: Actor,
  person: { id: string; residence_division: string },
  input: ResidentComplaint,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await createComplaint(ctx, trx, actor, {
      personId: person.id,
      divisionCode: person.residence_division,
      channel: 'portal',
      ...input,
      receivedOn: today(),
      createdBy: null,
    });
    return residentView(row);
  });
}

export async function requireComplaint(ctx: AppContext, user: SessionUser, actor: Actor, id: string, action: string) {
  const row = await findComplaintInScope(scoped(ctx.db, user), id);
  await ctx.readAudit.append(actor, {
    action,
    outcome: row ? 'ok' : 'not_found',
    entity: 'complaint',
    entityId: id,
    ...(row?.person_id ? { personIds: [row.person_id] } : {}),
  });
  if (!row) throw AppError.notFound(COMPLAINT);
  return row;
}

export async function assignComplaint(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  assigneeId: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findComplaintInScope(scoped(trx, user), id);
    if (!row) throw AppError.notFound(COMPLAINT);
    const assignee = await trx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'division_code', 'role'])
      .where('id', '=', assigneeId)
      .where('active', '=', true)
      .where('role', 'in', ['county_admin', 'township_officer', 'village_manager'])
      .executeTakeFirst();
    if (!assignee || !isWithin(assignee.division_code, user.divisionCode)) {
      throw AppError.validation([
        fieldIssue('assigneeId', fieldLabel('assigneeId'), {
          zh: '须为您辖区内的工作人员',
          en: 'must be a staff member in your jurisdiction',
        }),
      ]);
    }
    const updated = await trx
      .updateTable('complaint')
      .set({ assignee_id: assignee.id })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'complaint.assign',
      entity: 'complaint',
      entityId: row.id,
      ...(row.person_id ? { personIds: [row.person_id] } : {}),
      details: { assignee: assignee.id },
    });
    return updated;
  });
}

export async function replyToComplaint(ctx: AppContext, user: SessionUser, actor: Actor, id: string, reply: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findComplaintInScope(scoped(trx, user), id);
    if (!row) throw AppError.notFound(COMPLAINT);
    if (row.status !== 'open') throw conflict('该事项已答复', 'This complaint has already been answered');
    const day = today();
    const updated = await trx
      .updateTable('complaint')
      .set({ status: 'replied', reply, replied_at: new Date(), replied_on: day, replied_by: user.id })
      .where('id', '=', row.id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'complaint.reply',
      entity: 'complaint',
      entityId: row.id,
      ...(row.person_id ? { personIds: [row.person_id] } : {}),
      details: { number: row.number, inTime: day <= row.due_on },
    });
    return updated;
  });
}

export async function rateComplaint(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  id: string,
  rating: { rating: number; comment?: string | undefined },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findComplaintOfPerson(trx, id, personId);
    if (!row) throw AppError.notFound(COMPLAINT);
    if (row.status !== 'replied') {
      throw conflict('答复后才能评价，且只能评价一次', 'You can rate once, after the reply');
    }
    const updated = await trx
      .updateTable('complaint')
      .set({ rating: rating.rating, rating_comment: rating.comment || null, rated_at: new Date(), status: 'closed' })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'complaint.rate',
      entity: 'complaint',
      entityId: row.id,
      personIds: [personId],
      details: { rating: rating.rating },
    });
    return residentView(updated);
  });
}

export async function recordLegalRequest(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: {
    kind: 'administrative_review' | 'litigation';
    knownOn: string;
    filedOn?: string | undefined;
    note?: string | undefined;
  },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findComplaintInScope(scoped(trx, user), id);
    if (!row) throw AppError.notFound(COMPLAINT);
    const filedOn = input.filedOn ?? today();
    if (filedOn < input.knownOn) {
      throw AppError.validation([
        fieldIssue('filedOn', fieldLabel('filedOn'), {
          zh: '不能早于知道行政行为之日',
          en: 'must not be before the date the act became known',
        }),
      ]);
    }
    const request = await insertLegalRequest(trx, {
      complaint_id: row.id,
      division_code: row.division_code,
      kind: input.kind,
      known_on: input.knownOn,
      deadline_on: statutoryDeadline(input.kind, input.knownOn),
      filed_on: filedOn,
      note: input.note || null,
      created_by: user.id,
    });
    await writeAudit(trx, actor, {
      action: 'complaint.legal_request',
      entity: 'complaint',
      entityId: row.id,
      ...(row.person_id ? { personIds: [row.person_id] } : {}),
      details: { kind: input.kind, deadline: request.deadline_on },
    });
    return legalView(request);
  });
}

/** Complaints in scope (overdue ones escalated first), a page at a time; their persons are in the read audit. */
export async function listComplaints(ctx: AppContext, user: SessionUser, actor: Actor, filter: ComplaintFilter) {
  await escalate(ctx, user.divisionCode);
  const page = await listComplaintsInScope(scoped(ctx.db, user), filter);
  const personIds = page.rows.flatMap((r) => (r.person_id ? [r.person_id] : []));
  if (personIds.length > 0) {
    await ctx.readAudit.append(actor, { action: 'complaint.list', entity: 'complaint', personIds });
  }
  return page;
}

/** Escalates overdue complaints in a scope (idempotent), each with an audit row by the system. */
export async function escalate(ctx: AppContext, divisionCode: string, day = today(), at = new Date()) {
  const rows = await escalateOverdue(scoped(ctx.db, divisionCode), day, at);
  for (const r of rows) {
    await writeAudit(ctx.db, SYSTEM_ACTOR, {
      action: 'complaint.escalate',
      entity: 'complaint',
      entityId: r.id,
      ...(r.person_id ? { personIds: [r.person_id] } : {}),
      details: { number: r.number, dueOn: r.due_on },
    });
  }
  return rows.length;
}

/** The complaint part of a work list: open ones due, overdue (escalated) and answered, for a scope and a day. */
export async function complaintWorklist(ctx: AppContext, divisionCode: string, day = today()) {
  await escalate(ctx, divisionCode, day);
  const rows = await scoped(ctx.db, divisionCode)
    .selectFrom('complaint')
    .select(['id', 'number', 'subject', 'division_code', 'due_on', 'replied_on', 'escalated_at', 'status'])
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('replied_on', '>=', day.slice(0, 8).concat('01'))]))
    .orderBy('due_on')
    .execute();
  const counts = { due: 0, overdue: 0, done: 0 };
  for (const r of rows) {
    const timing = complaintTiming({ dueOn: r.due_on, repliedOn: r.replied_on }, day);
    if (timing === 'due') counts.due++;
    else if (timing === 'overdue') counts.overdue++;
    else counts.done++;
  }
  const escalated = rows
    .filter((r) => r.status === 'open' && complaintTiming({ dueOn: r.due_on, repliedOn: null }, day) === 'overdue')
    .slice(0, 20)
    .map((r) => ({ id: r.id, number: r.number, subject: r.subject, dueOn: r.due_on, escalatedAt: r.escalated_at }));
  return { ...counts, escalated };
}

export function legalView(r: Awaited<ReturnType<typeof listLegalRequests>>[number]) {
  return {
    id: r.id,
    kind: r.kind,
    knownOn: r.known_on,
    deadlineOn: r.deadline_on,
    filedOn: r.filed_on,
    inTime: r.filed_on <= r.deadline_on,
    law: STATUTORY_LIMITS[r.kind].law,
    note: r.note,
  };
}

export function residentView(r: ComplaintRow) {
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    category: r.category,
    subject: r.subject,
    body: r.body,
    channel: r.channel,
    status: r.status,
    receivedOn: r.received_on,
    dueOn: r.due_on,
    reply: r.reply,
    repliedOn: r.replied_on,
    rating: r.rating,
    ratingComment: r.rating_comment,
  };
}

export function staffView(
  ctx: AppContext,
  r: ComplaintRow,
  legal: Awaited<ReturnType<typeof listLegalRequests>>,
  extra: { personName: string | null; assigneeName: string | null } | null,
  day: string,
) {
  return {
    ...residentView(r),
    personId: r.person_id,
    personName: extra?.personName ?? null,
    divisionCode: r.division_code,
    contactName: r.contact_name,
    contactPhone: decryptPhone(ctx.pii, r.contact_phone_enc),
    assigneeId: r.assignee_id,
    assigneeName: extra?.assigneeName ?? null,
    escalatedAt: r.escalated_at,
    timing: complaintTiming({ dueOn: r.due_on, repliedOn: r.replied_on }, day),
    legalRequests: legal.map(legalView),
  };
}

/** Staff views for a page of rows, with names joined in one query each. */
export async function staffViews(ctx: AppContext, rows: ComplaintRow[]) {
  const personIds = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])))];
  const [people, users, legal, attachments] = await Promise.all([
    personIds.length
      ? ctx.db.selectFrom('person').select(['id', 'name']).where('id', 'in', personIds).execute()
      : Promise.resolve([]),
    userIds.length
      ? ctx.db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute()
      : Promise.resolve([]),
    listLegalRequests(
      ctx.db,
      rows.map((r) => r.id),
    ),
    attachmentsFor(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const assignees = new Map(users.map((u) => [u.id, u.display_name]));
  const day = today();
  return rows.map((r) => ({
    ...staffView(
      ctx,
      r,
      legal.filter((l) => l.complaint_id === r.id),
      {
        personName: r.person_id ? (names.get(r.person_id) ?? null) : null,
        assigneeName: r.assignee_id ? (assignees.get(r.assignee_id) ?? null) : null,
      },
      day,
    ),
    attachments: attachments.get(r.id) ?? [],
  }));
}

/** One complaint as staff read it. */
export async function staffViewOf(ctx: AppContext, row: ComplaintRow) {
  const [view] = await staffViews(ctx, [row]);
  if (!view) throw new Error('staffViews returned no view for its row');
  return view;
}
