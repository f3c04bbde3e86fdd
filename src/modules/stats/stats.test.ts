import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import ExcelJS from '../../http/exceljs.ts';

let env: TestEnv;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['admin', 'township', 'village', 'dept']) cookies[u] = await env.login(u);
});
afterAll(() => env.close());

const get = (user: string, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });
const put = (user: string, url: string, payload: object) =>
  env.app.inject({ method: 'PUT', url, headers: { cookie: cookies[user] }, payload });

const COUNTY = '330205000000';
const YONGJIANG = '330205005000';
const KONGPU = '330205003000';

describe('indicator answers', () => {
  it('answers the user’s own division by default, from the rollups', async () => {
    const res = await get('township', '/api/stats/indicators/inflow_total');
    expect(res.statusCode).toBe(200);
    expect(res.json().division.code).toBe(YONGJIANG);
    expect(res.json().value).toBeGreaterThan(0);
  });

  it('adds up children to the parent', async () => {
    const res = await get('admin', `/api/stats/indicators/inflow_total?division=${COUNTY}&by=division`);
    const body = res.json();
    const sum = body.breakdown.reduce((a: number, r: { value: number }) => a + r.value, 0);
    expect(sum).toBe(body.value);
  });

  it('breaks inflow down by sex and by age band', async () => {
    const bySex = (await get('admin', '/api/stats/indicators/inflow_total?by=sex')).json();
    expect(bySex.breakdown.map((r: { key: string }) => r.key).sort()).toEqual(['F', 'M']);
    const byAge = (await get('admin', '/api/stats/indicators/inflow_total?by=ageBand')).json();
    expect(byAge.breakdown.reduce((a: number, r: { value: number }) => a + r.value, 0)).toBe(byAge.value);
  });

  it('answers 404 for a division outside the user’s scope', async () => {
    const res = await get('township', `/api/stats/indicators/inflow_total?division=${KONGPU}`);
    expect(res.statusCode).toBe(404);
  });

  it('answers 404 for an unknown indicator and 400 for a malformed period', async () => {
    expect((await get('admin', '/api/stats/indicators/nonsense')).statusCode).toBe(404);
    const bad = await get('admin', '/api/stats/indicators/arrivals?period=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('period');
  });
});

describe('small-cell suppression', () => {
  it('withholds small counts from department users', async () => {
    const res = await get('dept', `/api/stats/indicators/outflow_total?division=${COUNTY}&by=division`);
    expect(res.statusCode).toBe(200);
    const small = res.json().breakdown.filter((r: { suppressed: boolean }) => r.suppressed);
    expect(small.length).toBeGreaterThan(0);
    for (const r of small) expect(r.value).toBeNull();
  });

  it('shows staff in scope the same cells with real counts', async () => {
    const staff = (await get('admin', `/api/stats/indicators/outflow_total?division=${COUNTY}&by=division`)).json();
    const dept = (await get('dept', `/api/stats/indicators/outflow_total?division=${COUNTY}&by=division`)).json();
    const hidden = dept.breakdown.find((r: { suppressed: boolean }) => r.suppressed);
    const real = staff.breakdown.find((r: { key: string }) => r.key === hidden.key);
    expect(real.value).toBeGreaterThan(0);
    expect(real.value).toBeLessThan(5);
  });

  it('withholds small counts in a public export even for staff', async () => {
    const res = await get('admin', `/api/stats/reports/annual?division=${COUNTY}&format=csv&public=true`);
    expect(res.body).toContain('不予显示');
  });
});

describe('dashboard', () => {
  it('gives key rates with targets, a 12-month trend and child divisions', async () => {
    const res = await get('admin', '/api/stats/dashboard');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.keyRates.map((r: { code: string }) => r.code)).toContain('certificate_rate');
    expect(body.keyRates[0].target).toMatchObject({ comparator: '>=', value: 95 });
    expect(body.trend.months).toHaveLength(12);
    expect(body.children.length).toBeGreaterThan(1);
  });
});

