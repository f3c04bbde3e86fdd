/**
 * The resident portal at phone size (390×844): a resident signs in with the code from the server log (the
 * log SMS sender), consents, sees their record and access log, applies for a certificate and files a
 * complaint and submits a birth registration; staff answer, issue the certificate and register the birth;
 * the resident sees the reply and both QR codes.
 * Screenshots of the main pages go to docs/screenshots/ (linked from the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, newPage, smsCodeFromLog, useBrowser } from './support';

const baseURL = inject('baseURL');
const serverLog = inject('serverLog');
const DOCS = fileURLToPath(new URL('../docs/screenshots', import.meta.url));

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(DOCS, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage: false });
}

describe.sequential('resident portal', () => {
  const chromium = useBrowser({ phone: true });
  const staff = () => chromium.page();
  const phone = () => chromium.phone();
  const idNumber = makeIdNumber('341221', '19930506', 'F');
  const subject = '想预约免费孕前检查';

  it('a village manager registers the resident and opens the record', async () => {
    await login(staff(), baseURL, 'village');
    const created = await apiFromPage(staff(), 'POST', '/api/persons', {
      idNumber,
      name: '陈小梅',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      residenceAddress: '梅堰路88号3幢201室',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-09-01',
      phone: '13700004321',
    });
    expect(created.status).toBe(201);
    const id = (created.json as { person: { id: string } }).person.id;
    expect((await apiFromPage(staff(), 'GET', `/api/persons/${id}`)).status).toBe(200);
  });

  it('the resident signs in with the code from the log and consents', async () => {
    await phone().goto(`${baseURL}/portal`);
    await phone().getByTestId('portal-id').fill(idNumber);
    await shot(phone(), 'portal-sign-in');
    await phone().getByTestId('portal-get-code').click();
    await phone().getByTestId('portal-code-sent').waitFor();
    await phone()
      .getByTestId('portal-code')
      .fill(await smsCodeFromLog(serverLog, '4321'));
    await phone().getByTestId('portal-sign-in').click();
    await phone().getByTestId('portal-consent').waitFor();
    await shot(phone(), 'portal-consent');
    await phone().getByTestId('consent-terms').click();
    await phone().getByTestId('consent-health').click();
    await phone().getByTestId('consent-continue').click();
    await phone().getByTestId('portal-record').waitFor();
    await expect.poll(() => phone().getByTestId('portal-record').textContent()).toContain('陈小梅');
    await shot(phone(), 'portal-record');
  });

  it('the resident sees who accessed the record, by office and role', async () => {
    await phone().getByRole('tab', { name: '谁看过' }).click();
    const log = phone().getByTestId('portal-access-log');
    await expect.poll(() => log.textContent()).toContain('村（居）专职管理员');
    expect(await log.textContent()).not.toContain('village');
    await shot(phone(), 'portal-access-log');
  });

  it('the resident applies for a certificate', async () => {
    await phone().getByRole('tab', { name: '证明' }).click();
    await phone().getByText('临时证明（居住地开具）').click();
    await phone().getByTestId('apply-submit').click();
    await phone().getByTestId('portal-application').first().waitFor();
    expect(await phone().getByTestId('portal-application').first().textContent()).toContain('办理中');
  });

  it('the resident files a complaint', async () => {
    await phone().getByRole('tab', { name: '咨询投诉' }).click();
    await phone()
      .locator('label', { has: phone().getByTestId('complaint-type-complaint') })
      .click();
    await phone().getByTestId('complaint-subject').fill(subject);
    await phone().getByTestId('complaint-body').fill('打了两次电话都没人接，<b>希望</b>尽快安排。');
    await phone().getByTestId('complaint-submit').click();
    await phone().getByTestId('portal-complaint').first().waitFor();
    const text = await phone().getByTestId('portal-complaint').first().textContent();
    expect(text).toContain('<b>希望</b>');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    await phone()
      .locator('[data-testid="portal-complaint"] input[type=file]')
      .first()
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => phone().getByTestId('portal-complaint').first().textContent()).toContain('photo.png');
    await shot(phone(), 'portal-complaint');
  });

  it('the resident submits a birth registration with the pledge', async () => {
    await phone().getByRole('tab', { name: '证明' }).click();
    const card = phone().getByTestId('portal-birth-registration');
    await card.getByTestId('birth-date').fill('2026-11-02');
    await card.getByText('女', { exact: true }).click();
    await card.getByTestId('birth-pledge').click();
    await card.getByTestId('birth-submit').click();
    await card.getByTestId('portal-birth').first().waitFor();
    expect(await card.getByTestId('portal-birth').first().textContent()).toContain('审核中');
    await card.getByTestId('portal-birth').first().scrollIntoViewIfNeeded();
    await shot(phone(), 'portal-birth-registration');
  });

  it('staff answer the complaint and the township issues the certificate', async () => {
    await staff().goto(`${baseURL}/complaints`);
    await staff().getByTestId('staff-complaint-subject').filter({ hasText: subject }).first().click();
    await staff().getByText('photo.png').waitFor();
    await staff().setViewportSize({ width: 1440, height: 900 });
    await shot(staff(), 'staff-complaints');
    await staff().getByTestId('staff-reply').fill('已为您预约12月5日上午9点，地点：甬江街道社区卫生服务中心。');
    await staff().getByTestId('staff-send-reply').click();
    // The reply is final, so the console asks once (issue 21 part 4).
    await staff().locator('#reply-confirm-ok').click();
    await staff().getByText('已答复').first().waitFor();
    const township = await newPage(chromium.browser());
    await login(township, baseURL, 'township');
    await township.goto(`${baseURL}/certificates`);
    await township.getByTestId('application-issue').first().click();
    await township.getByTestId('certificate-applications').waitFor({ state: 'detached' });
    // The township registers the resident's birth registration (it reaches the household-registration place
    // through the exchange); the resident then sees its number and QR code.
    const births = await apiFromPage(township, 'GET', '/api/birth-registrations?status=submitted');
    const mine = (births.json as { items: { id: string; personName: string }[] }).items.find(
      (b) => b.personName === '陈小梅',
    );
    expect(mine).toBeDefined();
    const registered = await apiFromPage(township, 'POST', `/api/birth-registrations/${mine?.id}/transitions`, {
      action: 'register',
    });
    expect(registered.status).toBe(200);
    await township.close();
  });

  it('the resident sees the reply and the certificate with its QR code', async () => {
    await phone().reload();
    await phone().getByRole('tab', { name: '咨询投诉' }).click();
    await phone().getByTestId('portal-complaint-reply').first().waitFor();
    expect(await phone().getByTestId('portal-complaint-reply').first().textContent()).toContain('12月5日');
    await shot(phone(), 'portal-reply');
    await phone().getByRole('tab', { name: '证明' }).click();
    await phone().getByTestId('portal-certificate').first().waitFor();
    expect(await phone().locator('[data-testid="portal-certificate"] img').count()).toBe(1);
    await shot(phone(), 'portal-certificate');
    const birth = phone().getByTestId('portal-birth').first();
    await expect.poll(() => birth.textContent()).toContain('已登记');
    expect(await birth.locator('img').count()).toBe(1);
    await birth.scrollIntoViewIfNeeded();
    await shot(phone(), 'portal-birth-registered');
  });
});
