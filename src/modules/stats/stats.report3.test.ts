/**
 * Acceptance (issue 6): report 3's town — 1,500 outflow married women of childbearing age, 1,488 holding a
 * valid certificate, 1,430 using contraception — shows 99.2% and 95.33% in the indicator API, the dashboard
 * data and the .docx summary.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { loadReport3, type Report3 } from '../../../test/support/report3.ts';
import { DEMO_PASSWORD } from '../../core/demo-people.ts';

let env: TestEnv;
let town: Report3;
let cookie: string;
beforeAll(async () => {
  env = await createTestEnv();
  town = await loadReport3(env.ctx, DEMO_PASSWORD);
  cookie = await env.login(town.username);
});
afterAll(() => env.close());

const get = (url: string) => env.app.inject({ method: 'GET', url, headers: { cookie } });

describe('report 3 figures', () => {
  it('gives 办证率 99.2% from the indicator API', async () => {
    const res = await get(`/api/stats/indicators/certificate_rate?division=${town.township}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ numerator: 1488, denominator: 1500, value: 99.2 });
  });

  it('gives contraceptive prevalence 95.33% from the indicator API, counting each woman’s latest answer', async () => {
    const res = await get(`/api/stats/indicators/contraceptive_prevalence?division=${town.township}`);
    expect(res.json()).toMatchObject({ numerator: 1430, denominator: 1500, value: 95.33 });
  });

  it('shows both rates on the dashboard', async () => {
    const res = await get(`/api/stats/dashboard?division=${town.township}`);
    expect(res.statusCode).toBe(200);
    const rates = Object.fromEntries(
      res.json().keyRates.map((r: { code: string; value: number }) => [r.code, r.value]),
    );
    expect(rates).toMatchObject({ certificate_rate: 99.2, contraceptive_prevalence: 95.33 });
  });

  it('writes both rates into the basic-situation section of the .docx summary', async () => {
    const res = await get(`/api/stats/summary?division=${town.township}&year=${town.year}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('共有流动人口3200人');
    expect(text).toContain('发放婚育证明1488本，发证率达99.2%');
    expect(text).toContain('实施避孕节育1430人，占流出已婚育龄妇女的95.33%');
  });

  it('counts the same women as inflow where they live, in 江北区', async () => {
    const admin = await env.login('admin');
    const res = await env.app.inject({
      method: 'GET',
      url: '/api/stats/indicators/inflow_married_women?division=330205000000',
      headers: { cookie: admin },
    });
    expect(res.json().numerator).toBeGreaterThanOrEqual(1500);
  });
});
