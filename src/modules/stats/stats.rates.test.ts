/**
 * The indicators of migration T18 (on-time feedback, pairing rate, days of supply), answered from the rollups
 * through the API, and kept equal to a rebuild under random writes to the exchange and stock tables.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { rebuildRollups, rollupSnapshot } from './stats.repository.ts';

let env: TestEnv;
let cookie: string;
beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('admin');
});
afterAll(() => env.close());

const db = () => env.ctx.db;
const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie } });
const VILLAGE = '330205005003';
const YONGJIANG = '330205005000';
const ORIGIN = '341221000000';
let serial = 0;

/** A message received that needs our answer, due on `due`, answered at `replied` (UTC) or not. */
async function received(kind: 'inquiry' | 'notification', due: string, replied: string | null, place = VILLAGE) {
  const id = crypto.randomUUID();
  await sql`INSERT INTO exchange_inbox (id, idempotency_key, kind, event, case_id, from_side, division_code,
      from_division, to_division, needs_reply, due_on, transport, outcome, replied_at, sent_at)
    VALUES (${id}, ${`R-${++serial}`}, ${kind}, ${kind === 'notification' ? 'inflow' : null}, gen_random_uuid(),
      'origin', ${place}, ${ORIGIN}, ${place}, true, ${due}, 'local', 'worklist', ${replied}, '2020-01-01T00:00:00Z')`.execute(
    db(),
  );
  return id;
}

/** An inflow notification we sent at `at` (UTC), and the origin's pairing reply when there is one. */
async function notified(at: string, reply: 'found' | 'not_found' | null, place = VILLAGE) {
  const id = crypto.randomUUID();
  await sql`INSERT INTO exchange_outbox (id, idempotency_key, kind, event, case_id, from_side, division_code,
      from_division, to_division, needs_reply, due_on, created_at)
    VALUES (${id}, ${`N-${++serial}`}, 'notification', 'inflow', gen_random_uuid(), 'residence', ${place}, ${place},
      ${ORIGIN}, true, '2020-12-31', ${at})`.execute(db());
  if (reply) await pairingReply(id, reply === 'found', place);
  return id;
}

/** What the inbox does with a pairing reply: insert it (payload as received), then mark the notification answered. */
async function pairingReply(notification: string, found: boolean, place = VILLAGE) {
  const replyId = crypto.randomUUID();
  await sql`INSERT INTO exchange_inbox (id, idempotency_key, kind, case_id, from_side, division_code, from_division,
      to_division, in_reply_to, payload, transport, outcome, sent_at)
    VALUES (${replyId}, ${`P-${++serial}`}, 'pairing', gen_random_uuid(), 'origin', ${place}, ${ORIGIN}, ${place},
      ${notification}, ${JSON.stringify({ found })}, 'local', 'pending', now())`.execute(db());
  await sql`UPDATE exchange_outbox SET reply_id = ${replyId}, replied_at = now()
    WHERE id = ${notification} AND replied_at IS NULL`.execute(db());
  await sql`UPDATE exchange_inbox SET outcome = ${found ? 'paired' : 'not_found'} WHERE id = ${replyId}`.execute(db());
}

async function expectRebuildEqual() {
  const before = await rollupSnapshot(db());
  await db()
    .transaction()
    .execute(async (trx) => {
      await rebuildRollups(trx);
      expect(await rollupSnapshot(trx)).toEqual(before);
    });
}

