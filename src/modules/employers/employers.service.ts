/**
 * Employers and landlords (用工单位、出租房东): a registry with contacts, the floating residents they employ
 * or house (linked from the person record), cooperation agreements, and outreach lists of whom to contact.
 * They are partners for services only: nothing here lets them report on the people they employ or house.
 */
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue, IssueCollector } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { PartyKind } from '../../db/schema.ts';
import { type Scoped, scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { notInScopeIssue, requireDivisionInScope } from '../households/index.ts';
import { linkParties, OWN_HOME_LANDLORD, requirePersonInScope } from '../persons/index.ts';
import { computeItems } from '../worklists/index.ts';
import type { AgreementCreate, PartyCreate, PartyQuery, PartyUpdate, PersonLinks } from './employers.schema.ts';

export const PARTY = { zh: '单位或房东', en: 'Employer or landlord' };

type PartyRow = {
  id: string;
  kind: PartyKind;
  division_code: string;
  name: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  industry: string | null;
  notes: string | null;
  version: number;
};

function partyView(r: PartyRow) {
  return {
    id: r.id,
    kind: r.kind,
    divisionCode: r.division_code,
    name: r.name,
    address: r.address,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    industry: r.industry,
    notes: r.notes,
    version: r.version,
  };
}

async function findParty(db: Db, user: SessionUser, id: string) {
  return scoped(db, user).selectFrom('employer_landlord').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Linked residents in the user's scope who have not departed, counted per party (as employer or landlord). */
async function residentCounts(scope: Scoped, partyIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (partyIds.length === 0) return counts;
  for (const column of ['employer_id', 'landlord_id'] as const) {
    const rows = await scope
      .selectFrom('person')
      .select((eb) => [eb.ref(column).as('party'), eb.fn.countAll<string>().as('n')])
      .where(column, 'in', partyIds)
      .where('departed_on', 'is', null)
      .groupBy(column)
      .execute();
    for (const r of rows) if (r.party) counts.set(r.party, (counts.get(r.party) ?? 0) + Number(r.n));
  }
  return counts;
}

export async function listParties(ctx: AppContext, user: SessionUser, query: PartyQuery) {
  const scope = scoped(ctx.db, user);
  let q = scope.selectFrom('employer_landlord');
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.q) q = q.where('name', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('kind')
      .orderBy('name')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const [agreements, residents] = await Promise.all([agreementsOf(ctx, ids), residentCounts(scope, ids)]);
  return {
    items: rows.map((r) => ({
      ...partyView(r),
      residents: residents.get(r.id) ?? 0,
      agreements: agreements.filter((a) => a.partyId === r.id).map((a) => a.kind),
    })),
    total: Number(count.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function agreementsOf(ctx: AppContext, partyIds: string[]) {
  if (partyIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('cooperation_agreement')
    .selectAll()
    .where('party_id', 'in', partyIds)
    .orderBy('signed_on', 'desc')
    .execute();
  return rows.map((a) => ({
    id: a.id,
    partyId: a.party_id,
    kind: a.kind,
    signedOn: a.signed_on,
    validUntil: a.valid_until,
    serviceDaysPerYear: a.service_days_per_year,
    details: a.details,
  }));
}

export async function createParty(ctx: AppContext, user: SessionUser, actor: Actor, input: PartyCreate) {
  return ctx.db.transaction().execute(async (trx) => {
    await requireDivisionInScope(trx, user, input.divisionCode, 'divisionCode', false);
    const row = await trx
      .insertInto('employer_landlord')
      .values({
        kind: input.kind,
        division_code: input.divisionCode,
        name: input.name,
        address: input.address,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        industry: input.industry,
        notes: input.notes,
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'party.create', entity: 'employer_landlord', entityId: row.id });
    return { party: partyView(row) };
  });
}

export async function updateParty(ctx: AppContext, user: SessionUser, actor: Actor, id: string, input: PartyUpdate) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await scoped(trx, user)
      .selectFrom('employer_landlord')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw AppError.notFound(PARTY);
    if (row.version !== input.version) {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '记录已被他人修改，请刷新后重试',
        en: 'The record was changed by someone else; reload and try again',
      });
    }
    const updated = await trx
      .updateTable('employer_landlord')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        ...(input.contactName !== undefined ? { contact_name: input.contactName } : {}),
        ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
        ...(input.industry !== undefined ? { industry: input.industry } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        version: row.version + 1,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'party.update', entity: 'employer_landlord', entityId: id });
    return { party: partyView(updated) };
  });
}

/** One employer or landlord with agreements, outreach events held there, and its residents (audited). */
export async function getParty(ctx: AppContext, user: SessionUser, actor: Actor, id: string) {
  const scope = scoped(ctx.db, user);
  const row = await findParty(ctx.db, user, id);
  if (!row) throw AppError.notFound(PARTY);
  const residents = await scope
    .selectFrom('person as p')
    .where((e) => e.or([e('p.employer_id', '=', id), e('p.landlord_id', '=', id)]))
    .where('p.departed_on', 'is', null)
    .select(['p.id', 'p.name', 'p.sex', 'p.id_masked', 'p.residence_division', 'p.arrived_on'])
    .orderBy('p.name')
    .limit(500)
    .execute();
  const events = await ctx.db
    .selectFrom('outreach_event')
    .select(['id', 'kind', 'title', 'held_on', 'attendance', 'materials_count'])
    .where('party_id', '=', id)
    .orderBy('held_on', 'desc')
    .limit(20)
    .execute();
  await ctx.readAudit.append(actor, {
    action: 'party.read',
    entity: 'employer_landlord',
    entityId: id,
    personIds: residents.map((r) => r.id),
  });
  return {
    party: partyView(row),
    agreements: await agreementsOf(ctx, [id]),
    residents: residents.map((r) => ({
      id: r.id,
      name: r.name,
      sex: r.sex,
      idNumberMasked: r.id_masked,
      residenceDivision: r.residence_division,
      arrivedOn: r.arrived_on,
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      heldOn: e.held_on,
      attendance: e.attendance,
      materialsCount: e.materials_count,
    })),
  };
}

