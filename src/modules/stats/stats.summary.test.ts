/**
 * The draft annual summary covers the year's work (issue 19 part 4): every figure of the paragraphs on birth
 * registrations, contraceptive supply, exchange, complaints, outreach and the twelve-household groups is the
 * statistics API's figure for the same year and division, and 同比 appears only when last year's figure exists.
 */
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { chinaToday } from '../../core/china-time.ts';
import { SUPPLY_ITEMS } from '../../core/services-supply.ts';
import { YOY_FIGURES } from './stats.summary-figures.ts';
import { recordWork } from './stats.work-fixtures.ts';

let env: TestEnv;
let admin: string;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

const COUNTY = '330205000000';
const VILLAGE = '330205005003'; // 梅堰社区
const OTHER_VILLAGE = '330205003001';
const today = chinaToday();
const year = Number(today.slice(0, 4));
const lastYear = year - 1;
const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie: admin } });

interface Answer {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  breakdown: { key: string; value: number | null }[] | null;
}

async function indicator(code: string, y: number, division = COUNTY, by?: string): Promise<Answer> {
  const res = await get(`/api/stats/indicators/${code}?period=${y}&division=${division}${by ? `&by=${by}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The summary's numbered paragraphs ("3、…"), without their numbers. */
async function paragraphs(y: number, division = COUNTY): Promise<string[]> {
  const res = await get(`/api/stats/summary?year=${y}&division=${division}`);
  expect(res.statusCode, res.body).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml
    .split('</w:p>')
    .map((p) => p.replace(/<[^>]+>/g, ''))
    .filter((p) => /^\d+、/.test(p))
    .map((p) => p.replace(/^\d+、/, ''));
}

/** The one paragraph containing `marker`. */
async function paragraph(marker: string, y = year, division = COUNTY): Promise<string> {
  const found = (await paragraphs(y, division)).filter((p) => p.includes(marker));
  expect(found, marker).toHaveLength(1);
  return found[0] as string;
}

/** Every figure written in a paragraph, leaving out the date of "截至12月7日". */
const figures = (text: string) => (text.replace(/截至\d+月\d+日/g, '').match(/\d+(\.\d+)?/g) ?? []).map(Number);

describe('the year’s work in the draft summary (demo county, this year)', () => {
  beforeAll(async () => {
    // Work of every kind this year on top of the demo's, in two communities.
    await recordWork(env.ctx.db, VILLAGE, today, 2);
    await recordWork(env.ctx.db, OTHER_VILLAGE, today);
  });

  it('writes the birth service registrations of the birth_registrations indicator', async () => {
    const births = await indicator('birth_registrations', year);
    expect(births.value).toBeGreaterThan(0);
    expect(figures(await paragraph('生育服务登记'))).toEqual([births.value]);
  });

  it('writes points, units dispensed by item and days of supply from the supply indicators', async () => {
    const points = await indicator('supply_points', year);
    const dispensed = await indicator('stock_dispensed', year, COUNTY, 'detail');
    const days = await indicator('stock_days_of_supply', year);
    const byItem = SUPPLY_ITEMS.flatMap((item) => {
      const v = dispensed.breakdown?.find((b) => b.key === item)?.value ?? 0;
      return v > 0 ? [v] : [];
    });
    expect(byItem.length).toBeGreaterThan(0);
    expect(figures(await paragraph('避孕药具发放点'))).toEqual([points.value, ...byItem, days.value]);
  });

  it('writes messages sent and received, on-time feedback and pairing from the exchange indicators', async () => {
    const expected = [
      (await indicator('exchange_sent', year)).value,
      (await indicator('exchange_received', year)).value,
      (await indicator('exchange_feedback_on_time', year)).value,
      (await indicator('exchange_pairing_rate', year)).value,
    ];
    expect(figures(await paragraph('协查通报'))).toEqual(expected);
  });

  it('writes complaints received, resolved and resolved in time from the complaint indicators', async () => {
    const received = await indicator('complaints_received', year);
    const inTime = await indicator('complaints_resolved_in_time', year);
    expect(received.value).toBeGreaterThan(0);
    expect(figures(await paragraph('咨询投诉'))).toEqual([
      received.value,
      inTime.denominator,
      inTime.numerator,
      inTime.value,
    ]);
  });

  it('writes events, materials handed out (份) and attendance from the outreach indicators', async () => {
    const expected = [
      (await indicator('outreach_events', year)).value,
      (await indicator('outreach_materials', year)).value,
      (await indicator('outreach_attendance', year)).value,
    ];
    const text = await paragraph('宣传资料');
    expect(text).toContain(`发放宣传资料${expected[1]}份`);
    expect(figures(text)).toEqual(expected);
  });

  it('writes the twelve-household groups and their duty log from the community indicators', async () => {
    const groups = await indicator('household_groups', year);
    const logs = await indicator('duty_logs', year);
    expect(groups.value).toBeGreaterThan(0);
    expect(figures(await paragraph('十二户联勤小组'))).toEqual([groups.value, logs.value]);
  });

  it('gives no 同比 for the year in progress', async () => {
    expect((await paragraphs(year)).some((p) => p.includes('同比'))).toBe(false);
  });
});

describe('the indicators added for the summary', () => {
  /** One count over a source table, for the demo county and this year (China time for timestamps). */
  async function count(query: string): Promise<number> {
    const res = await sql<{ n: string }>`${sql.raw(query)}`.execute(env.ctx.db);
    return Number(res.rows[0]?.n);
  }
  const inYear = (column: string) => `to_char(${column}, 'YYYY') = '${year}'`;
  const china = (column: string) => `(${column} AT TIME ZONE 'UTC' + interval '8 hours')`;
  const end = `'${year}-12-31 23:59:59'`;

  it('count the rows of their tables: complaints by day received, units dispensed, duty log entries', async () => {
    const where = "division_code LIKE '330205%'";
    expect((await indicator('complaints_received', year)).value).toBe(
      await count(`SELECT count(*) AS n FROM complaint WHERE ${where} AND ${inYear('received_on')}`),
    );
    expect((await indicator('stock_dispensed', year)).value).toBe(
      await count(`SELECT sum(quantity) AS n FROM stock_movement WHERE ${where} AND kind = 'dispensed'
        AND ${inYear(china('at'))}`),
    );
    expect((await indicator('duty_logs', year)).value).toBe(
      await count(`SELECT count(*) AS n FROM duty_log WHERE ${where} AND ${inYear('duty_date')}`),
    );
  });

  it('count the points and groups set up by the end of the period', async () => {
    const where = "division_code LIKE '330205%'";
    expect((await indicator('supply_points', year)).value).toBe(
      await count(`SELECT count(*) AS n FROM distribution_point WHERE ${where} AND ${china('created_at')} <= ${end}`),
    );
    expect((await indicator('household_groups', year)).value).toBe(
      await count(`SELECT count(*) AS n FROM household_group WHERE ${where} AND ${china('created_at')} <= ${end}`),
    );
  });
});

describe('同比 (last year’s comparison)', () => {
  /** The 同比 paragraph's items by label, e.g. "宣传服务活动" → "3场次，同比增长50%". */
  async function yoyItems(y: number, division: string): Promise<Map<string, string>> {
    const p = (await paragraphs(y, division)).find((x) => x.startsWith('与上年相比：'));
    const items = (p ?? '')
      .replace(/^与上年相比：/, '')
      .replace(/。$/, '')
      .split('；')
      .filter(Boolean);
    return new Map(
      items.map((i) => {
        const label = YOY_FIGURES.find((x) => i.startsWith(x.label))?.label ?? '';
        expect(label, i).not.toBe('');
        return [label, i.slice(label.length)];
      }),
    );
  }

  it('is absent for a figure last year did not record', async () => {
    await recordWork(env.ctx.db, VILLAGE, `${lastYear}-06-15`, 3);
    const township = '330205005000';
    expect((await indicator('outreach_events', lastYear, township)).value).toBe(3);
    expect((await indicator('outreach_events', lastYear - 1, township)).value).toBe(0);
    expect(await paragraph('宣传资料', lastYear, township)).toContain('开展宣传服务活动3场次');
    const items = await yoyItems(lastYear, township);
    expect(items.has('宣传服务活动')).toBe(false);
    expect(items.has('生育服务登记')).toBe(false);
  });

  it('gives the growth over last year, from both years’ figures, once last year has them', async () => {
    const township = '330205005000';
    await recordWork(env.ctx.db, VILLAGE, `${lastYear - 1}-06-15`, 2);
    const items = await yoyItems(lastYear, township);
    expect(items.get('宣传服务活动')).toBe('3场次，同比增长50%');
    expect(items.get('发放宣传资料')).toBe('600份，同比增长100%');
    // Every item: this year's figure and the change, from the API's figures for both years.
    expect(items.size).toBeGreaterThan(0);
    for (const [label, text] of items) {
      const f = YOY_FIGURES.find((x) => x.label === label) as (typeof YOY_FIGURES)[number];
      const cur = (await indicator(f.code, lastYear, township)).value as number;
      const prev = (await indicator(f.code, lastYear - 1, township)).value as number;
      const [figure, change] = text.split('，') as [string, string];
      expect(Number.parseFloat(figure), label).toBe(cur);
      const diff = f.unit ? Math.round(((cur - prev) / prev) * 10000) / 100 : Math.round((cur - prev) * 100) / 100;
      const unit = f.unit ? '%' : '个百分点';
      const expected =
        diff === 0 ? '与上年持平' : `同比${diff > 0 ? (f.unit ? '增长' : '提高') : '下降'}${Math.abs(diff)}${unit}`;
      expect(change, label).toBe(expected);
    }
  });
});
