/**
 * Work lists: facts come from SQL (scope in the WHERE clause), deadlines from the rules in core/deadlines.
 * The computation runs per request over the scope's arrivals; at county scale (tens of thousands of people)
 * that is one indexed scan. A maintained table of items is the next step when a province needs it.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import {
  type ArrivalFacts,
  arrivalItems,
  certificateExpiryItem,
  certificateOfferItem,
  countItems,
  type DeadlineRules,
  serviceFollowUpItem,
  WORK_KINDS,
  type WorkItem,
} from '../../core/deadlines.ts';
import type { MaritalStatus } from '../../core/person.ts';
import { scoped } from '../../db/scoped.ts';
import { exchangeReplyItems } from '../exchange/index.ts';

/**
 * Every work item inside a division's scope. With `personId`, the same queries narrowed to one person (the
 * person page's 待办), so both lists follow one set of rules.
 */
export async function computeItems(
  ctx: AppContext,
  divisionCode: string,
  day = today(),
  personId?: string,
): Promise<WorkItem[]> {
  const rules = ctx.config.deadlines;
  const scope = scoped(ctx.db, divisionCode);
  // Work items are for people living here: residence in the subtree (narrower than the scope itself).
  let peopleQuery = scope.selectFrom('person as p');
  if (personId) peopleQuery = peopleQuery.where('p.id', '=', personId);
  const people = await peopleQuery
    .where('p.residence_division', 'like', scope.like)
    .where('p.departed_on', 'is', null)
    .where('p.merged_into', 'is', null)
    .where('p.arrived_on', 'is not', null)
    .where(sql<boolean>`substr(p.hukou_division, 1, 6) <> substr(p.residence_division, 1, 6)`)
    .select([
      'p.id',
      'p.hukou_division',
      'p.residence_division',
      'p.arrived_on',
      'p.sex',
      'p.birth_date',
      'p.marital_status',
      'p.spouse_birth_date',
      (eb) =>
        eb
          .selectFrom('certificate_check as k')
          .select(sql<string | null>`min(k.checked_at)::date::text`.as('first'))
          .whereRef('k.person_id', '=', 'p.id')
          .where(sql<boolean>`k.checked_at::date >= p.arrived_on`)
          .as('first_check_on'),
      // Check-up offers (done or declined) from service records (issue 4).
      (eb) =>
        eb
          .selectFrom('service_record as s')
          .select(sql<string[] | null>`array_agg(s.service_date::text)`.as('dates'))
          .whereRef('s.person_id', '=', 'p.id')
          .where('s.kind', '=', 'reproductive_checkup')
          .as('checkups_on'),
      (eb) =>
        eb
          .selectFrom('service_record as s')
          .select(sql<string | null>`s.next_due_on::text`.as('next'))
          .whereRef('s.person_id', '=', 'p.id')
          .where('s.kind', '=', 'reproductive_checkup')
          .orderBy('s.service_date', 'desc')
          .orderBy('s.created_at', 'desc')
          .limit(1)
          .as('next_checkup_due'),
    ])
    .execute();
  const childbearing = { minAge: ctx.config.childbearingMinAge, maxAge: ctx.config.childbearingMaxAge };
  const items: WorkItem[] = [];
  for (const p of people) {
    const facts: ArrivalFacts = {
      personId: p.id,
      hukouDivision: p.hukou_division,
      residenceDivision: p.residence_division,
      arrivedOn: p.arrived_on,
      departedOn: null,
      sex: p.sex,
      birthDate: p.birth_date,
      maritalStatus: p.marital_status as MaritalStatus,
      firstCheckOn: p.first_check_on,
      checkupsOn: p.checkups_on ?? [],
      nextCheckupDue: p.next_checkup_due,
    };
    items.push(...arrivalItems(facts, day, rules, childbearing));
  }
  let certQuery = ctx.db.selectFrom('certificate as c');
  if (personId) certQuery = certQuery.where('c.person_id', '=', personId);
  const certs = await certQuery
    .leftJoin('certificate as n', 'n.id', 'c.replaced_by_id')
    .where('c.division_code', 'like', scope.like)
    .where('c.status', 'in', ['valid', 'replaced'])
    .where('c.expires_on', '>=', addDays(day, -rules.lookbackDays))
    .where('c.expires_on', '<=', addDays(day, rules.expiryNoticeDays))
    .select(['c.id', 'c.person_id', 'c.division_code', 'c.status', 'c.expires_on', 'n.issued_on as replaced_on'])
    .execute();
  for (const c of certs) {
    const item = certificateExpiryItem(
      {
        certificateId: c.id,
        personId: c.person_id,
        issuerDivision: c.division_code,
        status: c.status,
        expiresOn: c.expires_on,
        replacedOn: c.replaced_on,
      },
      day,
      rules,
    );
    if (item) items.push(item);
  }
  items.push(...(await serviceFollowUps(ctx, scope.like, day, rules, personId)));
  items.push(...(await certificateOffers(ctx, divisionCode, day, personId)));
  items.push(...(await exchangeReplyItems(ctx.db, scope.like, day, rules.lookbackDays, personId)));
  return items;
}

