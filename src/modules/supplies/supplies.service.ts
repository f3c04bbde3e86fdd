/**
 * Free contraceptive supply: distribution points, the stock ledger and reports. Every movement is one
 * transaction: the balance row changes atomically (UPDATE ... WHERE balance + delta >= 0, with
 * CHECK (balance >= 0) behind it), then the ledger line and the audit row are written. Two sessions
 * dispensing the last units at once cannot both succeed: the second UPDATE waits for the first row lock and
 * then finds too little stock.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, fieldIssue, IssueCollector, type LocalizedText } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import {
  ITEM_LABELS,
  type MovementKind,
  movementDelta,
  needsRestock,
  POINT_KIND_LABELS,
  SUPPLY_ITEMS,
  type SupplyItem,
} from '../../core/services-supply.ts';
import type { Db } from '../../db/database.ts';
import type { DistributionPointTable } from '../../db/schema.ts';
import { type Scoped, scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs, existingCodes } from '../divisions/index.ts';
import { findPersonInScope } from '../persons/index.ts';
import type { MovementCreate, PointCreate, TransferCreate } from '../services/index.ts';

export const POINT: LocalizedText = { zh: '发放点', en: 'Distribution point' };

type PointRow = {
  id: string;
  division_code: string;
  name: string;
  kind: DistributionPointTable['kind'];
  location: string;
  keeper: string;
  restock_threshold: number;
  active: boolean;
};

async function pointInScope(scope: Scoped, id: string, lock = false): Promise<PointRow | undefined> {
  let q = scope
    .selectFrom('distribution_point')
    .select(['id', 'division_code', 'name', 'kind', 'location', 'keeper', 'restock_threshold', 'active'])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

async function balancesOf(db: Db, pointIds: string[]) {
  if (pointIds.length === 0) return new Map<string, Map<SupplyItem, number>>();
  const rows = await db
    .selectFrom('stock_balance')
    .select(['point_id', 'item', 'balance'])
    .where('point_id', 'in', pointIds)
    .execute();
  const out = new Map<string, Map<SupplyItem, number>>();
  for (const r of rows) {
    const m = out.get(r.point_id) ?? new Map<SupplyItem, number>();
    m.set(r.item, r.balance);
    out.set(r.point_id, m);
  }
  return out;
}

function pointView(p: PointRow, balances: Map<SupplyItem, number> | undefined, divisionName?: string) {
  const stock = SUPPLY_ITEMS.filter((item) => balances?.has(item)).map((item) => {
    const balance = balances?.get(item) ?? 0;
    return { item, label: ITEM_LABELS[item], balance, low: needsRestock(balance, p.restock_threshold) };
  });
  return {
    id: p.id,
    name: p.name,
    pointKind: p.kind,
    kindLabel: POINT_KIND_LABELS[p.kind],
    division: p.division_code,
    divisionName: divisionName ?? null,
    location: p.location,
    keeper: p.keeper,
    restockThreshold: p.restock_threshold,
    active: p.active,
    stock,
    needsRestock: stock.length === 0 || stock.some((s) => s.low),
  };
}

export async function createPoint(ctx: AppContext, user: SessionUser, actor: Actor, input: PointCreate) {
  const issues = new IssueCollector();
  if (!(await existingCodes(ctx.db, [input.division])).has(input.division)) {
    issues.add(
      fieldIssue('division', fieldLabel('division'), { zh: '不存在的行政区划代码', en: 'unknown division code' }),
    );
  } else if (!isWithin(input.division, user.divisionCode)) {
    issues.add(
      fieldIssue('division', fieldLabel('division'), { zh: '须在您的辖区内', en: 'must be inside your jurisdiction' }),
    );
  }
  issues.throwIfAny();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('distribution_point')
      .values({
        division_code: input.division,
        name: input.name,
        kind: input.pointKind,
        location: input.location,
        keeper: input.keeper,
        restock_threshold: input.restockThreshold,
        created_by: user.id,
      })
      .returning(['id', 'division_code', 'name', 'kind', 'location', 'keeper', 'restock_threshold', 'active'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'supply.point_create',
      entity: 'distribution_point',
      entityId: row.id,
      details: { name: row.name },
    });
    return { point: pointView(row, undefined) };
  });
}

export async function listPoints(
  ctx: AppContext,
  user: SessionUser,
  query: { division?: string | undefined; alerts?: string | undefined },
) {
  const chosen = query.division && isWithin(query.division, user.divisionCode) ? query.division : user.divisionCode;
  const rows = await scoped(ctx.db, chosen)
    .selectFrom('distribution_point')
    .select(['id', 'division_code', 'name', 'kind', 'location', 'keeper', 'restock_threshold', 'active'])
    .where('active', '=', true)
    .orderBy('division_code')
    .orderBy('name')
    .execute();
  const balances = await balancesOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const refs = await divisionRefs(
    ctx.db,
    rows.map((r) => r.division_code),
  );
  const items = rows.map((r) => pointView(r, balances.get(r.id), refs.get(r.division_code)?.name));
  return { items: query.alerts === 'true' ? items.filter((p) => p.needsRestock) : items };
}

export async function getPoint(ctx: AppContext, user: SessionUser, id: string) {
  const point = await pointInScope(scoped(ctx.db, user), id);
  if (!point) throw AppError.notFound(POINT);
  const balances = await balancesOf(ctx.db, [point.id]);
  const refs = await divisionRefs(ctx.db, [point.division_code]);
  const movements = await ctx.db
    .selectFrom('stock_movement as m')
    .leftJoin('app_user as u', 'u.id', 'm.actor_id')
    .leftJoin('distribution_point as c', 'c.id', 'm.counterpart_point_id')
    .select([
      'm.id',
      'm.item',
      'm.kind',
      'm.quantity',
      'm.delta',
      'm.balance_after',
      'm.reason',
      'm.recipients',
      'm.at',
      'u.display_name as actor',
      'c.name as counterpart',
      sql<boolean>`m.person_id IS NOT NULL`.as('to_person'),
    ])
    .where('m.point_id', '=', point.id)
    .orderBy('m.at', 'desc')
    .limit(100)
    .execute();
  return {
    point: pointView(point, balances.get(point.id), refs.get(point.division_code)?.name),
    movements: movements.map((m) => ({
      id: m.id,
      item: m.item,
      itemLabel: ITEM_LABELS[m.item],
      movementKind: m.kind,
      quantity: m.quantity,
      delta: m.delta,
      balanceAfter: m.balance_after,
      reason: m.reason,
      recipients: m.recipients,
      toPerson: m.to_person,
      counterpart: m.counterpart,
      actor: m.actor,
      at: m.at,
    })),
  };
}

function notEnough(available: number): AppError {
  return AppError.validation([
    fieldIssue('quantity', fieldLabel('quantity'), {
      zh: `超过现有库存（现有${available}）`,
      en: `exceeds the stock on hand (${available})`,
    }),
  ]);
}

/** Changes one balance atomically; refuses (nothing written) when the result would be negative. */
async function applyDelta(db: Db, point: PointRow, item: SupplyItem, delta: number): Promise<number> {
  if (delta > 0) {
    const row = await db
      .insertInto('stock_balance')
      .values({ point_id: point.id, item, division_code: point.division_code, balance: delta })
      .onConflict((oc) =>
        oc.columns(['point_id', 'item']).doUpdateSet({
          balance: sql`stock_balance.balance + excluded.balance`,
          updated_at: new Date(),
        }),
      )
      .returning('balance')
      .executeTakeFirstOrThrow();
    return row.balance;
  }
  const row = await db
    .updateTable('stock_balance')
    .set({ balance: sql`balance + ${delta}`, updated_at: new Date() })
    .where('point_id', '=', point.id)
    .where('item', '=', item)
    .where(sql<boolean>`balance + ${delta} >= 0`)
    .returning('balance')
    .executeTakeFirst();
  if (row) return row.balance;
  const current = await db
    .selectFrom('stock_balance')
    .select('balance')
    .where('point_id', '=', point.id)
    .where('item', '=', item)
    .executeTakeFirst();
  throw notEnough(current?.balance ?? 0);
}