describe('on-time feedback rate (按时反馈率)', () => {
  it('divides answers by the deadline (China date) by everything due in the month, at every ancestor', async () => {
    await received('inquiry', '2020-02-10', '2020-02-09T10:00:00Z'); // on time
    await received('inquiry', '2020-02-10', '2020-02-10T15:59:00Z'); // 23:59 on the 10th in China: on time
    await received('notification', '2020-02-10', '2020-02-10T16:00:00Z'); // 00:00 on the 11th in China: late
    await received('inquiry', '2020-02-20', null); // never answered
    await received('inquiry', '2020-03-01', '2020-02-01T00:00:00Z'); // due next month
    const res = await get(`/api/stats/indicators/exchange_feedback_on_time?division=${YONGJIANG}&period=2020-02`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
  });

  it('moves a message from due to on time when it is answered by its deadline', async () => {
    const id = await received('inquiry', '2020-04-15', null);
    const url = `/api/stats/indicators/exchange_feedback_on_time?division=${VILLAGE}&period=2020-04`;
    expect((await get(url)).json()).toMatchObject({ numerator: 0, denominator: 1 });
    await sql`UPDATE exchange_inbox SET replied_at = '2020-04-14T01:00:00Z' WHERE id = ${id}`.execute(db());
    expect((await get(url)).json()).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
  });
});

describe('pairing rate (配对率)', () => {
  it('divides the notifications the origin paired by those sent in the month (China time)', async () => {
    await notified('2020-05-01T02:00:00Z', 'found');
    await notified('2020-05-10T02:00:00Z', 'not_found');
    await notified('2020-05-20T02:00:00Z', null);
    await notified('2020-05-31T16:30:00Z', 'found'); // 1 June in China
    const res = await get(`/api/stats/indicators/exchange_pairing_rate?division=${YONGJIANG}&period=2020-05`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ numerator: 1, denominator: 3 });
    const june = await get(`/api/stats/indicators/exchange_pairing_rate?division=${YONGJIANG}&period=2020-06`);
    expect(june.json()).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
  });

  it('counts a reply that arrives later in the month the notification was sent', async () => {
    const id = await notified('2020-07-03T02:00:00Z', null);
    await pairingReply(id, true);
    const res = await get(`/api/stats/indicators/exchange_pairing_rate?division=${VILLAGE}&period=2020-07`);
    expect(res.json()).toMatchObject({ numerator: 1, denominator: 1 });
  });
});

describe('days of supply (库存可供天数)', () => {
  it('divides the stock at the end of the month by the average dispensed per day over three months', async () => {
    const point = await sql<{ id: string }>`INSERT INTO distribution_point (division_code, name, kind, location, keeper)
      VALUES (${VILLAGE}, 'p', 'community', 'l', 'k') RETURNING id`.execute(db());
    const id = point.rows[0]?.id;
    for (const [kind, delta, at] of [
      ['received', 1000, '2019-12-02T02:00:00Z'],
      ['dispensed', -90, '2020-01-10T02:00:00Z'],
      ['dispensed', -60, '2020-02-10T02:00:00Z'],
      ['dispensed', -500, '2020-03-10T02:00:00Z'],
    ] as const) {
      await sql`INSERT INTO stock_movement (point_id, item, division_code, kind, quantity, delta, balance_after, at)
        VALUES (${id}, 'oral_pill', ${VILLAGE}, ${kind}, ${Math.abs(delta)}, ${delta}, 0, ${at})`.execute(db());
    }
    // End of February: 850 in stock; 150 dispensed over December–February (31 + 31 + 29 days).
    const res = await get(`/api/stats/indicators/stock_days_of_supply?division=${VILLAGE}&period=2020-02`);
    expect(res.statusCode).toBe(200);
    expect(res.json().numerator).toBe(850);
    expect(res.json().denominator).toBe(Math.round((150 / 91) * 100) / 100);
    expect(res.json().value).toBe(Math.round((850 / (150 / 91)) * 100) / 100);
    const byItem = await get(`/api/stats/indicators/stock_days_of_supply?division=${VILLAGE}&period=2020-02&by=detail`);
    expect(byItem.json().breakdown).toContainEqual(expect.objectContaining({ key: 'oral_pill', numerator: 850 }));
  });

  it('answers nothing (not infinity) when nothing was dispensed', async () => {
    const res = await get(`/api/stats/indicators/stock_days_of_supply?division=${VILLAGE}&period=2019-12`);
    expect(res.json()).toMatchObject({ numerator: 1000, value: null });
  });
});