/**
 * 可提供办证服务: outflow married women registered here (household registration in the subtree, living in another
 * county) who hold no valid certificate today. Age is checked with the configured rule after the query.
 */
async function certificateOffers(
  ctx: AppContext,
  divisionCode: string,
  day: string,
  personId?: string,
): Promise<WorkItem[]> {
  const scope = scoped(ctx.db, divisionCode);
  let q = scope.selectFrom('person as p');
  if (personId) q = q.where('p.id', '=', personId);
  const rows = await q
    .where('p.hukou_division', 'like', scope.like)
    .where('p.departed_on', 'is', null)
    .where('p.merged_into', 'is', null)
    .where('p.sex', '=', 'F')
    .where('p.marital_status', 'in', ['first_marriage', 'remarried'])
    .where(sql<boolean>`substr(p.hukou_division, 1, 6) <> substr(p.residence_division, 1, 6)`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('certificate as c')
            .select('c.id')
            .whereRef('c.person_id', '=', 'p.id')
            .where('c.status', '=', 'valid')
            .where('c.expires_on', '>=', day),
        ),
      ),
    )
    .select([
      'p.id',
      'p.hukou_division',
      'p.residence_division',
      'p.arrived_on',
      'p.sex',
      'p.birth_date',
      'p.marital_status',
    ])
    .execute();
  const childbearing = { minAge: ctx.config.childbearingMinAge, maxAge: ctx.config.childbearingMaxAge };
  const out: WorkItem[] = [];
  for (const p of rows) {
    const item = certificateOfferItem(
      {
        personId: p.id,
        hukouDivision: p.hukou_division,
        residenceDivision: p.residence_division,
        arrivedOn: p.arrived_on,
        sex: p.sex,
        birthDate: p.birth_date,
        maritalStatus: p.marital_status as MaritalStatus,
        hasValidCertificate: false,
      },
      day,
      childbearing,
    );
    if (item) out.push(item);
  }
  return out;
}

/**
 * Upcoming and overdue services other than check-ups: the next due date of each person's latest record per kind.
 * After a technical service (issue 26) the follow-up visits form a chain: the latest visit of each chain carries
 * the next date of the schedule, and a service with a visit recorded no longer does.
 */
async function serviceFollowUps(
  ctx: AppContext,
  like: string,
  day: string,
  rules: DeadlineRules,
  personId?: string,
): Promise<WorkItem[]> {
  const onePerson = personId ? sql`AND person_id = ${personId}` : sql``;
  const latest = await sql<{ person_id: string; kind: string; division_code: string; next_due_on: string | null }>`
    SELECT DISTINCT ON (person_id, kind, chain) person_id, kind, division_code, next_due_on::text AS next_due_on
    FROM (
      SELECT r.*, CASE WHEN r.kind = 'technical_follow_up' THEN r.follow_up_of END AS chain
      FROM service_record r
      WHERE r.division_code LIKE ${like} AND r.kind <> 'reproductive_checkup' ${onePerson}
        AND NOT EXISTS (
          SELECT 1 FROM service_record f WHERE f.follow_up_of = r.id AND f.kind = 'technical_follow_up')
    ) latest
    ORDER BY person_id, kind, chain, service_date DESC, created_at DESC`.execute(ctx.db);
  const out: WorkItem[] = [];
  for (const r of latest.rows) {
    if (!r.next_due_on) continue;
    const item = serviceFollowUpItem(
      { personId: r.person_id, division: r.division_code, serviceKind: r.kind, nextDueOn: r.next_due_on },
      day,
      rules,
    );
    if (item) out.push(item);
  }
  return out;
}

export function countsByKind(items: readonly WorkItem[]) {
  const out: Record<string, ReturnType<typeof countItems>> = {};
  for (const kind of WORK_KINDS) {
    out[kind] = countItems(items.filter((i) => i.kind === kind));
  }
  return out;
}

/** Counts of the items inside each prefix (a staff member's scope or a child division). */
export function countsWithin(items: readonly WorkItem[], prefix: string) {
  return countItems(items.filter((i) => i.division.startsWith(prefix)));
}
