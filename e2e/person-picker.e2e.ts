/**
 * Starting work from a person chosen by search, never by a full ID number (issue 21): the services page shows
 * the jurisdiction's recent services and records one via the picker; the certificates and birth-registration
 * pages pick their person the same way.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, pickPerson, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

interface Brief {
  id: string;
  name: string;
  idNumberMasked: string;
}

describe.sequential('the person picker', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();

  const people = async (filter: string) =>
    ((await apiFromPage(page(), 'GET', `/api/persons?${filter}`)).json as { items: Brief[] }).items;

  it('services page shows the recent services of the jurisdiction, with masked ID numbers', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/services`);
    const recent = page().getByTestId('recent-services');
    await recent.locator('tbody tr.ant-table-row').first().waitFor();
    const total = ((await apiFromPage(page(), 'GET', '/api/services')).json as { total: number }).total;
    expect(total).toBeGreaterThan(0);
    expect(await recent.locator('tbody tr.ant-table-row').count()).toBe(Math.min(total, 20));
    expect(await recent.locator('tbody tr.ant-table-row').first().textContent()).toMatch(/\*{4,}/);
    expect(await page().getByTestId('service-lookup').count()).toBe(0);
    await screenshot(page(), 'person-picker-recent-services');
  });

  it('records a service for a person picked by name', async () => {
    const [person] = await people('flow=inflow&sex=F&pageSize=1&page=7');
    if (!person) throw new Error('no inflow person in the demo');
    await pickPerson(page(), 'service-picker', person.name, person.idNumberMasked);
    await expect.poll(() => page().getByTestId('service-person').textContent()).toBe(person.name);
    await screenshot(page(), 'person-picker-service-form');
    await page().getByTestId('service-save').click();
    await page().locator('.ant-message').getByText('已保存').waitFor();
    await page().goto(`${baseURL}/services`);
    const first = page().getByTestId('recent-services').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => first.textContent()).toContain(person.name);
    expect(await first.textContent()).toContain(person.idNumberMasked);
  });

  it('certificates page issues for a person picked by name', async () => {
    // Someone living here without a certificate (the township issues a temporary one where people live); from the
    // end of the list, away from the people other e2e files use.
    const candidates = await people('flow=inflow&pageSize=50');
    let person: Brief | undefined;
    for (const p of candidates.reverse()) {
      const certs = await apiFromPage(page(), 'GET', `/api/persons/${p.id}/certificates`);
      if ((certs.json as { items: unknown[] }).items.length === 0) {
        person = p;
        break;
      }
    }
    if (!person) throw new Error('every inflow person already holds a certificate');
    await page().goto(`${baseURL}/certificates`);
    // Typed by hand once, to look at the options (name, masked ID number, residence).
    await page().getByTestId('cert-picker').click();
    await page().getByTestId('cert-picker').locator('input').pressSequentially(person.name, { delay: 20 });
    const option = page().locator('.ant-select-dropdown:visible [data-testid=person-picker-option]');
    await option.filter({ hasText: person.idNumberMasked }).first().waitFor();
    await screenshot(page(), 'person-picker-options');
    await option.filter({ hasText: person.idNumberMasked }).first().click();
    const card = page().getByTestId('cert-person');
    await expect.poll(() => card.locator('.ant-card-head-title').textContent()).toContain(person.idNumberMasked);
    await card.getByTestId('issue-temporary').click();
    await card.getByTestId('cert-status-valid').waitFor();
    await screenshot(page(), 'person-picker-certificates');
  });

  it('birth registration page registers for a person picked by search', async () => {
    const [person] = await people('flow=inflow&sex=F&maritalStatus=first_marriage&pageSize=1&page=3');
    if (!person) throw new Error('no married inflow woman in the demo');
    await page().goto(`${baseURL}/birth-registrations`);
    await page().getByTestId('birth-new').click();
    await pickPerson(page(), 'birth-picker', person.name, person.idNumberMasked);
    await page().getByText('预产期', { exact: true }).first().click();
    const expected = page().locator('#birth_expectedOn');
    const next = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await expected.fill(next);
    await expected.press('Tab');
    await screenshot(page(), 'person-picker-birth');
    await page().getByTestId('birth-submit').click();
    await expect
      .poll(async () => {
        const list = await apiFromPage(page(), 'GET', `/api/birth-registrations?personId=${person.id}`);
        return (list.json as { items: unknown[] }).items.length;
      })
      .toBeGreaterThan(0);
  });

  it('supplies are dispensed to a person picked by search, and refused without one', async () => {
    const [person] = await people('flow=inflow&pageSize=1&page=11');
    if (!person) throw new Error('no inflow person in the demo');
    await page().goto(`${baseURL}/supplies`);
    await page().getByTestId('points-table').locator('tbody tr.ant-table-row').first().click();
    await page().getByTestId('point-panel').waitFor();
    await page().getByText('按人发放（须本人同意）').click();
    await page().getByTestId('movement-quantity').fill('1');
    await page().getByTestId('movement-consent').click();
    await page().getByTestId('movement-save').click();
    expect(await page().getByTestId('movement-error').textContent()).toContain('请先选择人员');
    await pickPerson(page(), 'supply-picker', person.name, person.idNumberMasked);
    await page().getByTestId('movement-save').click();
    await page().getByTestId('ledger').locator('tbody tr', { hasText: '实名' }).first().waitFor();
    await screenshot(page(), 'person-picker-supplies');
  });
});
