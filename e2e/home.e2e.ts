/**
 * The home page's population cards tell the truth. This file runs its own server over a demo county larger than
 * the person list's count cap (1,000), so a card that counted the list would stop there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './global-setup.ts';
import { login, screenshot, useBrowser } from './support.ts';

const PERSONS = 1200;
let dataDir = '';
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-e2e-home-'));
  server = await startServer(dataDir, {
    LIUDONG_DEMO_PERSONS: String(PERSONS),
    LIUDONG_DEMO_ACTIVITY: 'off',
    // The county admin signs in with a password only here; the login-steps test covers TOTP.
    LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
  });
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The number an antd Statistic shows ("1,571" → 1571). */
async function statistic(page: Page, testId: string): Promise<number> {
  const value = page.getByTestId(testId).locator('.ant-statistic-content-value');
  await value.waitFor();
  return Number((await value.textContent())?.replace(/,/g, ''));
}

async function homeCards(page: Page) {
  await page.goto(`${server?.url}/`);
  return {
    inflow: await statistic(page, 'count-inflow'),
    outflow: await statistic(page, 'count-outflow'),
    total: await statistic(page, 'count-total'),
  };
}

async function statsPage(page: Page) {
  await page.goto(`${server?.url}/stats`);
  return { inflow: await statistic(page, 'count-inflow_total'), outflow: await statistic(page, 'count-outflow_total') };
}

describe.sequential('home page counts', () => {
  const { page, browser } = useBrowser();

  it('shows the county everyone registered, past the person list’s cap, and the statistics page’s flows', async () => {
    await login(page(), server?.url as string, 'admin');
    const home = await homeCards(page());
    await screenshot(page(), 'home-county');
    expect(home.total).toBe(PERSONS);
    expect({ inflow: home.inflow, outflow: home.outflow }).toEqual(await statsPage(page()));
  });

  it('shows a township officer the same inflow and outflow as the statistics page', async () => {
    const township = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await township.newPage();
    await login(p, server?.url as string, 'township');
    const home = await homeCards(p);
    expect(home.inflow).toBeGreaterThan(0);
    expect(home.total).toBeGreaterThanOrEqual(home.inflow + home.outflow);
    expect({ inflow: home.inflow, outflow: home.outflow }).toEqual(await statsPage(p));
    await township.close();
  });
});