describe('the reports and the summary', () => {
  it('carry the new rates as columns of the monthly CSV', async () => {
    const res = await get(`/api/stats/reports/monthly?division=${YONGJIANG}&period=2020-05&format=csv`);
    expect(res.statusCode).toBe(200);
    for (const label of ['信息交换-按时反馈率', '信息交换-配对率', '避孕药具-可供天数'])
      expect(res.body).toContain(label);
  });
});

describe('the new sources under random writes', () => {
  const PLACES = [VILLAGE, '330205003001', YONGJIANG];
  const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));
  const opArb = fc.oneof(
    fc.record({
      op: fc.constant('receive' as const),
      place: fc.constantFrom(...PLACES),
      due: day,
      replied: fc.option(day, { nil: null }),
    }),
    fc.record({ op: fc.constant('answer' as const), day }),
    fc.record({
      op: fc.constant('notify' as const),
      place: fc.constantFrom(...PLACES),
      day,
      reply: fc.constantFrom('found' as const, 'not_found' as const, null),
    }),
    fc.record({ op: fc.constant('reply' as const), found: fc.boolean() }),
    fc.record({
      op: fc.constant('dispense' as const),
      place: fc.constantFrom(...PLACES),
      qty: fc.integer({ min: 1, max: 40 }),
    }),
    fc.record({
      op: fc.constant('delete' as const),
      table: fc.constantFrom('exchange_inbox', 'exchange_outbox', 'stock_movement'),
    }),
  );
  let pointId = '';
  it('keeps the rollup equal to a rebuild after random inserts, updates and deletes', async () => {
    const point = await sql<{ id: string }>`INSERT INTO distribution_point (division_code, name, kind, location, keeper)
      VALUES (${VILLAGE}, 'q', 'community', 'l', 'k') RETURNING id`.execute(db());
    pointId = point.rows[0]?.id as string;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'receive') {
            await received('inquiry', `2021-03-${o.due}`, o.replied ? `2021-03-${o.replied}T12:00:00Z` : null, o.place);
          } else if (o.op === 'answer') {
            await sql`UPDATE exchange_inbox SET replied_at = ${`2021-03-${o.day}T20:00:00Z`}
              WHERE needs_reply AND due_on >= '2021-03-01'`.execute(db());
          } else if (o.op === 'notify') {
            await notified(`2021-03-${o.day}T02:00:00Z`, o.reply, o.place);
          } else if (o.op === 'reply') {
            const open = await sql<{ id: string; place: string }>`SELECT id, division_code AS place FROM exchange_outbox
              WHERE replied_at IS NULL AND created_at >= '2021-03-01' LIMIT 1`.execute(db());
            const row = open.rows[0];
            if (row) await pairingReply(row.id, o.found, row.place);
          } else if (o.op === 'dispense') {
            await sql`INSERT INTO stock_movement (point_id, item, division_code, kind, quantity, delta, balance_after, at)
              VALUES (${pointId}, 'male_condom', ${o.place}, 'dispensed', ${o.qty}, ${-o.qty}, 0,
                '2021-03-05T02:00:00Z')`.execute(db());
          } else {
            const where =
              o.table === 'stock_movement'
                ? `point_id = '${pointId}'`
                : o.table === 'exchange_inbox'
                  ? "kind = 'inquiry' AND due_on >= '2021-03-01'"
                  : "created_at >= '2021-03-01'";
            await sql
              .raw(`DELETE FROM ${o.table} WHERE ctid IN (SELECT ctid FROM ${o.table} WHERE ${where} LIMIT 1)`)
              .execute(db());
          }
        }
        await expectRebuildEqual();
      }),
      { numRuns: 10, seed: 20261129 },
    );
  }, 240_000);
});
