/**
 * Stored XSS check: a person registered with HTML/script in every free-text field is shown as plain
 * text on the list and the person page, and no injected script runs.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, useBrowser } from './support';

const baseURL = inject('baseURL');
const PAYLOAD = '<img src=x onerror=window.__xss=1>';

describe.sequential('stored XSS', () => {
  const { page } = useBrowser();
  let id = '';

  it('stores hostile text as given', async () => {
    await login(page(), baseURL, 'village');
    const res = await apiFromPage(page(), 'POST', '/api/persons', {
      idNumber: makeIdNumber('341222', '19900303', 'F'),
      name: PAYLOAD,
      hukouDivision: '341222000000',
      residenceDivision: '330205005003',
      maritalStatus: 'unmarried',
      residenceAddress: `<script>window.__xss=2</script>${PAYLOAD}`,
      employer: '"><svg onload=window.__xss=3>',
    });
    expect(res.status).toBe(201);
    id = (res.json as { person: { id: string } }).person.id;
  });

  it('shows it as text on the person page without running it', async () => {
    await page().goto(`${baseURL}/persons/${id}`);
    await page().getByText(PAYLOAD, { exact: true }).first().waitFor();
    await page().waitForTimeout(500);
    expect(await page().evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page().locator('img[src="x"]').count()).toBe(0);
  });

  it('shows it as text in the list without running it', async () => {
    await page().goto(`${baseURL}/persons?q=${encodeURIComponent('<img')}`);
    await page().waitForTimeout(800);
    expect(await page().evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page().locator('img[src="x"]').count()).toBe(0);
  });
});
