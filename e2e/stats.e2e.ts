/**
 * The statistics dashboard in a real browser. This file runs its own server over a data folder seeded first
 * with a small demo county (with activity) and report 3's town, so the shared e2e server stays untouched.
 * It drills from the county to a village, downloads the xlsx and the docx and parses both back, and checks
 * that report 3's town shows 99.2% and 95.33%.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import ExcelJS from '../src/http/exceljs.ts';
import { loadDemo } from '../src/modules/demo/demo.generator.ts';
import { openContext } from '../src/server.ts';
import { loadReport3, type Report3 } from '../test/support/report3.ts';
import { launchChromium, login, newPage, PASSWORD, screenshot } from './support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let dataDir = '';
let baseURL = '';
let child: ChildProcess | null = null;
let browser: Browser | undefined;
let page: Page;
let town: Report3;
let setupError: unknown;

beforeAll(async () => {
  try {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-e2e-stats-'));
    const config = { ...loadConfig({}), dataDir, keyFile: path.join(dataDir, 'keys', 'data.key'), demoOnEmpty: false };
    const { ctx, handle } = await openContext(config);
    await loadDemo(ctx, { persons: 600, seed: 20261129, activity: true });
    town = await loadReport3(ctx, PASSWORD);
    await handle.close();
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    const out = fs.openSync(path.join(dataDir, 'server.log'), 'a');
    child = spawn('npx', ['tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LIUDONG_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // The county admin signs in with a password only here; the login-steps test covers TOTP.
        LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
      },
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        if ((await fetch(`${baseURL}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('stats e2e server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await launchChromium();
    page = await newPage(browser);
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function downloadVia(testId: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await download.path();
  return fs.readFileSync(file);
}

describe('statistics dashboard', () => {
  it('drills from the county to a township and on to a village', async () => {
    await login(page, baseURL, 'admin');
    await page.goto(`${baseURL}/stats`);
    await page.getByTestId('rate-certificate_rate').waitFor();
    expect(await page.getByTestId('stats-breadcrumb').textContent()).toContain('江北区');
    // The exchange and supply rates, and the month-end population chart drawn from the snapshots.
    await page.getByTestId('stats-history').locator('canvas').waitFor();
    expect(await page.getByTestId('activity-exchange_pairing_rate').textContent()).toContain('配对率');
    expect(await page.getByTestId('activity-stock_days_of_supply').textContent()).toContain('库存可供天数');
    await screenshot(page, 'stats-county');
    await page.getByTestId('drill-330205005000').click();
    await page.getByTestId('drill-330205005003').waitFor();
    expect(await page.getByTestId('stats-breadcrumb').textContent()).toContain('甬江街道');
    await screenshot(page, 'stats-township');
    await page.getByTestId('drill-330205005003').click();
    await page.waitForURL(/division=330205005003/);
    await page.getByTestId('rate-certificate_rate').waitFor();
    // The township's table also names 梅堰社区 (its drill row): wait for the village's own breadcrumb, not the text.
    await page.getByTestId('stats-breadcrumb').filter({ hasText: '梅堰社区' }).waitFor();
    expect(await page.getByTestId('stats-breadcrumb').textContent()).toContain('梅堰社区');
    await screenshot(page, 'stats-village');
  });

  it('says when the figures stand: this year still running, last year closed at its last day', async () => {
    await page.goto(`${baseURL}/stats`);
    await page.getByTestId('stats-as-of').waitFor();
    expect(await page.getByTestId('stats-as-of').textContent()).toContain('本期未结束');
    const lastYear = String(new Date().getFullYear() - 1);
    await page.getByText(lastYear, { exact: true }).click();
    await page.getByText(`截至 ${lastYear}-12-31：统计期已结束`).waitFor();
  });

  it('points a county officer from the empty county assessment to the township that holds one', async () => {
    await page.goto(`${baseURL}/stats`);
    await page.getByTestId('assessment-empty').waitFor();
    expect(await page.getByTestId('assessment-empty').textContent()).toContain('以下单位有本年度记录');
    await page.getByTestId('assessment-unit-330205005000').click();
    await page.waitForURL(/division=330205005000/);
    await page.getByTestId('assessment-card').getByText('张敏').waitFor();
    expect(await page.getByTestId('stats-breadcrumb').textContent()).toContain('甬江街道');
  });

  it('downloads the monthly table as xlsx and parses it back', async () => {
    await page.goto(`${baseURL}/stats?division=330205005000`);
    await page.getByTestId('rate-certificate_rate').waitFor();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await downloadVia('download-monthly')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws?.getCell(1, 1).value)).toContain('甬江街道');
    expect(ws?.getCell(3, 2).value).toBe('流入人口');
  });

  it('downloads the draft annual summary as docx and parses it back', async () => {
    const zip = await JSZip.loadAsync(await downloadVia('download-docx'));
    const text = ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('一、流动人口基本情况');
    expect(text).toContain('甬江街道');
  });

  it('shows report 3’s town at 99.2% and 95.33%, in the dashboard and in its docx', async () => {
    await page.context().clearCookies();
    await login(page, baseURL, town.username);
    await page.goto(`${baseURL}/stats`);
    await page.getByTestId('rate-certificate_rate').waitFor();
    expect(await page.getByTestId('rate-certificate_rate').textContent()).toContain('99.2%');
    expect(await page.getByTestId('rate-contraceptive_prevalence').textContent()).toContain('95.33%');
    await screenshot(page, 'stats-report3');
    const zip = await JSZip.loadAsync(await downloadVia('download-docx'));
    const text = ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('发证率达99.2%');
    expect(text).toContain('95.33%');
  });
});
