/**
 * Services end to end (issue 4): the village manager records a check-up and dispenses supplies to a
 * consenting person; the township officer reviews a birth registration through "more information needed"
 * to "registered"; the person's timeline shows all of it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, newPage, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

describe.sequential('services, supply and birth registration', () => {
  const { browser, page } = useBrowser();
  let township: Page;
  let personId = '';
  const name = '服务测试';

  it('village records a check-up for a newly arrived woman', async () => {
    const village = page();
    await login(village, baseURL, 'village');
    const created = await apiFromPage(village, 'POST', '/api/persons', {
      idNumber: makeIdNumber('341221', '19930405', 'F'),
      name,
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-10-01',
    });
    expect(created.status).toBe(201);
    personId = (created.json as { person: { id: string } }).person.id;

    await village.goto(`${baseURL}/persons/${personId}`);
    await village.getByTestId('tab-timeline').click();
    await village.getByTestId('timeline-record-service').click();
    await village.getByTestId('service-person').filter({ hasText: name }).waitFor();
    await village.getByText('未见异常').click();
    await screenshot(village, 'services-record');
    await village.getByTestId('service-save').click();
    await village.getByTestId('service-list').locator('tbody tr', { hasText: '生殖健康检查' }).waitFor();
    expect(await village.getByTestId('service-list').textContent()).toContain('已提供');
  });

  it('village dispenses supplies to the person, who consents, at the community point', async () => {
    const village = page();
    await village.goto(`${baseURL}/persons/${personId}`);
    await village.getByTestId('tab-timeline').click();
    await village.getByTestId('timeline-dispense').click();
    await village.getByTestId('points-table').locator('tbody tr', { hasText: '梅堰社区计生服务室' }).click();
    const panel = village.getByTestId('point-panel');
    await panel.waitFor();
    await village.getByTestId('movement-quantity').fill('3');
    await village.getByTestId('movement-consent').click();
    await village.getByTestId('movement-save').click();
    await village.getByTestId('ledger').locator('tbody tr', { hasText: '实名' }).first().waitFor();
    await screenshot(village, 'services-supplies');
    // Dispensing more than the stock holds is refused with the field named.
    await village.getByTestId('movement-quantity').fill('100000');
    await village.getByTestId('movement-consent').click();
    await village.getByTestId('movement-save').click();
    expect(await village.getByTestId('movement-error').textContent()).toContain('数量');
  });

  it('township reviews a birth registration through "more information needed" to "registered"', async () => {
    const village = page();
    const submitted = await apiFromPage(village, 'POST', '/api/birth-registrations', {
      personId,
      placeBasis: 'residence',
      childOrder: 1,
      childBornOn: '2026-11-10',
      childSex: 'F',
      pledge: true,
    });
    expect(submitted.status).toBe(201);

    township = await newPage(browser());
    await login(township, baseURL, 'township');
    await township.goto(`${baseURL}/birth-registrations`);
    await township.getByTestId('births-table').locator('tbody tr', { hasText: name }).first().click();
    const detail = township.getByTestId('birth-detail');
    await detail.getByTestId('birth-status-submitted').waitFor();
    await township.getByTestId('birth-note').fill('请补充户口簿本人页，或签署承诺书代替');
    await township.getByTestId('birth-action-request_info').click();
    await detail.getByTestId('birth-status-needs_info').waitFor();
    expect(await detail.getByTestId('birth-message').textContent()).toContain('户口簿');
    await township.getByTestId('birth-action-resubmit').click();
    await detail.getByTestId('birth-status-submitted').waitFor();
    await township.getByTestId('birth-action-register').click();
    await detail.getByTestId('birth-status-registered').waitFor();
    await detail.getByTestId('birth-qr').waitFor();
    await screenshot(township, 'services-birth-registered');
  });

  it('the person timeline shows the check-up, the supplies and the registration', async () => {
    await township.goto(`${baseURL}/persons/${personId}`);
    await township.getByTestId('tab-timeline').click();
    const timeline = township.getByTestId('person-timeline');
    await timeline.getByTestId('timeline-service').first().waitFor();
    await timeline.getByTestId('timeline-supply').first().waitFor();
    await timeline.getByTestId('timeline-birth_registration').first().waitFor();
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('生殖健康检查');
    expect(text).toContain('避孕套 3只');
    expect(text).toContain('已登记');
    await screenshot(township, 'services-timeline');
  });

  it('a provider records a check-up for a person referred to their facility, seeing only what it needs', async () => {
    const provider = await newPage(browser());
    await login(provider, baseURL, 'provider');
    await provider.goto(`${baseURL}/services`);
    const first = provider.locator('.ant-table-tbody tr', { hasText: '记录服务' }).first();
    await first.waitFor();
    await first.getByRole('button').click();
    await provider.getByTestId('service-person').waitFor();
    await screenshot(provider, 'services-provider');
    await provider.getByTestId('service-save').click();
    await provider.getByTestId('service-list').locator('tbody tr', { hasText: '生殖健康检查' }).first().waitFor();
    // No registry access for providers.
    const registry = await apiFromPage(provider, 'GET', '/api/persons?pageSize=1');
    expect(registry.status).toBe(403);
  });
});
