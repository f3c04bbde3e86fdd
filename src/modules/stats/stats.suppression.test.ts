/**
 * Withheld statistics cells (issue 18, part 6) through every answer a department user or a public export gets:
 * a withheld cell carries no figure, and none can be recovered by subtracting the published siblings from a
 * published total. Checked against the exact figures staff in scope see for the same request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import ExcelJS from '../../http/exceljs.ts';

let env: TestEnv;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['admin', 'township', 'dept']) cookies[u] = await env.login(u);
});
afterAll(() => env.close());

const get = (user: string, url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });
const json = async (user: string, url: string) => {
  const res = await get(user, url);
  expect(res.statusCode, url).toBe(200);
  return res.json();
};

const COUNTY = '330205000000';
const YONGJIANG = '330205005000';
const VILLAGE = '330205005003';

interface Cell {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}
interface Part extends Cell {
  key: string;
}

/**
 * For each figure of a cell, no withheld part equals the published total minus the published parts (using the
 * exact figures `exact` as staff see them). Returns how many parts were withheld, so a test can ask for some.
 */
function assertNotRecoverable(shown: { total: Cell; parts: Part[] }, exact: { total: Cell; parts: Part[] }): number {
  const withheld = shown.parts.filter((p) => p.suppressed);
  for (const p of withheld) {
    expect(p.numerator, p.key).toBeNull();
    expect(p.denominator, p.key).toBeNull();
    expect(p.value, p.key).toBeNull();
  }
  if (shown.total.suppressed) return withheld.length;
  for (const figure of ['numerator', 'denominator'] as const) {
    const total = exact.total[figure];
    if (total === null || total === 0) continue;
    const published = shown.parts.filter((p) => !p.suppressed).reduce((a, p) => a + (p[figure] ?? 0), 0);
    for (const p of withheld) {
      const real = exact.parts.find((x) => x.key === p.key)?.[figure];
      expect(total - published, `${p.key} ${figure}`).not.toBe(real);
    }
  }
  return withheld.length;
}

const answer = (body: Cell & { breakdown: Part[] }) => ({ total: body, parts: body.breakdown });

describe('a withheld cell carries no figure', () => {
  /** A division whose rate is withheld although one of its figures is not small (the old answer showed it). */
  async function rateWithALargeFigure() {
    const min = env.ctx.config.statsMinCell;
    const small = (n: number) => n > 0 && n < min;
    for (const ic of ['certificate_rate', 'verification_rate', 'checkup_coverage', 'contraceptive_prevalence']) {
      for (const code of [YONGJIANG, COUNTY]) {
        const url = `/api/stats/indicators/${ic}?division=${code}&by=division`;
        const row = ((await json('admin', url)).breakdown as Part[]).find(({ numerator: n, denominator: d }) => {
          if (n === null || d === null) return false;
          return d >= min && (small(n) || small(d - n));
        });
        if (row) return { url, row };
      }
    }
    throw new Error('the demo has no such rate');
  }

  it('gives a department user a withheld rate without numerator or denominator', async () => {
    const { url, row } = await rateWithALargeFigure();
    const dept = (await json('dept', url)).breakdown.find((r: Part) => r.key === row.key);
    expect(dept).toMatchObject({ numerator: null, denominator: null, value: null, suppressed: true });
  });

  it('keeps the exact figures for staff in scope', async () => {
    const { url, row } = await rateWithALargeFigure();
    for (const user of ['admin', 'township']) {
      const res = await get(user, url);
      if (res.statusCode === 404) continue;
      const cell = res.json().breakdown.find((r: Part) => r.key === row.key);
      expect(cell).toMatchObject({ numerator: row.numerator, denominator: row.denominator, suppressed: false });
    }
  });
});

