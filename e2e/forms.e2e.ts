/**
 * Issue 21 part 6, forms: a service saved with a double click makes one record and the form clears; a person in
 * their own home shows no 房东, on the page or in the form.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, pickSelectOption, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

describe.sequential('forms', () => {
  const { page } = useBrowser();

  it('a double-clicked save records one service and clears the form', async () => {
    const village = page();
    await login(village, baseURL, 'village');
    const created = await apiFromPage(village, 'POST', '/api/persons', {
      idNumber: makeIdNumber('341221', '19940707', 'F'),
      name: '双击测试',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-10-01',
    });
    expect(created.status).toBe(201);
    const personId = (created.json as { person: { id: string } }).person.id;
    await village.goto(`${baseURL}/services?personId=${personId}`);
    await village.getByTestId('service-person').filter({ hasText: '双击测试' }).waitFor();
    await village.getByText('未见异常').click();
    await village.locator('#service_notes').fill('双击保存');
    await village.getByTestId('service-save').dblclick();
    await village.getByTestId('service-list').locator('tbody tr', { hasText: '生殖健康检查' }).waitFor();
    await expect.poll(() => village.locator('#service_notes').inputValue()).toBe('');
    expect(await village.getByRole('radio', { name: '未见异常' }).isChecked()).toBe(false);
    await screenshot(village, 'forms-service-double-click');
    const services = await apiFromPage(village, 'GET', `/api/persons/${personId}/services`);
    expect((services.json as { items: unknown[] }).items).toHaveLength(1);
  });

  it('a person in their own home shows no 房东; choosing 租住 in the form shows it', async () => {
    const village = page();
    const created = await apiFromPage(village, 'POST', '/api/persons', {
      idNumber: makeIdNumber('341221', '19880808', 'M'),
      name: '自有住房',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'unmarried',
      arrivedOn: '2026-10-01',
      housingType: 'own',
    });
    expect(created.status).toBe(201);
    const id = (created.json as { person: { id: string } }).person.id;
    await village.goto(`${baseURL}/persons/${id}`);
    await village.getByText('自有住房').first().waitFor();
    expect(await village.locator('.ant-descriptions-item-label', { hasText: /^房东$/ }).count()).toBe(0);
    await village.getByTestId('linked-employer').waitFor();
    expect(await village.getByTestId('linked-landlord').count()).toBe(0);
    await village.goto(`${baseURL}/persons/${id}/edit`);
    await village.locator('#person_housingType').waitFor();
    expect(await village.getByTestId('person-landlord').count()).toBe(0);
    await screenshot(village, 'forms-own-home-no-landlord');
    await pickSelectOption(village, 'person_housingType', '租住');
    await village.getByTestId('person-landlord').waitFor();
  });

  it('a bad landlord for an own home from the API is refused naming 房东', async () => {
    const village = page();
    const res = await apiFromPage(village, 'POST', '/api/persons', {
      idNumber: makeIdNumber('341221', '19880809', 'M'),
      name: '自有房东',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'unmarried',
      housingType: 'own',
      landlord: '王房东',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toContain('房东');
  });
});
