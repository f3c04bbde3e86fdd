/**
 * Reporting up the tree in the console: a township officer sees last month's period end, submits it after
 * looking at the table, and corrects it with a reason; the county then sees the township's state among its
 * units. Runs its own server over a small demo county, so the shared e2e server stays untouched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './global-setup.ts';
import { login, screenshot, useBrowser } from './support.ts';

let dataDir = '';
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-e2e-submit-'));
  server = await startServer(dataDir, {
    LIUDONG_DEMO_PERSONS: '400',
    LIUDONG_DEMO_ACTIVITY: 'off',
    // The county admin signs in with a password only here; the login-steps test covers TOTP.
    LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
  });
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const TOWNSHIP = '330205005000';

describe.sequential('reporting a month up the tree', () => {
  const { page, browser } = useBrowser();

  it('shows the township last month’s period end and 未上报, and submits after showing the table', async () => {
    const p = page();
    await login(p, server?.url as string, 'township');
    await p.goto(`${server?.url}/stats`);
    const card = p.getByTestId('submission-card');
    await card.waitFor();
    await expect.poll(() => p.getByTestId('submission-period-end').textContent()).toMatch(/^截至\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => p.getByTestId(`state-${TOWNSHIP}`).textContent()).toBe('未上报');
    await p.getByTestId('submit-open').click();
    await p.getByTestId('submit-preview').waitFor();
    expect(await p.getByTestId('submit-preview').textContent()).toContain('合计');
    await screenshot(p, 'stats-submit-confirm');
    await p.locator('#submit-ok').click();
    await expect.poll(() => p.getByTestId(`state-${TOWNSHIP}`).textContent()).toBe('已上报 第1版');
  });

  it('corrects the submission with a reason, making version 2', async () => {
    const p = page();
    await p.getByTestId('correct-open').click();
    expect(await p.locator('#reason-ok').isDisabled()).toBe(true);
    await p.getByTestId('reason-input').fill('补录迟报的流入人员');
    await p.locator('#reason-ok').click();
    await expect.poll(() => p.getByTestId(`state-${TOWNSHIP}`).textContent()).toBe('已更正 第2版');
    expect(await p.getByTestId('own-submission').textContent()).toContain('补录迟报的流入人员');
    await screenshot(p, 'stats-submit-corrected');
  });

  it('shows the county its townships with their states', async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    await login(p, server?.url as string, 'admin');
    await p.goto(`${server?.url}/stats`);
    const units = p.getByTestId('submission-units');
    await units.waitFor();
    await expect.poll(() => p.getByTestId(`state-${TOWNSHIP}`).textContent()).toBe('已更正 第2版');
    expect(await units.textContent()).toContain('未上报');
    await screenshot(p, 'stats-submit-county-units');
    // The month in progress cannot be submitted: its period end says so.
    await p.getByTestId('submission-month').click();
    await p.locator('.ant-select-item-option').first().click();
    await expect.poll(() => p.getByTestId('submission-period-end').textContent()).toContain('（本期未结束）');
    await screenshot(p, 'stats-submit-county');
    await context.close();
  });
});
