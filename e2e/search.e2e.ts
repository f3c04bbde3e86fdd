/**
 * The person list's search as an officer types it: Enter right after typing keeps what was typed, ü can be typed
 * as v, u or ü, and the query stays in the URL so back and reload bring it back.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, useBrowser } from './support';

const baseURL = inject('baseURL');
const NAME = '吕静燕';

/** Names in the list once it has settled (the debounce has long passed and no request is in flight). */
async function settledNames(page: Page): Promise<string[]> {
  await page.waitForTimeout(800);
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await page.getByTestId('person-row').first().waitFor();
  return page.getByTestId('person-row').locator('.person-name-link').allTextContents();
}

describe.sequential('person search', () => {
  const { page } = useBrowser();

  it('registers 吕静燕 in the village', async () => {
    await login(page(), baseURL, 'village');
    const res = await apiFromPage(page(), 'POST', '/api/persons', {
      idNumber: makeIdNumber('341222', '19920304', 'F'),
      name: NAME,
      hukouDivision: '341222000000',
      residenceDivision: '330205005003',
      maritalStatus: 'unmarried',
    });
    expect(res.status).toBe(201);
  });

  for (const typed of ['lvjingyan', 'lujingyan', 'lüjingyan']) {
    it(`keeps “${typed}” when Enter follows the typing at once, and finds ${NAME}`, async () => {
      await page().goto(`${baseURL}/persons`);
      await page().getByTestId('person-row').first().waitFor();
      const box = page().locator('#filter-q');
      await box.fill(typed);
      await box.press('Enter');
      const names = await settledNames(page());
      expect(await box.inputValue()).toBe(typed);
      expect(new URL(page().url()).searchParams.get('q')).toBe(typed);
      expect(names).toContain(NAME);
      expect(names.every((n) => n.startsWith('吕') || n.startsWith('路') || n.startsWith('卢'))).toBe(true);
    });
  }

  it('brings the query back after opening a person and going back, and after a reload', async () => {
    await page().getByTestId('person-row').filter({ hasText: NAME }).first().click();
    await page().waitForURL(/\/persons\/[0-9a-f-]{36}/);
    await page().goBack();
    const box = page().locator('#filter-q');
    expect(await settledNames(page())).toContain(NAME);
    expect(await box.inputValue()).toBe('lüjingyan');
    await page().reload();
    expect(await settledNames(page())).toContain(NAME);
    expect(await box.inputValue()).toBe('lüjingyan');
  });
});
