/**
 * The review queue of duplicate candidates (issue 24). A user sees the pairs of which their jurisdiction holds
 * at least one record; a record outside it shows only a masked summary. Deciding needs both records in sight:
 * a pair with a record elsewhere is referred to the office holding it, which then sees it marked as referred.
 * Every read of person details and every decision is audited.
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { describeParts, type ScorePart } from '../../core/dedup/score.ts';
import { levelOf } from '../../core/divisions.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { DuplicatePairTable, DuplicateStatus } from '../../db/schema.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { type PersonRow, personDetail, viewContext } from '../persons/index.ts';
import { maskedFacts, pairInScope, pairsInScope } from './duplicates.repository.ts';
import type { DuplicateListQuery } from './duplicates.schema.ts';

type PairRow = Selectable<DuplicatePairTable>;

const PAIR = { zh: '疑似重复记录', en: 'Duplicate candidate' };
const VIEW_STATUSES: Record<DuplicateListQuery['view'], DuplicateStatus[]> = {
  open: ['open', 'referred'],
  decided: ['not_duplicate', 'merged'],
};

/** 张三丰 → 张**: the surname and one mark per further character. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** The office holding a record: the township (street) of its residence, where registration is kept. */
const officeOf = (code: string) => code.slice(0, 9).padEnd(12, '0');

async function present(ctx: AppContext, db: Db, user: SessionUser, pairs: PairRow[]) {
  const ids = [...new Set(pairs.flatMap((p) => [p.person_a, p.person_b]))];
  const visible: PersonRow[] =
    ids.length > 0 ? await scoped(db, user).selectFrom('person').selectAll().where('id', 'in', ids).execute() : [];
  const seen = new Map(visible.map((r) => [r.id, r]));
  const others = await maskedFacts(
    db,
    ids.filter((id) => !seen.has(id)),
  );
  const masked = new Map(others.map((r) => [r.id, r]));
  const view = await viewContext(ctx, db, user, visible);
  const refs = await divisionRefs(db, [
    ...others.map((o) => officeOf(o.residence_division)),
    ...pairs.flatMap((p) => [p.referred_from, p.referred_to].filter((c): c is string => c !== null)),
  ]);
  const ref = (code: string) => refs.get(code) ?? { code, name: code, fullName: code, level: levelOf(code) };
  const tree = subtree(user);
  const side = (id: string) => {
    const row = seen.get(id);
    if (row) return { inScope: true, person: personDetail(row, view), masked: null };
    const m = masked.get(id);
    return {
      inScope: false,
      person: null,
      masked: m
        ? {
            name: maskName(m.name),
            sex: m.sex,
            birthYear: Number(m.birth_date.slice(0, 4)),
            office: ref(officeOf(m.residence_division)),
          }
        : null,
    };
  };
  const items = pairs.map((p) => {
    const parts = p.parts as ScorePart[];
    return {
      id: p.id,
      score: p.score,
      likely: p.score >= ctx.config.duplicates.likely,
      label: describeParts(parts),
      parts,
      status: p.status,
      referredFrom: p.referred_from ? ref(p.referred_from) : null,
      referredTo: p.referred_to ? ref(p.referred_to) : null,
      referredToMe: p.status === 'referred' && p.referred_from !== null && !tree.contains(p.referred_from),
      decidedAt: p.decided_at,
      foundAt: p.found_at,
      a: side(p.person_a),
      b: side(p.person_b),
    };
  });
  return { items, shownPersonIds: visible.map((r) => r.id) };
}

export async function listDuplicates(ctx: AppContext, user: SessionUser, actor: Actor, query: DuplicateListQuery) {
  const scope = scoped(ctx.db, user);
  const statuses = VIEW_STATUSES[query.view];
  const { n } = await pairsInScope(scope, statuses)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await pairsInScope(scope, statuses)
    .selectAll()
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const { items, shownPersonIds } = await present(ctx, ctx.db, user, rows);
  if (shownPersonIds.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'duplicate.list',
      entity: 'duplicate_pair',
      personIds: shownPersonIds,
    });
  }
  return { items, total: Number(n), page: query.page, pageSize: query.pageSize };
}

type Decision = 'not_duplicate' | 'referred';

async function decide(ctx: AppContext, user: SessionUser, actor: Actor, id: string, decision: Decision) {
  return ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const pair = await pairInScope(scope, id);
    if (!pair) throw AppError.notFound(PAIR);
    if (
      pair.status === 'not_duplicate' ||
      pair.status === 'merged' ||
      (decision === 'referred' && pair.status === 'referred')
    ) {
      throw new AppError('ALREADY_DECIDED', 409, {
        zh: '该疑似重复记录已处理',
        en: 'This duplicate candidate has already been decided',
      });
    }
    const inScope = await scope
      .selectFrom('person')
      .select(['id', 'residence_division'])
      .where('id', 'in', [pair.person_a, pair.person_b])
      .execute();
    const both = inScope.length === 2;
    if (decision === 'not_duplicate' && !both) {
      throw new AppError('REFER_INSTEAD', 409, {
        zh: '另一条记录不在本辖区，无法比对，请转交对方处理',
        en: 'The other record is outside your jurisdiction; refer the pair to its office',
      });
    }
    if (decision === 'referred' && both) {
      throw new AppError('BOTH_IN_SCOPE', 409, {
        zh: '两条记录都在本辖区，请直接处理',
        en: 'Both records are in your jurisdiction; decide the pair here',
      });
    }
    const otherId = [pair.person_a, pair.person_b].find((p) => !inScope.some((r) => r.id === p)) ?? null;
    const [other] = otherId ? await maskedFacts(trx, [otherId]) : [];
    const updated = await trx
      .updateTable('duplicate_pair')
      .set({
        status: decision,
        decided_by: user.id,
        decided_at: new Date(),
        updated_at: new Date(),
        ...(decision === 'referred'
          ? { referred_from: user.divisionCode, referred_to: other ? officeOf(other.residence_division) : null }
          : {}),
      })
      .where('id', '=', pair.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: decision === 'referred' ? 'duplicate.refer' : 'duplicate.not_duplicate',
      entity: 'duplicate_pair',
      entityId: pair.id,
      personIds: [pair.person_a, pair.person_b],
      details: { score: pair.score },
    });
    const { items } = await present(ctx, trx, user, [updated]);
    return { pair: items[0] as (typeof items)[number] };
  });
}

/** Not the same person: remembered with the pair, so no later pass shows it again. */
export const markNotDuplicate = (ctx: AppContext, user: SessionUser, actor: Actor, id: string) =>
  decide(ctx, user, actor, id, 'not_duplicate');

/** The other record is elsewhere: its office sees the pair marked as referred to it. */
export const referPair = (ctx: AppContext, user: SessionUser, actor: Actor, id: string) =>
  decide(ctx, user, actor, id, 'referred');