describe('no withheld cell is the total minus its published siblings', () => {
  const INDICATORS = ['certificate_rate', 'verification_rate', 'checkup_coverage', 'outflow_total', 'inflow_total'];

  it('in every division breakdown a department user can ask for, county and townships', async () => {
    let withheld = 0;
    const townships = (await json('admin', `/api/stats/indicators/inflow_total?division=${COUNTY}&by=division`))
      .breakdown as Part[];
    for (const code of [COUNTY, ...townships.map((t) => t.key)]) {
      for (const ic of INDICATORS) {
        const url = `/api/stats/indicators/${ic}?division=${code}&by=division`;
        withheld += assertNotRecoverable(answer(await json('dept', url)), answer(await json('admin', url)));
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('withholds a division the same way whichever level asks', async () => {
    const county = (await json('dept', `/api/stats/indicators/certificate_rate?division=${COUNTY}&by=division`))
      .breakdown as Part[];
    for (const t of county) {
      const own = await json('dept', `/api/stats/indicators/certificate_rate?division=${t.key}`);
      expect(own.suppressed, t.key).toBe(t.suppressed);
    }
  });

  it('in a breakdown by sex, age band and kind', async () => {
    const cases = [
      ['inflow_total', 'ageBand'],
      ['outflow_total', 'ageBand'],
      ['certificate_rate', 'sex'],
      ['services_done', 'detail'],
    ] as const;
    for (const code of [COUNTY, YONGJIANG, VILLAGE]) {
      for (const [ic, by] of cases) {
        const url = `/api/stats/indicators/${ic}?division=${code}&by=${by}&period=2026`;
        assertNotRecoverable(answer(await json('dept', url)), answer(await json('admin', url)));
      }
    }
  });

  it('in a breakdown by month of a year', async () => {
    let withheld = 0;
    for (const code of [COUNTY, YONGJIANG, VILLAGE]) {
      for (const ic of ['arrivals', 'certificates_issued', 'certificate_checks', 'services_done']) {
        const url = `/api/stats/indicators/${ic}?division=${code}&by=month&period=2026`;
        withheld += assertNotRecoverable(answer(await json('dept', url)), answer(await json('admin', url)));
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('in the dashboard’s child divisions and twelve-month trend', async () => {
    const url = `/api/stats/dashboard?division=${YONGJIANG}`;
    const dept = await json('dept', url);
    const staff = await json('admin', url);
    expect(dept.suppression).toBe(true);
    for (const ic of dept.childIndicators.map((c: { code: string }) => c.code)) {
      const parts = (body: { children: { code: string; values: Record<string, Cell> }[] }) =>
        body.children.map((c) => ({ key: c.code, ...(c.values[ic] as Cell) }));
      const own = await json('admin', `/api/stats/indicators/${ic}?division=${YONGJIANG}`);
      const shownTotal = await json('dept', `/api/stats/indicators/${ic}?division=${YONGJIANG}`);
      assertNotRecoverable({ total: shownTotal, parts: parts(dept) }, { total: own, parts: parts(staff) });
    }
    for (const [i, series] of (dept.trend.series as { values: (number | null)[] }[]).entries()) {
      const exact = staff.trend.series[i].values as number[];
      const total = exact.reduce((a, v) => a + v, 0);
      const cells = (values: (number | null)[]) =>
        values.map((v, m) => ({ key: String(m), numerator: v, denominator: null, value: v, suppressed: v === null }));
      const sum: Cell = { numerator: total, denominator: null, value: total, suppressed: false };
      assertNotRecoverable({ total: sum, parts: cells(series.values) }, { total: sum, parts: cells(exact) });
    }
  });
});

/** A report's rows as numbers (null: blank), with its column headers, from CSV. */
function csvTable(body: string): { header: string[]; rows: (number | string | null)[][] } {
  const lines = body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l && !l.startsWith('"') && !/^(为保护|统计时点|生成时间)/.test(l));
  const cells = lines.map((l) => l.split(','));
  const parse = (v: string) => (v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v));
  return { header: cells[0] as string[], rows: cells.slice(1).map((r) => r.map(parse)) };
}

/** A rate column of the report and the columns of its parts. */
const RATE_PARTS: Record<string, string[]> = {
  '流出已婚育龄妇女-办证率': ['流出已婚育龄妇女-人数', '流出已婚育龄妇女-持证'],
  '流入已婚育龄妇女-验证率': ['流入已婚育龄妇女-人数', '流入已婚育龄妇女-已验证'],
};

/**
 * Every count column of a report: a blank rate leaves its parts blank too, and the total row (last) gives back
 * no blank cell. Returns the number of blank cells seen.
 */
function assertReportColumns(
  header: string[],
  shown: (number | string | null)[][],
  exact: (number | string | null)[][],
): number {
  for (const [rate, parts] of Object.entries(RATE_PARTS)) {
    for (const row of shown.filter((r) => r[header.indexOf(rate)] === null)) {
      for (const part of parts) expect(row[header.indexOf(part)], `${row[0]} ${part}`).toBeNull();
    }
  }
  // Along each row too: 流入人口-合计 is 男 + 女, so no one of the three may be worked out from the other two.
  for (const flow of ['流入人口', '流出人口']) {
    const [t, m, f] = ['合计', '男', '女'].map((l) => header.indexOf(`${flow}-${l}`)) as [number, number, number];
    shown.forEach((row, i) => {
      const at = (r: (number | string | null)[] | undefined, c: number) => (r?.[c] ?? null) as number | null;
      const [st, sm, sf] = [at(row, t), at(row, m), at(row, f)];
      const [rt, rm, rf] = [at(exact[i], t), at(exact[i], m), at(exact[i], f)];
      const label = `${row[0]} ${flow}`;
      if (st === null && sm !== null && sf !== null) expect(sm + sf, label).not.toBe(rt);
      if (st !== null && sm === null && sf !== null) expect(st - sf, label).not.toBe(rm);
      if (st !== null && sm !== null && sf === null) expect(st - sm, label).not.toBe(rf);
    });
  }
  let blanks = 0;
  const total = shown.length - 1;
  for (let c = 1; c < (shown[0]?.length ?? 0); c++) {
    const t = exact[total]?.[c];
    if (typeof t !== 'number' || typeof shown[total]?.[c] !== 'number' || t === 0) continue;
    const rows = shown.slice(0, total);
    const published = rows.reduce((a, r) => a + (typeof r[c] === 'number' ? (r[c] as number) : 0), 0);
    rows.forEach((r, i) => {
      if (r[c] !== null) return;
      blanks++;
      const real = exact[i]?.[c];
      if (typeof real === 'number') expect(t - published, `row ${i} column ${c}`).not.toBe(real);
    });
  }
  return blanks;
}

describe('report exports', () => {
  it('a public CSV withholds cells that neither carry figures nor follow from the total row', async () => {
    const url = `/api/stats/reports/annual?division=${COUNTY}&period=2026&format=csv`;
    const shown = csvTable((await get('admin', `${url}&public=true`)).body);
    const exact = csvTable((await get('admin', url)).body);
    expect(shown.header).toEqual(exact.header);
    expect(assertReportColumns(shown.header, shown.rows, exact.rows)).toBeGreaterThan(0);
  });

  it('a department user’s CSV of a township, down to its villages, likewise', async () => {
    const url = `/api/stats/reports/annual?division=${YONGJIANG}&period=2026&format=csv`;
    const shown = csvTable((await get('dept', url)).body);
    const exact = csvTable((await get('admin', url)).body);
    expect(assertReportColumns(shown.header, shown.rows, exact.rows)).toBeGreaterThan(0);
  });

  it('a department user’s xlsx likewise', async () => {
    const url = `/api/stats/reports/annual?division=${YONGJIANG}&period=2026&format=xlsx`;
    const sheet = async (user: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await get(user, url)).rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('no sheet');
      const rows: (number | string | null)[][] = [];
      ws.eachRow((row, n) => {
        if (
          n < 5 ||
          String(row.getCell(1).value).startsWith('说明') ||
          String(row.getCell(1).value).startsWith('单位负责人') ||
          String(row.getCell(1).value).startsWith('生成时间')
        )
          return;
        const values: (number | string | null)[] = [];
        for (let c = 1; c <= ws.columnCount; c++) {
          const v = row.getCell(c).value;
          values.push(v === null || v === '' ? null : (v as number | string));
        }
        rows.push(values);
      });
      return rows;
    };
    const header = csvTable((await get('admin', url.replace('xlsx', 'csv'))).body).header;
    expect(assertReportColumns(header, await sheet('dept'), await sheet('admin'))).toBeGreaterThan(0);
  });
});