export async function recordMovement(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  pointId: string,
  input: MovementCreate,
) {
  const issues = new IssueCollector();
  if (input.movementKind === 'adjusted') {
    if (!input.reason)
      issues.add(
        fieldIssue('reason', fieldLabel('reason'), { zh: '调整须说明原因', en: 'an adjustment needs a reason' }),
      );
    if (!input.direction)
      issues.add(fieldIssue('direction', fieldLabel('direction'), { zh: '必填', en: 'is required' }));
  }
  if (input.movementKind === 'dispensed') {
    if (input.personId && input.recipients) {
      issues.add(
        fieldIssue('recipients', fieldLabel('recipients'), {
          zh: '按人发放时不填领取人数',
          en: 'leave empty when dispensing to a named person',
        }),
      );
    }
    if (input.personId && input.consent !== true) {
      issues.add(
        fieldIssue('consent', fieldLabel('consent'), {
          zh: '记录到个人须经本人同意；否则请匿名发放',
          en: 'recording against a person needs their consent; otherwise dispense anonymously',
        }),
      );
    }
  } else if (input.personId || input.recipients) {
    issues.add(
      fieldIssue(input.personId ? 'personId' : 'recipients', fieldLabel(input.personId ? 'personId' : 'recipients'), {
        zh: '只在发放时填写',
        en: 'applies to dispensing only',
      }),
    );
  }
  issues.throwIfAny();
  return ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const point = await pointInScope(scope, pointId);
    if (!point) throw AppError.notFound(POINT);
    let personId: string | null = null;
    if (input.personId) {
      const person = await findPersonInScope(scope, { id: input.personId });
      if (!person) {
        throw AppError.validation([
          fieldIssue('personId', fieldLabel('personId'), { zh: '未找到该人员', en: 'person not found' }),
        ]);
      }
      personId = person.id;
    }
    const kind: MovementKind = input.movementKind;
    const delta = movementDelta(kind, input.quantity, input.direction);
    const balance = await applyDelta(trx, point, input.item, delta);
    const movement = await trx
      .insertInto('stock_movement')
      .values({
        point_id: point.id,
        item: input.item,
        division_code: point.division_code,
        kind,
        quantity: input.quantity,
        delta,
        balance_after: balance,
        reason: input.reason,
        person_id: personId,
        recipients: kind === 'dispensed' && !personId ? (input.recipients ?? 1) : null,
        actor_id: user.id,
      })
      .returning(['id', 'at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: `supply.${kind}`,
      entity: 'stock_movement',
      entityId: movement.id,
      ...(personId ? { personIds: [personId] } : {}),
      details: { point: point.name, item: input.item, quantity: input.quantity },
    });
    return { movement: { id: movement.id, at: movement.at, balance, item: input.item, movementKind: kind } };
  });
}