describe('population cards', () => {
  it('counts inflow, outflow and everyone registered in the user’s division exactly, as the people are', async () => {
    const res = await get('township', '/api/stats/population');
    expect(res.statusCode).toBe(200);
    const here = (column: 'hukou_division' | 'residence_division') =>
      sql<boolean>`left(${sql.ref(column)}, 9) = '330205005'`;
    const count = async (where: ReturnType<typeof sql<boolean>>) =>
      Number(
        (
          await sql<{ n: string }>`SELECT count(*) AS n FROM person WHERE departed_on IS NULL AND ${where}`.execute(
            env.ctx.db,
          )
        ).rows[0]?.n,
      );
    const inflow = await count(sql<boolean>`${here('residence_division')} AND NOT ${here('hukou_division')}`);
    const outflow = await count(sql<boolean>`${here('hukou_division')} AND NOT ${here('residence_division')}`);
    const total = await count(sql<boolean>`(${here('hukou_division')} OR ${here('residence_division')})`);
    expect(inflow).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ division: { code: YONGJIANG }, inflow, outflow, total });
  });
});

describe('targets', () => {
  it('lets the county set a township’s target, which overrides the default for it and the units below', async () => {
    const year = 2026;
    const res = await put('admin', '/api/stats/targets', {
      division: YONGJIANG,
      year,
      targets: [{ indicator: 'certificate_rate', comparator: '>=', value: 97 }],
    });
    expect(res.statusCode).toBe(200);
    const below = (await get('village', `/api/stats/targets?year=${year}`)).json();
    expect(below.targets.find((t: { indicator: string }) => t.indicator === 'certificate_rate')).toMatchObject({
      value: 97,
      setAt: YONGJIANG,
    });
  });

  it('refuses a target on a count indicator, naming the field', async () => {
    const res = await put('admin', '/api/stats/targets', {
      division: YONGJIANG,
      year: 2026,
      targets: [{ indicator: 'inflow_total', comparator: '>=', value: 5 }],
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('staff assessment', () => {
  const staff = (name: string, d: number, w: number) => ({ staffName: name, discipline: d, work: w });

  it('ranks, adjusts bonuses and flags last place two years running', async () => {
    await put('township', '/api/stats/assessments', {
      division: YONGJIANG,
      year: 2025,
      entries: [staff('张敏', 90, 90), staff('李娜', 80, 80), staff('王芳', 60, 60)],
    });
    const res = await put('township', '/api/stats/assessments', {
      division: YONGJIANG,
      year: 2026,
      entries: [staff('张敏', 95, 90), staff('李娜', 85, 80), staff('赵丽', 70, 75), staff('王芳', 50, 60)],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json().results;
    expect(
      results.map((r: { staffName: string; bonusAdjustment: number }) => [r.staffName, r.bonusAdjustment]),
    ).toEqual([
      ['张敏', 20],
      ['李娜', 10],
      ['赵丽', -10],
      ['王芳', -20],
    ]);
    expect(results.find((r: { staffName: string }) => r.staffName === '王芳').flagged).toBe(true);
  });

  it('tells a county officer which units below have assessments, since its own level has none', async () => {
    await put('township', '/api/stats/assessments', {
      division: YONGJIANG,
      year: 2024,
      entries: [staff('张敏', 90, 90)],
    });
    const res = await get('admin', `/api/stats/assessments?division=${COUNTY}&year=2024`);
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([]);
    expect(res.json().unitsBelow).toEqual([{ code: YONGJIANG, name: '甬江街道', staff: 1 }]);
  });

  it('exports the ranking as xlsx', async () => {
    const res = await get('township', '/api/stats/assessments/export?year=2026');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]?.getCell(3, 2).value)).toBe('张敏');
  });
});

describe('report tables', () => {
  it('exports the monthly table as xlsx with merged group headers over the column labels', async () => {
    const res = await get('admin', '/api/stats/reports/monthly?period=2026-11');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(String(ws.getCell(1, 1).value)).toContain('月报表（2026年11月）');
    expect(ws.getCell(3, 2).value).toBe('流入人口');
    expect(ws.getCell(3, 3).isMerged).toBe(true);
    expect(ws.getCell(4, 2).value).toBe('合计');
    // The last data row is the county total and equals the inflow indicator.
    const inflow = (await get('admin', '/api/stats/indicators/inflow_total')).json().value;
    const totalRow = [...Array(ws.rowCount).keys()]
      .map((i) => ws.getRow(i + 1))
      .find((r) => r.getCell(1).value === '合计');
    expect(totalRow?.getCell(2).value).toBe(inflow);
  });

  it('exports the annual table as CSV with a BOM and one header row', async () => {
    const res = await get('admin', '/api/stats/reports/annual?period=2026&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF单位,流入人口-合计')).toBe(true);
  });

  it('refuses a monthly report for a whole year', async () => {
    expect((await get('admin', '/api/stats/reports/monthly?period=2026')).statusCode).toBe(400);
  });
});
