/**
 * Month-end population snapshots (migration T19): who counts at the end of a month under the residence episode
 * covering that day, the running sum checked against one-month fills, and the answers by month through the API.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { ensureSnapshots } from './stats.history.ts';
import { fillSnapshots } from './stats.repository.ts';

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
const OTHER_VILLAGE = '330205003001';
const COUNTY = '330205000000';
const ORIGIN = '341221000000';
const MONTHS = ['2020-01', '2020-02', '2020-03', '2020-04'];
let serial = 0;

interface Person {
  sex: 'M' | 'F';
  married: boolean;
  residence: string;
  arrived: string | null;
  departed: string | null;
  /** Residence episodes [division, arrived, departed]; none: the person row is the only record. */
  episodes: [string, string, string | null][];
}

async function addPerson(p: Person): Promise<void> {
  const row = await db()
    .insertInto('person')
    .values({
      id_number_enc: 'x',
      id_hash: `hist-${++serial}`,
      id_prefix_hashes: [],
      id_masked: 'x',
      name: '历史',
      name_initials: 'ls',
      name_pinyin: 'lishi',
      sex: p.sex,
      birth_date: '1990-05-01',
      hukou_division: ORIGIN,
      residence_division: p.residence,
      marital_status: p.married ? 'first_marriage' : 'unmarried',
      arrived_on: p.arrived,
      departed_on: p.departed,
      children: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [division, arrived, departed] of p.episodes) {
    await db()
      .insertInto('person_episode')
      .values({ person_id: row.id, residence_division: division, arrived_on: arrived, departed_on: departed })
      .execute();
  }
}

/** Month → value of one measure at one division, from stat_snapshot. */
async function snapshot(measure: string, division: string): Promise<Record<string, number>> {
  const rows = await sql<{ month: string; n: string }>`SELECT month, sum(value) AS n FROM stat_snapshot
    WHERE measure = ${measure} AND division_code = ${division} AND month BETWEEN '2020-01' AND '2020-04'
    GROUP BY month`.execute(db());
  const out: Record<string, number> = {};
  for (const m of MONTHS) out[m] = Number(rows.rows.find((r) => r.month === m)?.n ?? 0);
  return out;
}

function minus(a: Record<string, number>, b: Record<string, number>): number[] {
  return MONTHS.map((m) => (a[m] ?? 0) - (b[m] ?? 0));
}

describe('month-end snapshots', () => {
  it('count each person at the end of a month under the episode covering that day', async () => {
    await fillSnapshots(db(), '2020-01', '2020-04');
    const before = {
      village: await snapshot('pop.in', VILLAGE),
      other: await snapshot('pop.in', OTHER_VILLAGE),
      county: await snapshot('pop.in', COUNTY),
      married: await snapshot('mwcba.in', VILLAGE),
    };
    // Arrived mid-January, still here.
    await addPerson({
      sex: 'F',
      married: true,
      residence: VILLAGE,
      arrived: '2020-01-15',
      departed: null,
      episodes: [[VILLAGE, '2020-01-15', null]],
    });
    // Here from 10 February, left on 5 March: counts at the end of February only.
    await addPerson({
      sex: 'M',
      married: false,
      residence: VILLAGE,
      arrived: '2020-02-10',
      departed: '2020-03-05',
      episodes: [[VILLAGE, '2020-02-10', '2020-03-05']],
    });
    // Moved from another community of the county to this one on 10 February.
    await addPerson({
      sex: 'F',
      married: false,
      residence: VILLAGE,
      arrived: '2020-02-10',
      departed: null,
      episodes: [
        [OTHER_VILLAGE, '2019-12-01', '2020-02-10'],
        [VILLAGE, '2020-02-10', null],
      ],
    });
    // No episode rows (written by a bulk path): the person row is the episode.
    await addPerson({
      sex: 'M',
      married: false,
      residence: VILLAGE,
      arrived: '2020-03-20',
      departed: null,
      episodes: [],
    });
    await fillSnapshots(db(), '2020-01', '2020-04');
    expect(minus(await snapshot('pop.in', VILLAGE), before.village)).toEqual([1, 3, 3, 3]);
    expect(minus(await snapshot('pop.in', OTHER_VILLAGE), before.other)).toEqual([1, 0, 0, 0]);
    expect(minus(await snapshot('pop.in', COUNTY), before.county)).toEqual([2, 3, 3, 3]);
    expect(minus(await snapshot('mwcba.in', VILLAGE), before.married)).toEqual([1, 1, 1, 1]);
  });

  it('give every month of a range the same cells as filling that month alone', async () => {
    await fillSnapshots(db(), '2019-10', '2020-04');
    const cells = async (month: string) =>
      (
        await sql<{ k: string }>`SELECT concat_ws('|', measure, division_code, sex, birth_year, detail, value) AS k
          FROM stat_snapshot WHERE month = ${month} ORDER BY 1`.execute(db())
      ).rows.map((r) => r.k);
    const ranged = { jan: await cells('2020-01'), mar: await cells('2020-03') };
    expect(ranged.jan.length).toBeGreaterThan(0);
    await fillSnapshots(db(), '2020-01', '2020-01');
    await fillSnapshots(db(), '2020-03', '2020-03');
    expect(await cells('2020-01')).toEqual(ranged.jan);
    expect(await cells('2020-03')).toEqual(ranged.mar);
  });

  it('answer an indicator by month from the snapshots, and nothing for a month never computed', async () => {
    const res = await get(`/api/stats/indicators/inflow_total?division=${VILLAGE}&period=2020&by=month`);
    expect(res.statusCode).toBe(200);
    const byMonth = new Map(res.json().breakdown.map((b: { key: string; value: number | null }) => [b.key, b.value]));
    expect(byMonth.get('2020-02')).toBe((await snapshot('pop.in', VILLAGE))['2020-02']);
    expect(byMonth.get('2020-06')).toBeNull();
  });

  it('are recorded for the last twelve complete months once, and the dashboard draws them', async () => {
    const first = await ensureSnapshots(db(), '2026-11-29');
    expect(first).toContain('2026-10');
    expect(first).not.toContain('2026-11');
    expect(await ensureSnapshots(db(), '2026-11-29')).toEqual([]);
    const res = await get(`/api/stats/dashboard?division=${VILLAGE}`);
    expect(res.statusCode).toBe(200);
    const history = res.json().history;
    expect(history.months).toHaveLength(12);
    expect(history.series.map((s: { code: string }) => s.code)).toContain('inflow_total');
    // The month in progress is the live count.
    const live = res.json().counts.find((c: { code: string }) => c.code === 'inflow_total').value;
    expect(history.series[0].values[11]).toBe(live);
  });
});
