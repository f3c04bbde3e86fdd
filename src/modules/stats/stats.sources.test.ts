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
// A month the demo county never writes to, so the figures below are ours alone.
const PERIOD = '2020-02';

async function complaintAt(number: string, place: string, due: string, replied: string | null) {
  await sql`INSERT INTO complaint (number, division_code, channel, type, category, subject, body, status,
      received_on, due_on, replied_on)
    VALUES (${number}, ${place}, 'portal', 'consultation', 'service', 's', 'b',
      ${replied ? 'replied' : 'open'}, '2020-03-01', ${due}, ${replied})`.execute(db());
}

async function complaint(n: number, due: string, replied: string | null) {
  await sql`INSERT INTO complaint (number, division_code, channel, type, category, subject, body, status,
      received_on, due_on, replied_on)
    VALUES (${`T13-${n}`}, ${VILLAGE}, 'hotline', 'complaint', 'service', 's', 'b',
      ${replied ? 'replied' : 'open'}, '2020-02-01', ${due}, ${replied})`.execute(db());
}

describe('complaints resolved in time (投诉按时办结率)', () => {
  it('divides replies by their deadline by all replies, in the month of the reply, at every ancestor', async () => {
    await complaint(1, '2020-02-10', '2020-02-05');
    await complaint(2, '2020-02-10', '2020-02-20');
    await complaint(3, '2020-02-10', null);
    const res = await get(`/api/stats/indicators/complaints_resolved_in_time?division=${YONGJIANG}&period=${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().numerator).toBe(1);
    expect(res.json().denominator).toBe(2);
  });
});

describe('birth registrations (生育登记)', () => {
  it('counts registrations completed in the month, not submitted ones', async () => {
    const person = await db()
      .selectFrom('person')
      .select('id')
      .where('residence_division', '=', VILLAGE)
      .executeTakeFirstOrThrow();
    for (const [n, status] of [
      [1, 'registered'],
      [2, 'registered'],
      [3, 'submitted'],
    ] as const) {
      await sql`INSERT INTO birth_registration (number, person_id, division_code, place_basis, channel, status,
          child_order, expected_on, registered_at)
        VALUES (${`T13-B${n}`}, ${person.id}, ${VILLAGE}, 'residence', 'counter', ${status}, 1, '2020-08-01',
          ${status === 'registered' ? '2020-02-15T02:00:00Z' : null})`.execute(db());
    }
    const res = await get(`/api/stats/indicators/birth_registrations?division=${YONGJIANG}&period=${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toBe(2);
  });
});

describe('outreach (宣传活动)', () => {
  it('sums the materials handed out at events in the month, at every ancestor', async () => {
    for (const [materials, attendance] of [
      [300, 40],
      [150, 25],
    ]) {
      await sql`INSERT INTO outreach_event (division_code, kind, title, place, held_on, materials_count, attendance)
        VALUES (${VILLAGE}, 'health_talk', 't', 'p', '2020-02-12', ${materials}, ${attendance})`.execute(db());
    }
    const res = await get(`/api/stats/indicators/outreach_materials?division=${YONGJIANG}&period=${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toBe(450);
  });

  it('counts events and attendance apart from the materials', async () => {
    const events = await get(`/api/stats/indicators/outreach_events?division=${YONGJIANG}&period=${PERIOD}`);
    const people = await get(`/api/stats/indicators/outreach_attendance?division=${YONGJIANG}&period=${PERIOD}`);
    expect(events.json().value).toBe(2);
    expect(people.json().value).toBe(65);
  });
});

describe('exchange (信息交换)', () => {
  it('counts messages sent from the division in the month (China time), by kind', async () => {
    for (const [n, kind] of [
      [1, 'inquiry'],
      [2, 'notification'],
    ] as const) {
      await sql`INSERT INTO exchange_outbox (id, idempotency_key, kind, case_id, from_side, division_code,
          from_division, to_division, created_at)
        VALUES (gen_random_uuid(), ${`T13-X${n}`}, ${kind}, gen_random_uuid(), 'residence', ${VILLAGE}, ${VILLAGE},
          '330203001001', '2020-01-31T17:00:00Z')`.execute(db());
    }
    const res = await get(`/api/stats/indicators/exchange_sent?division=${YONGJIANG}&period=${PERIOD}&by=detail`);
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toBe(2);
  });
});

describe('contraceptive stock (避孕药具库存)', () => {
  it('is the running balance of movements up to the end of the period', async () => {
    const point = await sql<{ id: string }>`INSERT INTO distribution_point (division_code, name, kind, location, keeper)
      VALUES (${VILLAGE}, 'p', 'community', 'l', 'k') RETURNING id`.execute(db());
    const id = point.rows[0]?.id;
    for (const [kind, delta, at] of [
      ['received', 100, '2020-01-10T02:00:00Z'],
      ['dispensed', -30, '2020-02-10T02:00:00Z'],
      ['received', 50, '2020-03-10T02:00:00Z'],
    ] as const) {
      await sql`INSERT INTO stock_movement (point_id, item, division_code, kind, quantity, delta, balance_after, at)
        VALUES (${id}, 'male_condom', ${VILLAGE}, ${kind}, ${Math.abs(delta)}, ${delta}, 0, ${at})`.execute(db());
    }
    const res = await get(`/api/stats/indicators/stock_level?division=${VILLAGE}&period=${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toBe(70);
  });
});

describe('reports', () => {
  it('carry the new indicators as columns of the annual CSV', async () => {
    const res = await get(`/api/stats/reports/annual?division=${YONGJIANG}&period=2020&format=csv`);
    expect(res.statusCode).toBe(200);
    for (const label of ['生育登记', '发放宣传资料', '发出协查通报', '按时办结率', '避孕药具-库存']) {
      expect(res.body).toContain(label);
    }
  });
});

describe('liudong stats rebuild', () => {
  it('rebuilds every new source to the same rollup the triggers kept', async () => {
    const before = await rollupSnapshot(db());
    await db()
      .transaction()
      .execute(async (trx) => {
        await rebuildRollups(trx);
        expect(await rollupSnapshot(trx)).toEqual(before);
      });
  });
});

describe('the new sources under random writes', () => {
  const PLACES = ['330205005003', '330205003001', '330205005000'];
  const opArb = fc.oneof(
    fc.record({
      op: fc.constant('complaint' as const),
      place: fc.constantFrom(...PLACES),
      due: fc.integer({ min: 1, max: 28 }),
      replied: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
    }),
    fc.record({
      op: fc.constant('outreach' as const),
      place: fc.constantFrom(...PLACES),
      day: fc.integer({ min: 1, max: 28 }),
      materials: fc.nat(500),
    }),
    fc.record({ op: fc.constant('reply' as const), day: fc.integer({ min: 1, max: 28 }) }),
    fc.record({ op: fc.constant('move' as const), place: fc.constantFrom(...PLACES) }),
    fc.record({ op: fc.constant('delete' as const), table: fc.constantFrom('complaint', 'outreach_event') }),
  );
  let serial = 0;
  it('keeps the rollup equal to a rebuild after random inserts, updates and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'complaint') {
            await complaintAt(
              `P-${serial++}`,
              o.place,
              `2020-03-${String(o.due).padStart(2, '0')}`,
              o.replied === null ? null : `2020-03-${String(o.replied).padStart(2, '0')}`,
            );
          } else if (o.op === 'outreach') {
            await sql`INSERT INTO outreach_event (division_code, kind, title, place, held_on, materials_count)
              VALUES (${o.place}, 'other', 't', 'p', ${`2020-03-${String(o.day).padStart(2, '0')}`}, ${o.materials})`.execute(
              db(),
            );
          } else if (o.op === 'reply') {
            await sql`UPDATE complaint SET replied_on = ${`2020-04-${String(o.day).padStart(2, '0')}`}
              WHERE number LIKE 'P-%'`.execute(db());
          } else if (o.op === 'move') {
            await sql`UPDATE outreach_event SET division_code = ${o.place} WHERE held_on >= '2020-03-01'`.execute(db());
          } else {
            await sql
              .raw(`DELETE FROM ${o.table} WHERE ctid IN (SELECT ctid FROM ${o.table}
              WHERE ${o.table === 'complaint' ? "number LIKE 'P-%'" : "held_on >= '2020-03-01'"} LIMIT 1)`)
              .execute(db());
          }
        }
        const before = await rollupSnapshot(db());
        await db()
          .transaction()
          .execute(async (trx) => {
            await rebuildRollups(trx);
            expect(await rollupSnapshot(trx)).toEqual(before);
          });
      }),
      { numRuns: 8 },
    );
  });
});
