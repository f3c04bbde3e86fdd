/**
 * Screens that speak the user's language: the auditor's log shows people (masked) and users by name with a
 * list read folded into one line; the resident's 谁看过 says what was done and by which office; the code
 * button counts down; the verify page keeps its labels on one line at 390 px. Runs its own server so the
 * auditor signs in with a password only (login-steps.e2e.ts binds the shared server's auditor to TOTP).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './global-setup.ts';
import { apiFromPage, login, makeIdNumber, screenshot, smsCodeFromLog, useBrowser } from './support.ts';

let dataDir = '';
let server: RunningServer | undefined;
const url = () => server?.url as string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-e2e-wording-'));
  server = await startServer(dataDir, {
    LIUDONG_DEMO_PERSONS: '300',
    LIUDONG_DEMO_ACTIVITY: 'off',
    LIUDONG_MFA_REQUIRED_ROLES: 'county_admin',
  });
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.sequential('wording', () => {
  const chromium = useBrowser({ phone: true });
  const page = () => chromium.page();
  const phone = () => chromium.phone();
  const idNumber = makeIdNumber('341221', '19940607', 'F');
  let personId = '';

  it('staff register a resident, open the record and list complaints and people', async () => {
    await login(page(), url(), 'village');
    const created = await apiFromPage(page(), 'POST', '/api/persons', {
      idNumber,
      name: '欧阳晓薇',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      residenceAddress: '梅堰路18号',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-09-01',
      phone: '13700006789',
    });
    expect(created.status).toBe(201);
    personId = (created.json as { person: { id: string } }).person.id;
    expect((await apiFromPage(page(), 'GET', `/api/persons/${personId}`)).status).toBe(200);
    expect((await apiFromPage(page(), 'GET', '/api/persons?pageSize=20')).status).toBe(200);
    expect((await apiFromPage(page(), 'GET', '/api/complaints')).status).toBe(200);
  });

  it('the portal counts down before another code can be asked for', async () => {
    await phone().goto(`${url()}/portal`);
    await phone().getByTestId('portal-id').fill(idNumber);
    await phone().getByTestId('portal-get-code').click();
    await phone().getByTestId('portal-code-sent').waitFor();
    const button = phone().getByTestId('portal-get-code');
    await expect.poll(() => button.textContent()).toMatch(/^\d{1,2}秒后可重新获取$/);
    expect(await button.isDisabled()).toBe(true);
    await screenshot(phone(), 'wording-portal-countdown');
  });

  it('谁看过 says who (office and role) and what, with whole times, and leaves list reads out', async () => {
    await phone()
      .getByTestId('portal-code')
      .fill(await smsCodeFromLog(server?.logFile as string, '6789'));
    await phone().getByTestId('portal-sign-in').click();
    await phone().getByTestId('consent-terms').click();
    await phone().getByTestId('consent-health').click();
    await phone().getByTestId('consent-continue').click();
    await phone().getByTestId('portal-record').waitFor();
    await phone().getByRole('tab', { name: '谁看过' }).click();
    const rows = phone().getByTestId('portal-access-row');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes('梅堰社区 村（居）专职管理员') && t.includes('查看了您的登记信息'))).toBe(true);
    expect(texts.join('\n')).not.toContain('处理了您的咨询投诉');
    expect(texts.join('\n')).not.toContain('在名单中看到了您');
    for (const t of texts) expect(t).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} · \S/);
    await screenshot(phone(), 'wording-portal-access');
  });

  it('the audit log shows the person masked, the user by name, and one line per list read', async () => {
    await page().getByTestId('logout').click();
    await page().waitForURL('**/login');
    await login(page(), url(), 'auditor');
    await page().goto(`${url()}/audit`);
    const table = page().getByTestId('audit-table');
    await table.getByTestId('audit-person').first().waitFor();
    expect(await table.getByTestId('audit-person').allTextContents()).toContain(
      `欧**薇 341221********${idNumber.slice(14)}`,
    );
    expect(await table.getByTestId('audit-actor').allTextContents()).toContain('梅堰社区专职管理员');
    const counts = await table.getByTestId('audit-count').allTextContents();
    expect(counts.some((c) => /^名单 \d+ 人$/.test(c))).toBe(true);
    expect(await table.textContent()).not.toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
    await screenshot(page(), 'wording-audit');
  });

  it('the verify page keeps each label on one line at 390 px', async () => {
    await page().getByTestId('logout').click();
    await page().waitForURL('**/login');
    await login(page(), url(), 'township');
    const issued = await apiFromPage(page(), 'POST', '/api/certificates', { personId, kind: 'temporary' });
    expect(issued.status).toBe(201);
    const number = (issued.json as { certificate: { number: string } }).certificate.number;
    await phone().goto(`${url()}/verify`);
    await phone().getByTestId('verify-input').fill(number);
    await phone().getByTestId('verify-submit').click();
    await phone().locator('[data-testid="verify-result"][data-result="valid"]').waitFor();
    const lines = await phone()
      .getByTestId('verify-certificate')
      .locator('th')
      // Lines of each label's own text (a cell is as tall as its row, which a long value may make taller).
      .evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const lineHeight = parseFloat(getComputedStyle(cell).lineHeight);
          const top = Math.min(...rects.map((r) => r.top));
          const bottom = Math.max(...rects.map((r) => r.bottom));
          return Math.round((bottom - top) / lineHeight);
        }),
      );
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((n) => n === 1)).toBe(true);
    await screenshot(phone(), 'wording-verify-390');
  });
});
