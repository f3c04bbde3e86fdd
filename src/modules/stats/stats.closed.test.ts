/**
 * Closed periods answer as of their end (issue 19): a past month's table, a past year's table and its draft
 * summary take their stock from the month-end history and stay the same, byte for byte except the generated-at
 * line, whatever is recorded after the period; only `liudong stats snapshot` changes that history, and says so.
 */
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';
import { chinaToday } from '../../core/china-time.ts';
import { monthsEndingWith, periodLastDay } from '../../core/indicators.ts';
import { rebuildSnapshots } from './stats.history.ts';
import { recordWork } from './stats.work-fixtures.ts';

let env: TestEnv;
let admin: string;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

const TOWNSHIP = '330205005000'; // 甬江街道
const VILLAGE = '330205005003'; // 梅堰社区
const today = chinaToday();
const lastMonth = monthsEndingWith(today.slice(0, 7), 2)[0] as string;
const lastYear = String(Number(today.slice(0, 4)) - 1);
const db = () => env.ctx.db;
const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: admin } });

/** Every closed-period document the issue names, for the county and a township. */
const URLS = [
  `/api/stats/reports/monthly?period=${lastMonth}&format=csv`,
  `/api/stats/reports/monthly?period=${lastMonth}&division=${TOWNSHIP}&format=csv`,
  `/api/stats/reports/monthly?period=${lastMonth}&format=xlsx`,
  `/api/stats/reports/annual?period=${lastYear}&format=csv`,
  `/api/stats/reports/annual?period=${lastYear}&division=${TOWNSHIP}&format=xlsx`,
  `/api/stats/summary?year=${lastYear}`,
  `/api/stats/summary?year=${lastYear}&division=${TOWNSHIP}`,
];

const GENERATED = /生成时间：[^<"\r\n]*/g;

/** A document's content with the generated-at line blanked: the text of a CSV, or every entry of a zip. */
async function contentOf(url: string): Promise<string> {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  if (url.includes('format=csv')) return res.body.replace(GENERATED, '生成时间：');
  const zip = await JSZip.loadAsync(res.rawPayload);
  const parts: string[] = [];
  for (const name of Object.keys(zip.files).sort()) {
    const text = (await zip.file(name)?.async('string')) ?? '';
    // The package's created/modified dates are the generated-at time of the file.
    const plain = text.replace(GENERATED, '生成时间：').replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, '$1');
    parts.push(`${name}\n${plain}`);
  }
  return parts.join('\n');
}

async function registerToday(overrides: Record<string, unknown>) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: admin },
    payload: personInput({ idNumber: validIdNumber('341221', '1994-06-01', 'F'), ...overrides }),
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** A married inflow woman of the demo county who was present at the end of last month. */
async function womanPresentLastMonth(): Promise<string> {
  const row = await sql<{ id: string }>`SELECT p.id FROM person p WHERE p.sex = 'F'
    AND p.marital_status = 'first_marriage' AND p.residence_division LIKE '330205%'
    AND p.hukou_division NOT LIKE '330205%' AND p.departed_on IS NULL AND p.arrived_on < ${`${lastMonth}-01`}
    AND extract(year FROM p.birth_date) > ${Number(today.slice(0, 4)) - 45}
    ORDER BY p.id LIMIT 1`.execute(db());
  return row.rows[0]?.id as string;
}

describe('a closed period', () => {
  it('says 截至 its last day, and the period in progress 截至 today, 本期未结束', async () => {
    const closed = await get(`/api/stats/reports/monthly?period=${lastMonth}&format=csv`);
    expect(closed.body).toContain(`统计时点：截至${periodLastDay({ kind: 'month', month: lastMonth })}（`);
    const running = await get(`/api/stats/reports/monthly?period=${today.slice(0, 7)}&format=csv`);
    expect(running.body).toContain(`统计时点：截至${today}（本期未结束）`);
    const dashboard = await get(`/api/stats/dashboard?period=${lastYear}`);
    expect(dashboard.json().stamp).toMatchObject({ asOf: `${lastYear}-12-31`, closed: true });
  });

  it('takes its stock and its rates from the month-end history of its last day', async () => {
    const from = (measure: string) =>
      sql<{ n: string }>`SELECT coalesce(sum(value), 0) AS n FROM stat_snapshot
      WHERE measure = ${measure} AND division_code = '330205000000' AND month = ${lastMonth}`.execute(db());
    const inflow = await get(`/api/stats/indicators/inflow_total?period=${lastMonth}`);
    expect(inflow.json().value).toBe(Number((await from('pop.in')).rows[0]?.n));
    const checkups = await get(`/api/stats/indicators/checkup_coverage?period=${lastMonth}`);
    const married = await get(`/api/stats/indicators/inflow_married_women?period=${lastMonth}`);
    expect(checkups.json().numerator).toBeGreaterThan(0);
    expect(checkups.json().denominator).toBe(married.json().value);
  });

  it('gives the same tables and summary, except the generated-at line, after any activity', async () => {
    // Last year's work of every kind the summary writes about (births, supply, complaints, outreach, groups),
    // the year before's for its 同比, and the draft says so.
    await recordWork(db(), VILLAGE, `${lastYear}-05-20`, 2);
    await recordWork(db(), VILLAGE, `${Number(lastYear) - 1}-05-20`);
    const before = await Promise.all(URLS.map(contentOf));
    for (const marker of ['生育服务登记', '避孕药具发放点', '咨询投诉', '宣传资料', '十二户联勤小组', '与上年相比']) {
      expect(before[5], marker).toContain(marker);
      expect(before[6], marker).toContain(marker);
    }
    // Three people registered today, one of them late: she arrived inside last month.
    await registerToday({ residenceDivision: VILLAGE, arrivedOn: today });
    await registerToday({ residenceDivision: VILLAGE, arrivedOn: `${lastMonth}-10` });
    await registerToday({ residenceDivision: '330205003001', arrivedOn: today });
    // Today's check and counselling answer for a woman counted last month.
    const woman = await womanPresentLastMonth();
    await sql`INSERT INTO certificate_check (division_code, person_id, method, result, checked_by)
      SELECT ${VILLAGE}, ${woman}, 'number', 'valid', id FROM app_user WHERE username = 'admin'`.execute(db());
    await sql`INSERT INTO service_record (person_id, division_code, kind, status, service_date, contraceptive_in_use,
        outcome, consent)
      VALUES (${woman}, ${VILLAGE}, 'contraceptive_counselling', 'done', ${today}::date, true, '{}', true)`.execute(
      db(),
    );
    // Today's work of every kind, in the same community.
    await recordWork(db(), VILLAGE, today, 3);
    const after = await Promise.all(URLS.map(contentOf));
    URLS.forEach((url, i) => {
      expect(after[i], url).toBe(before[i]);
    });
  });

  it('changes only when `liudong stats snapshot` recomputes the history, which is recorded', async () => {
    const url = `/api/stats/indicators/inflow_total?period=${lastMonth}&division=${VILLAGE}`;
    const before = (await get(url)).json().value;
    await registerToday({ residenceDivision: VILLAGE, arrivedOn: `${lastMonth}-12` });
    expect((await get(url)).json().value).toBe(before);
    await rebuildSnapshots(db(), 12);
    expect((await get(url)).json().value).toBeGreaterThan(before);
    const runs = await db()
      .selectFrom('stat_snapshot_run')
      .select(['reason', 'month_to'])
      .where('reason', '=', 'command')
      .execute();
    expect(runs).toContainEqual({ reason: 'command', month_to: lastMonth });
  });
});
