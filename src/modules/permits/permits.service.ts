/**
 * The office's side of residence-permit registrations: the pending arrivals on the work list, confirming one
 * (the person is registered or updated through the persons service, with its ID checks, duplicate warnings,
 * history and exchange effects, in the same transaction as the decision) or marking it not found.
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { levelOf } from '../../core/divisions.ts';
import { AppError, fieldIssue, IssueCollector } from '../../core/errors.ts';
import { fieldLabel, OUTSIDE_JURISDICTION } from '../../core/person.ts';
import type { Db } from '../../db/database.ts';
import type { ResidencePermitTable } from '../../db/schema.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { createPersonIn, findPersonInScope, type PersonPatch, updatePersonIn } from '../persons/index.ts';
import type { ConfirmBody, PermitListQuery, PermitView } from './permits.schema.ts';

type PermitRow = Selectable<ResidencePermitTable>;

const PERMIT = { zh: '居住证登记', en: 'Residence-permit registration' };

/** Shown above the list: what confirming does, and that nothing happens without it. */
export const PERMITS_NOTE = {
  zh: '公安机关报送的居住证登记，须经核实后确认：确认时新登记人员或更新其现居住地；查无此人的请注明原因。未经确认不会登记或修改任何人员。',
  en: 'Residence permits registered by public security wait for a check: confirming registers the person or updates their residence; mark one not found with a reason. Nobody is registered or changed without a confirmation.',
};

function alreadyDecided(): AppError {
  return new AppError('VERSION_CONFLICT', 409, {
    zh: '该登记已处理，可能其他工作人员刚刚处理过，请刷新后查看',
    en: 'This registration was already handled, perhaps by a colleague just now. Refresh to see it',
  });
}

/**
 * Views of permit rows; a pending one shows the person in scope with the same ID number (that read is audited,
 * so it runs outside transactions: a decided row names its person by id instead).
 */
async function views(ctx: AppContext, db: Db, user: SessionUser, actor: Actor, rows: PermitRow[]) {
  const hashes = [...new Set(rows.filter((r) => r.status === 'pending').map((r) => r.id_hash))];
  const matches =
    hashes.length === 0
      ? []
      : await scoped(db, user)
          .selectFrom('person')
          .select(['id', 'name', 'version', 'id_hash', 'residence_division'])
          .where('id_hash', 'in', hashes)
          .execute();
  if (matches.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'residence_permit.match',
      entity: 'person',
      personIds: matches.map((m) => m.id),
    });
  }
  const refs = await divisionRefs(db, [
    ...rows.map((r) => r.division_code),
    ...matches.map((m) => m.residence_division),
  ]);
  const byHash = new Map(matches.map((m) => [m.id_hash, m]));
  return rows.map((r): PermitView => {
    const m = r.status === 'pending' ? byHash.get(r.id_hash) : undefined;
    return {
      id: r.id,
      department: r.department,
      permitNumber: r.permit_number,
      name: r.name,
      idNumberMasked: r.id_masked,
      address: r.address,
      registeredOn: r.registered_on,
      division: refs.get(r.division_code) ?? null,
      addressResolved: r.address_resolved,
      status: r.status,
      reason: r.reason,
      personId: r.person_id,
      decidedAt: r.decided_at,
      createdAt: r.created_at,
      match: m
        ? { id: m.id, name: m.name, version: m.version, residenceDivision: refs.get(m.residence_division) ?? null }
        : null,
    };
  });
}

