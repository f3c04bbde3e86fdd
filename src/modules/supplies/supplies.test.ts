import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let village: string;
let township: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township = await env.login('township');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

async function newPoint(name: string, threshold = 10) {
  const res = await post(village, '/api/distribution-points', {
    name,
    pointKind: 'community',
    division: '330205005003',
    location: '居委会一楼',
    keeper: '王秀英',
    restockThreshold: threshold,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().point.id as string;
}

function move(cookie: string, point: string, body: object) {
  return post(cookie, `/api/distribution-points/${point}/movements`, body);
}

async function balance(point: string, item = 'male_condom'): Promise<number> {
  const row = await env.ctx.db
    .selectFrom('stock_balance')
    .select('balance')
    .where('point_id', '=', point)
    .where('item', '=', item as 'male_condom')
    .executeTakeFirst();
  return row?.balance ?? 0;
}

async function movements(point: string) {
  return env.ctx.db
    .selectFrom('stock_movement')
    .select(['kind', 'quantity', 'balance_after'])
    .where('point_id', '=', point)
    .execute();
}

describe('stock ledger', () => {
  it('adds received stock and takes dispensed stock off the balance', async () => {
    const point = await newPoint('台账测试点');
    expect(
      (await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 100 })).statusCode,
    ).toBe(201);
    const res = await move(village, point, {
      movementKind: 'dispensed',
      item: 'male_condom',
      quantity: 30,
      recipients: 3,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().movement.balance).toBe(70);
    expect(await balance(point)).toBe(70);
  });

  it('refuses to dispense more than the stock holds, naming the field, and writes nothing', async () => {
    const point = await newPoint('超发测试点');
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 5 });
    const res = await move(village, point, { movementKind: 'dispensed', item: 'male_condom', quantity: 6 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('quantity');
    expect(await balance(point)).toBe(5);
    expect(await movements(point)).toHaveLength(1);
  });

  it('refuses to dispense an item the point never received', async () => {
    const point = await newPoint('无货测试点');
    const res = await move(village, point, { movementKind: 'dispensed', item: 'oral_pill', quantity: 1 });
    expect(res.statusCode).toBe(400);
    expect(await movements(point)).toHaveLength(0);
  });

  it('never goes below zero when two sessions dispense the last units at once', async () => {
    const point = await newPoint('并发测试点');
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 10 });
    const attempts = await Promise.all(
      [village, township, village, township, village, township].map((cookie) =>
        move(cookie, point, { movementKind: 'dispensed', item: 'male_condom', quantity: 4 }),
      ),
    );
    const codes = attempts.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 400, 400, 400, 400]);
    expect(await balance(point)).toBe(2);
    const dispensed = (await movements(point)).filter((m) => m.kind === 'dispensed');
    expect(dispensed.map((m) => m.balance_after).sort()).toEqual([2, 6]);
  });

  it('is guarded by the database itself: a balance row cannot be set below zero', async () => {
    const point = await newPoint('约束测试点');
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 1 });
    await expect(
      env.ctx.db.updateTable('stock_balance').set({ balance: -1 }).where('point_id', '=', point).execute(),
    ).rejects.toThrow(/check constraint/i);
    expect(await balance(point)).toBe(1);
  });

  it('needs a reason for an adjustment', async () => {
    const point = await newPoint('盘点测试点');
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 10 });
    const res = await move(village, point, {
      movementKind: 'adjusted',
      item: 'male_condom',
      quantity: 2,
      direction: 'decrease',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('reason');
    const ok = await move(village, point, {
      movementKind: 'adjusted',
      item: 'male_condom',
      quantity: 2,
      direction: 'decrease',
      reason: '盘点发现过期2只',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await balance(point)).toBe(8);
  });

  it('records a dispensing against a person only with their consent', async () => {
    const point = await newPoint('实名发放点');
    await move(village, point, { movementKind: 'received', item: 'oral_pill', quantity: 10 });
    const person = (await post(village, '/api/persons', personInput())).json().person.id;
    const refused = await move(village, point, {
      movementKind: 'dispensed',
      item: 'oral_pill',
      quantity: 1,
      personId: person,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0].path).toBe('consent');
    const ok = await move(village, point, {
      movementKind: 'dispensed',
      item: 'oral_pill',
      quantity: 1,
      personId: person,
      consent: true,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const timeline = await env.app.inject({
      method: 'GET',
      url: `/api/persons/${person}/timeline`,
      headers: { cookie: village },
    });
    expect(timeline.json().items.map((i: { type: string }) => i.type)).toContain('supply');
  });

  it('transfers between points as a pair of ledger lines', async () => {
    const a = await newPoint('调出点');
    const b = await newPoint('调入点');
    await move(village, a, { movementKind: 'received', item: 'male_condom', quantity: 50 });
    const res = await post(village, `/api/distribution-points/${a}/transfers`, {
      toPointId: b,
      item: 'male_condom',
      quantity: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await balance(a)).toBe(30);
    expect(await balance(b)).toBe(20);
    const tooMuch = await post(village, `/api/distribution-points/${a}/transfers`, {
      toPointId: b,
      item: 'male_condom',
      quantity: 31,
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(await balance(a)).toBe(30);
  });
});

describe('points, alerts and reports', () => {
  it('shows a point below its threshold as a restock alert, also on the work-list summary', async () => {
    const point = await newPoint('补货提醒点', 50);
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 40 });
    const alerts = await env.app.inject({ method: 'GET', url: '/api/stock/alerts', headers: { cookie: village } });
    expect(alerts.json().items.map((a: { pointId: string }) => a.pointId)).toContain(point);
    const summary = await env.app.inject({
      method: 'GET',
      url: '/api/worklists/summary',
      headers: { cookie: village },
    });
    expect(summary.json().restock.map((a: { pointId: string }) => a.pointId)).toContain(point);
  });

  it('reports stock per point and per division inside the scope', async () => {
    const point = await newPoint('报表测试点');
    await move(village, point, { movementKind: 'received', item: 'male_condom', quantity: 77 });
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/stock/report?division=330205005000',
      headers: { cookie: township },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.points.find((p: { id: string }) => p.id === point)).toMatchObject({ balance: 77, received: 77 });
    const meiyan = report.divisions.find((d: { division: string }) => d.division === '330205005003');
    expect(meiyan.balance).toBeGreaterThanOrEqual(77);
  });

  it('keeps another township’s points out of reach', async () => {
    const point = await newPoint('范围测试点');
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/distribution-points/${point}`,
      headers: { cookie: township2 },
    });
    expect(res.statusCode).toBe(404);
    const moved = await move(township2, point, { movementKind: 'received', item: 'male_condom', quantity: 1 });
    expect(moved.statusCode).toBe(404);
  });

  it('refuses a point outside the user’s division', async () => {
    const res = await post(village, '/api/distribution-points', {
      name: '越界点',
      pointKind: 'employer',
      division: '330205003001',
      location: 'x',
      keeper: 'y',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('division');
  });
});