export async function transferStock(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  pointId: string,
  input: TransferCreate,
) {
  if (input.toPointId === pointId) {
    throw AppError.validation([
      fieldIssue('toPointId', fieldLabel('toPointId'), { zh: '不能调给本发放点', en: 'must be another point' }),
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const scope = scoped(trx, user);
    const from = await pointInScope(scope, pointId);
    if (!from) throw AppError.notFound(POINT);
    const to = await pointInScope(scope, input.toPointId);
    if (!to) {
      throw AppError.validation([
        fieldIssue('toPointId', fieldLabel('toPointId'), { zh: '未找到该发放点', en: 'point not found' }),
      ]);
    }
    const transferId = crypto.randomUUID();
    const fromBalance = await applyDelta(trx, from, input.item, -input.quantity);
    const toBalance = await applyDelta(trx, to, input.item, input.quantity);
    const base = {
      item: input.item,
      quantity: input.quantity,
      reason: input.reason,
      transfer_id: transferId,
      actor_id: user.id,
    };
    await trx
      .insertInto('stock_movement')
      .values([
        {
          ...base,
          point_id: from.id,
          division_code: from.division_code,
          kind: 'transferred_out',
          delta: -input.quantity,
          balance_after: fromBalance,
          counterpart_point_id: to.id,
        },
        {
          ...base,
          point_id: to.id,
          division_code: to.division_code,
          kind: 'transferred_in',
          delta: input.quantity,
          balance_after: toBalance,
          counterpart_point_id: from.id,
        },
      ])
      .execute();
    await writeAudit(trx, actor, {
      action: 'supply.transfer',
      entity: 'stock_movement',
      entityId: transferId,
      details: { from: from.name, to: to.name, item: input.item, quantity: input.quantity },
    });
    return { transfer: { id: transferId, fromBalance, toBalance } };
  });
}

/**
 * Stock report for a division in scope: each point's balance and totals per item, and the same rolled up per
 * child division. Counts only; no person appears in it.
 */
export async function stockReport(ctx: AppContext, user: SessionUser, division?: string) {
  const root = division ?? user.divisionCode;
  if (!isWithin(root, user.divisionCode)) {
    throw AppError.validation([
      fieldIssue('division', fieldLabel('division'), { zh: '须在您的辖区内', en: 'must be inside your jurisdiction' }),
    ]);
  }
  const scope = scoped(ctx.db, root);
  const points = await scope
    .selectFrom('distribution_point')
    .select(['id', 'division_code', 'name', 'kind', 'location', 'keeper', 'restock_threshold', 'active'])
    .orderBy('division_code')
    .orderBy('name')
    .execute();
  const totals = await scope
    .selectFrom('stock_movement')
    .select([
      'point_id',
      'item',
      sql<string>`coalesce(sum(quantity) FILTER (WHERE kind = 'received'), 0)`.as('received'),
      sql<string>`coalesce(sum(quantity) FILTER (WHERE kind = 'dispensed'), 0)`.as('dispensed'),
      sql<string>`coalesce(sum(recipients) FILTER (WHERE kind = 'dispensed'), 0) + count(person_id) FILTER (WHERE kind = 'dispensed')`.as(
        'recipients',
      ),
    ])
    .groupBy(['point_id', 'item'])
    .execute();
  const balances = await balancesOf(
    ctx.db,
    points.map((p) => p.id),
  );
  const byPoint = new Map<string, { received: number; dispensed: number; recipients: number }>();
  for (const t of totals) {
    const cur = byPoint.get(t.point_id) ?? { received: 0, dispensed: 0, recipients: 0 };
    cur.received += Number(t.received);
    cur.dispensed += Number(t.dispensed);
    cur.recipients += Number(t.recipients);
    byPoint.set(t.point_id, cur);
  }
  const children = await ctx.db
    .selectFrom('division')
    .select(['code', 'name'])
    .where('parent_code', '=', root)
    .orderBy('code')
    .execute();
  const refs = await divisionRefs(
    ctx.db,
    points.map((p) => p.division_code),
  );
  const pointRows = points.map((p) => {
    const view = pointView(p, balances.get(p.id), refs.get(p.division_code)?.name);
    const t = byPoint.get(p.id) ?? { received: 0, dispensed: 0, recipients: 0 };
    return { ...view, balance: view.stock.reduce((s, x) => s + x.balance, 0), ...t };
  });
  const divisionRows = children
    .map((c) => {
      const inside = pointRows.filter((p) => subtree(c.code).contains(p.division));
      return {
        division: c.code,
        name: c.name,
        points: inside.length,
        needRestock: inside.filter((p) => p.needsRestock).length,
        balance: inside.reduce((s, p) => s + p.balance, 0),
        received: inside.reduce((s, p) => s + p.received, 0),
        dispensed: inside.reduce((s, p) => s + p.dispensed, 0),
        recipients: inside.reduce((s, p) => s + p.recipients, 0),
      };
    })
    .filter((d) => d.points > 0);
  const byItem = SUPPLY_ITEMS.map((item) => ({
    item,
    label: ITEM_LABELS[item],
    balance: pointRows.reduce((s, p) => s + (p.stock.find((x) => x.item === item)?.balance ?? 0), 0),
  }));
  return { division: root, points: pointRows, divisions: divisionRows, byItem };
}

/** Restock alerts for the work lists: points in scope with an item at or below the threshold. */
export async function restockAlerts(ctx: AppContext, divisionCode: string) {
  const rows = await ctx.db
    .selectFrom('stock_balance as b')
    .innerJoin('distribution_point as p', 'p.id', 'b.point_id')
    .select(['p.id', 'p.name', 'p.division_code', 'b.item', 'b.balance', 'p.restock_threshold'])
    .where(subtree(divisionCode).on('distribution_point', 'p'))
    .where('p.active', '=', true)
    .whereRef('b.balance', '<=', 'p.restock_threshold')
    .orderBy('b.balance')
    .execute();
  return rows.map((r) => ({
    pointId: r.id,
    pointName: r.name,
    division: r.division_code,
    item: r.item,
    itemLabel: ITEM_LABELS[r.item],
    balance: r.balance,
    threshold: r.restock_threshold,
  }));
}