export async function addAgreement(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  partyId: string,
  input: AgreementCreate,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const party = await findParty(trx, user, partyId);
    if (!party) throw AppError.notFound(PARTY);
    const row = await trx
      .insertInto('cooperation_agreement')
      .values({
        party_id: party.id,
        division_code: party.division_code,
        kind: input.kind,
        signed_on: input.signedOn,
        valid_until: input.validUntil,
        service_days_per_year: input.serviceDaysPerYear,
        details: input.details,
        created_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'party.agreement',
      entity: 'employer_landlord',
      entityId: party.id,
      details: { kind: input.kind },
    });
    return {
      agreement: {
        id: row.id,
        partyId: row.party_id,
        kind: row.kind,
        signedOn: row.signed_on,
        validUntil: row.valid_until,
        serviceDaysPerYear: row.service_days_per_year,
        details: row.details,
      },
    };
  });
}

/**
 * Whom to contact: employers and landlords in scope, with how many of their residents have a service due or
 * overdue (from the work-list rules), their agreements and the last outreach held there. Counts only; the
 * names are on the party's page, where reading them is audited.
 */
export async function outreachList(ctx: AppContext, user: SessionUser, kind?: PartyKind) {
  const scope = scoped(ctx.db, user);
  let q = scope.selectFrom('employer_landlord');
  if (kind) q = q.where('kind', '=', kind);
  const parties = await q
    .selectAll()
    .select((eb) =>
      eb
        .selectFrom('outreach_event as o')
        .whereRef('o.party_id', '=', 'employer_landlord.id')
        .select((e) => e.fn.max('o.held_on').as('d'))
        .as('last_event_on'),
    )
    .limit(1000)
    .execute();
  const open = new Set(
    (await computeItems(ctx, user.divisionCode)).filter((i) => i.status !== 'done').map((i) => i.personId),
  );
  const links =
    parties.length === 0
      ? []
      : await scope
          .selectFrom('person')
          .select(['id', 'employer_id', 'landlord_id'])
          .where((e) =>
            e.or([
              e(
                'employer_id',
                'in',
                parties.map((p) => p.id),
              ),
              e(
                'landlord_id',
                'in',
                parties.map((p) => p.id),
              ),
            ]),
          )
          .where('departed_on', 'is', null)
          .execute();
  const agreements = await agreementsOf(
    ctx,
    parties.map((p) => p.id),
  );
  const items = parties.map((p) => {
    // The party's residents in scope who have not departed: the same count the party list shows.
    const people = links.filter((l) => l.employer_id === p.id || l.landlord_id === p.id);
    return {
      ...partyView(p),
      residents: people.length,
      residentsWithServicesDue: people.filter((l) => open.has(l.id)).length,
      agreements: [...new Set(agreements.filter((a) => a.partyId === p.id).map((a) => a.kind))],
      lastEventOn: p.last_event_on ?? null,
    };
  });
  items.sort(
    (a, b) =>
      b.residentsWithServicesDue - a.residentsWithServicesDue ||
      b.residents - a.residents ||
      a.name.localeCompare(b.name),
  );
  return { items };
}

export async function getPersonLinks(ctx: AppContext, user: SessionUser, actor: Actor, personId: string) {
  const person = await requirePersonInScope(ctx, user, actor, personId, 'person.read_links');
  const ids = [person.employer_id, person.landlord_id].filter((v): v is string => v !== null);
  const rows =
    ids.length === 0 ? [] : await ctx.db.selectFrom('employer_landlord').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const view = (id: string | null) => {
    const r = id ? byId.get(id) : undefined;
    return r ? { id: r.id, name: r.name, contactName: r.contact_name, contactPhone: r.contact_phone } : null;
  };
  return { employer: view(person.employer_id), landlord: view(person.landlord_id) };
}

/** Links a person to their employer and landlord; the change goes into the person's history. */
export async function setPersonLinks(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  personId: string,
  input: PersonLinks,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const person = await scope
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .forUpdate()
      .executeTakeFirst();
    if (!person) throw AppError.notFound({ zh: '人员', en: 'Person' });
    const issues = new IssueCollector();
    for (const [path, kind, id] of [
      ['employerId', 'employer', input.employerId],
      ['landlordId', 'landlord', input.landlordId],
    ] as const) {
      if (!id) continue;
      const found = await scope
        .selectFrom('employer_landlord')
        .select('id')
        .where('id', '=', id)
        .where('kind', '=', kind)
        .executeTakeFirst();
      if (!found) issues.add(notInScopeIssue(path));
    }
    // A person in their own home (自有住房) has no landlord (issue 21 part 6).
    if (input.landlordId && person.housing_type === 'own')
      issues.add(fieldIssue('landlordId', fieldLabel('landlordId'), OWN_HOME_LANDLORD));
    issues.throwIfAny();
    const changes = await linkParties(
      trx,
      person,
      { employerId: input.employerId, landlordId: input.landlordId },
      user.id,
    );
    if (Object.keys(changes).length === 0) return;
    await writeAudit(trx, actor, {
      action: 'person.link_party',
      entity: 'person',
      entityId: person.id,
      personIds: [person.id],
      details: changes,
    });
  });
  return getPersonLinks(ctx, user, actor, personId);
}