export async function listPermits(ctx: AppContext, user: SessionUser, actor: Actor, query: PermitListQuery) {
  const scope = scoped(ctx.db, user);
  const rows = await scope
    .selectFrom('residence_permit as r')
    .selectAll()
    .where('r.status', '=', query.status)
    .orderBy('r.registered_on')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const counted = await scope
    .selectFrom('residence_permit as r')
    .select(['r.status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('r.status')
    .execute();
  const counts = { pending: 0, confirmed: 0, not_found: 0 };
  for (const c of counted) counts[c.status] = Number(c.n);
  await ctx.readAudit.append(actor, {
    action: 'residence_permit.list',
    entity: 'residence_permit',
    details: { status: query.status, ids: rows.map((r) => r.id) },
  });
  return {
    items: await views(ctx, ctx.db, user, actor, rows),
    total: counts[query.status],
    page: query.page,
    pageSize: query.pageSize,
    counts,
    note: PERMITS_NOTE,
  };
}

/** The pending permit, locked; 404 outside the scope, 409 once decided. */
async function lockPending(trx: Db, user: SessionUser, id: string): Promise<PermitRow> {
  const row = await scoped(trx, user)
    .selectFrom('residence_permit as r')
    .selectAll()
    .where('r.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw AppError.notFound(PERMIT);
  if (row.status !== 'pending') throw alreadyDecided();
  return row;
}

async function decide(
  trx: Db,
  user: SessionUser,
  row: PermitRow,
  set: { status: 'confirmed' | 'not_found'; person_id?: string; reason?: string },
): Promise<PermitRow> {
  return trx
    .updateTable('residence_permit')
    .set({ ...set, decided_by: user.id, decided_at: new Date() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The residence to record: the village chosen now, else the one the address resolved to. */
function residenceOf(user: SessionUser, row: PermitRow, body: ConfirmBody): string {
  const code = body.residenceDivision ?? (row.address_resolved ? row.division_code : null);
  if (code && !subtree(user).contains(code)) {
    throw AppError.validation([fieldIssue('residenceDivision', fieldLabel('residenceDivision'), OUTSIDE_JURISDICTION)]);
  }
  if (!code || levelOf(code) < 4) {
    throw AppError.validation([
      fieldIssue('residenceDivision', fieldLabel('residenceDivision'), {
        zh: '地址未能识别到村（社区），请选择现居住地',
        en: 'the address did not name a village; choose the residence',
      }),
    ]);
  }
  return code;
}

export async function confirmPermit(ctx: AppContext, user: SessionUser, actor: Actor, id: string, body: ConfirmBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockPending(trx, user, id);
    const residence = residenceOf(user, row, body);
    const idNumber = ctx.pii.decrypt(row.id_number_enc);
    const existing = await findPersonInScope(scoped(trx, user), { idHash: row.id_hash });
    let person: { id: string; name: string; version: number };
    let duplicates: Awaited<ReturnType<typeof createPersonIn>>['duplicates'] = [];
    if (existing) {
      if (body.version !== undefined && body.version !== existing.version) {
        throw new AppError(
          'VERSION_CONFLICT',
          409,
          {
            zh: '该人员记录已被他人修改，请刷新后重试',
            en: 'The person was changed by someone else; reload and try again',
          },
          [],
          { currentVersion: existing.version },
        );
      }
      const moved = existing.residence_division !== residence || existing.departed_on !== null;
      const patch: PersonPatch = {
        version: existing.version,
        residenceDivision: residence,
        residenceAddress: row.address,
        ...(moved ? { arrivedOn: row.registered_on, departedOn: null } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
      };
      person = (await updatePersonIn(ctx, trx, user, actor, existing.id, patch)).person;
    } else {
      const issues = new IssueCollector();
      const needed = { zh: '新登记人员时必填', en: 'is required to register a new person' };
      if (!body.hukouDivision) issues.add(fieldIssue('hukouDivision', fieldLabel('hukouDivision'), needed));
      if (!body.maritalStatus) issues.add(fieldIssue('maritalStatus', fieldLabel('maritalStatus'), needed));
      issues.throwIfAny();
      const created = await createPersonIn(ctx, trx, user, actor, {
        idNumber,
        name: row.name,
        hukouDivision: body.hukouDivision as string,
        residenceDivision: residence,
        residenceAddress: row.address,
        arrivedOn: row.registered_on,
        departedOn: null,
        maritalStatus: body.maritalStatus as NonNullable<ConfirmBody['maritalStatus']>,
        phone: body.phone ?? null,
        children: [],
      });
      person = created.person;
      duplicates = created.duplicates;
    }
    const decided = await decide(trx, user, row, { status: 'confirmed', person_id: person.id });
    await writeAudit(trx, actor, {
      action: 'residence_permit.confirm',
      entity: 'residence_permit',
      entityId: row.id,
      personIds: [person.id],
      details: { department: row.department, created: !existing },
    });
    const [permit] = await views(ctx, trx, user, actor, [decided]);
    return {
      permit: permit as PermitView,
      person: { id: person.id, name: person.name, version: person.version },
      created: !existing,
      duplicates,
    };
  });
}

export async function markNotFound(ctx: AppContext, user: SessionUser, actor: Actor, id: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockPending(trx, user, id);
    const decided = await decide(trx, user, row, { status: 'not_found', reason });
    await writeAudit(trx, actor, {
      action: 'residence_permit.not_found',
      entity: 'residence_permit',
      entityId: row.id,
      details: { department: row.department, reason },
    });
    const [permit] = await views(ctx, trx, user, actor, [decided]);
    return { permit: permit as PermitView };
  });
}
