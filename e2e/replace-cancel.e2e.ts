/**
 * Issue 21 part 4 beyond certificates: withdrawing a birth registration asks for the reason in a confirmation
 * naming the registration (cancelling changes nothing), and a second registration for the same person stops at
 * a confirmation naming the first; confirming with a reason withdraws the first.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

interface Registration {
  id: string;
  number: string;
  status: string;
  message: string | null;
}

describe.sequential('no silent cancel or replace: birth registrations', () => {
  const { page } = useBrowser();
  let personId = '';
  let first: Registration;

  const registration = async (id: string) =>
    (await apiFromPage(page(), 'GET', `/api/birth-registrations/${id}`)).json as { registration: Registration };

  it('withdrawing asks for a reason, naming the registration; cancelling changes nothing', async () => {
    await login(page(), baseURL, 'township');
    const created = await apiFromPage(page(), 'POST', '/api/persons', {
      idNumber: makeIdNumber('341221', '19920303', 'F'),
      name: '撤回测试',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-10-01',
    });
    expect(created.status).toBe(201);
    personId = (created.json as { person: { id: string } }).person.id;
    const submitted = await apiFromPage(page(), 'POST', '/api/birth-registrations', {
      personId,
      placeBasis: 'residence',
      childOrder: 1,
      childBornOn: '2026-11-10',
      pledge: true,
    });
    expect(submitted.status).toBe(201);
    first = (submitted.json as { registration: Registration }).registration;

    await page().goto(`${baseURL}/birth-registrations?id=${first.id}`);
    const detail = page().getByTestId('birth-detail');
    await detail.getByTestId('birth-status-submitted').waitFor();
    await page().getByTestId('birth-action-withdraw').click();
    const description = page().getByTestId('reason-description');
    await description.waitFor();
    expect(await description.textContent()).toContain(first.number);
    expect(await page().locator('#reason-ok').isDisabled()).toBe(true);
    await screenshot(page(), 'birth-withdraw-confirm');
    await page().locator('#reason-cancel').click();
    await description.waitFor({ state: 'hidden' });
    expect((await registration(first.id)).registration.status).toBe('submitted');
  });

  it('confirming with a reason withdraws it and shows the reason', async () => {
    await page().getByTestId('birth-action-withdraw').click();
    await page().getByTestId('reason-input').fill('申请人回户籍地办理');
    await page().locator('#reason-ok').click();
    const detail = page().getByTestId('birth-detail');
    await detail.getByTestId('birth-status-withdrawn').waitFor();
    expect(await detail.getByTestId('birth-message').textContent()).toContain('申请人回户籍地办理');
    await screenshot(page(), 'birth-withdrawn-reason');
  });

  it('a second registration for the same person names the open one and replaces it only when confirmed', async () => {
    const again = await apiFromPage(page(), 'POST', '/api/birth-registrations', {
      personId,
      placeBasis: 'residence',
      childOrder: 1,
      childBornOn: '2026-11-10',
      pledge: true,
    });
    expect(again.status).toBe(201);
    const open = (again.json as { registration: Registration }).registration;

    await page().goto(`${baseURL}/birth-registrations?personId=${personId}`);
    const date = page().locator('#birth_childBornOn');
    await date.fill('2026-11-12');
    await date.press('Tab');
    await page().getByTestId('birth-submit').click();
    const description = page().getByTestId('reason-description');
    await description.waitFor();
    expect(await description.textContent()).toContain(open.number);
    await screenshot(page(), 'birth-exists-confirm');
    await page().locator('#reason-cancel').click();
    await description.waitFor({ state: 'hidden' });
    expect((await registration(open.id)).registration.status).toBe('submitted');

    await page().getByTestId('birth-submit').click();
    await description.waitFor();
    await page().getByTestId('reason-input').fill('出生日期登记有误需重新登记');
    await page().locator('#reason-ok').click();
    await description.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await registration(open.id)).registration.status).toBe('withdrawn');
    expect((await registration(open.id)).registration.message).toBe('出生日期登记有误需重新登记');
  });
});
