/**
 * The console end to end, in order: a village manager registers a person, finds, edits and inspects them;
 * stale edits are refused; another township cannot see the record. Tests share the created person.
 */
import { describe, expect, inject, it } from 'vitest';
import {
  apiFromPage,
  fieldError,
  fillPersonForm,
  login,
  makeIdNumber,
  newPage,
  screenshot,
  useBrowser,
  withWrongCheck,
} from './support';

const baseURL = inject('baseURL');

const person = {
  // 欧阳晓薇 → pinyin initials oyxw; household registration in 临泉县 (341221), a woman born 1994.
  name: '欧阳晓薇',
  initials: 'oyxw',
  idNumber: makeIdNumber('341221', `1994${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}15`, 'F'),
  phone: '13812345678',
  newPhone: '13987654321',
  id: '',
};

describe.sequential('web console', () => {
  const { page, browser } = useBrowser();

  it('logs in as the village manager', async () => {
    await page().goto(`${baseURL}/persons`);
    await page().waitForURL('**/login');
    await page().locator('#login_username').fill('village');
    await page().locator('#login_password').fill('wrong-password');
    await page().getByTestId('login-submit').click();
    await expect.poll(() => page().getByTestId('login-error').textContent()).toBeTruthy();

    await login(page(), baseURL, 'village');
    expect(await page().getByTestId('user-name').textContent()).toContain('梅堰社区');
    expect(await page().getByTestId('user-role').textContent()).toBe('村（居）专职管理员');
    expect(await page().getByTestId('user-division').textContent()).toBe('浙江省宁波市江北区甬江街道梅堰社区');
  });

  it('shows an invalid ID number error beside the 身份证号 field', async () => {
    await page().goto(`${baseURL}/persons/new`);
    await fillPersonForm(page(), {
      idNumber: withWrongCheck(person.idNumber),
      name: person.name,
      phone: person.phone,
      marital: '未婚',
    });
    await page().getByTestId('person-submit').click();
    const error = fieldError(page(), '#person_idNumber');
    await error.first().waitFor();
    expect(await error.first().textContent()).toMatch(/校验/);
    expect(page().url()).toContain('/persons/new');
    // Nothing else is blamed on other fields.
    expect(await fieldError(page(), '#person_name').count()).toBe(0);
  });

  it('registers a person through the form', async () => {
    await page().goto(`${baseURL}/persons/new`);
    await fillPersonForm(page(), {
      idNumber: person.idNumber,
      name: person.name,
      phone: person.phone,
      marital: '初婚',
    });
    await page().getByTestId('person-submit').click();
    await page().waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    person.id = page().url().split('/').pop() ?? '';
    expect(await page().getByTestId('person-details').textContent()).toContain('2026-03-01');
    expect(await page().getByTestId('person-name').textContent()).toBe(person.name);
    const flow = await page().getByTestId('flow-tag').first().textContent();
    expect(flow).toBe('流入');
    const details = (await page().getByTestId('person-details').textContent()) ?? '';
    expect(details).toContain('安徽省阜阳市临泉县杨桥镇');
    expect(details).toContain('浙江省宁波市江北区甬江街道梅堰社区');
    expect(details).toContain('341221********');
  });

  it('finds the person in the list by pinyin initials', async () => {
    await page().goto(`${baseURL}/persons`);
    await page().locator('#filter-q').fill(person.initials);
    await page().waitForURL(/q=oyxw/);
    const row = page().getByTestId('person-row').filter({ hasText: person.name });
    await row.waitFor();
    // The previous page stays visible while the filtered one loads.
    await expect.poll(() => page().getByTestId('person-row').count()).toBe(1);
    expect(await row.textContent()).toContain('流入');
    await screenshot(page(), 'person-list');
    await row.click();
    await page().waitForURL(`**/persons/${person.id}`);
  });

  it('edits the phone number', async () => {
    await page().goto(`${baseURL}/persons/${person.id}`);
    await page().getByTestId('edit-person').click();
    await page().waitForURL(`**/persons/${person.id}/edit`);
    const phone = page().locator('#person_phone');
    await expect.poll(() => phone.inputValue()).toBe(person.phone);
    await phone.fill(person.newPhone);
    await page().getByTestId('person-submit').click();
    await page().waitForURL(`**/persons/${person.id}`);
    await expect.poll(() => page().getByTestId('person-phone').textContent()).toBe(person.newPhone);
  });

  it('shows the change in 变更历史 and the visits in 访问记录', async () => {
    await page().goto(`${baseURL}/persons/${person.id}`);
    await page().getByRole('tab', { name: '变更历史' }).click();
    const change = page().locator('[data-testid=history-changes] tr[data-field=phone]');
    await change.waitFor();
    expect(await change.locator('td').first().textContent()).toBe('联系电话');
    // History shows who changed what; the phone itself is masked there (stored encrypted on the person).
    const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    expect(await change.locator('.change-from').textContent()).toBe(masked(person.phone));
    expect(await change.locator('.change-to').textContent()).toBe(masked(person.newPhone));
    expect(await page().getByTestId('history-entry').count()).toBe(2);

    await page().getByRole('tab', { name: '访问记录' }).click();
    const log = page().getByTestId('access-log');
    await log.locator('tbody tr', { hasText: '修改信息' }).first().waitFor();
    const text = (await log.textContent()) ?? '';
    expect(text).toContain('新建登记');
    expect(text).toContain('查看详情');
    expect(text).toContain('梅堰社区专职管理员');
    await screenshot(page(), 'person-page');
  });

  it('refuses a PATCH with a stale version (409 VERSION_CONFLICT)', async () => {
    const result = await apiFromPage(page(), 'PATCH', `/api/persons/${person.id}`, {
      version: 1,
      phone: '13700000000',
    });
    expect(result.status).toBe(409);
    const body = result.json as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VERSION_CONFLICT');
    expect(body.error.message).toBe('记录已被他人修改，请刷新后重试');
  });

  it('shows the conflict message when the form was opened before someone else saved', async () => {
    await page().goto(`${baseURL}/persons/${person.id}/edit`);
    await expect.poll(() => page().locator('#person_phone').inputValue()).toBe(person.newPhone);

    // Meanwhile, a second tab saves a change.
    const other = await page().context().newPage();
    await other.goto(`${baseURL}/persons/${person.id}/edit`);
    await expect.poll(() => other.locator('#person_phone').inputValue()).toBe(person.newPhone);
    await other.locator('#person_employer').fill('宁波某某电子有限公司');
    await other.getByTestId('person-submit').click();
    await other.waitForURL(`**/persons/${person.id}`);
    await other.close();

    await page().locator('#person_phone').fill('13600000000');
    await page().getByTestId('person-submit').click();
    const conflict = page().getByTestId('version-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('记录已被他人修改，请刷新后重试');

    await page().getByTestId('conflict-reload').click();
    await expect.poll(() => page().locator('#person_employer').inputValue()).toBe('宁波某某电子有限公司');
    expect(await page().getByTestId('version-conflict').count()).toBe(0);
  });

  it('switches to English, and the API answers in English too', async () => {
    const visitor = await newPage(browser());
    try {
      await visitor.goto(`${baseURL}/login`);
      await visitor.getByTestId('lang-switch').getByText('EN').click();
      await expect.poll(() => visitor.getByTestId('login-submit').textContent()).toBe('Sign in');
      const cookies = await visitor.context().cookies();
      expect(cookies.find((cookie) => cookie.name === 'lang')?.value).toBe('en');
      await visitor.locator('#login_username').fill('dept');
      await visitor.locator('#login_password').fill('not-the-password');
      await visitor.getByTestId('login-submit').click();
      await expect.poll(() => visitor.getByTestId('login-error').textContent()).toBe('Wrong username or password');
    } finally {
      await visitor.context().close();
    }
  });

  it('lists the people behind a work-list count and opens one', async () => {
    await page().goto(`${baseURL}/worklists`);
    await page().getByTestId('worklist-card').getByText('已婚妇女1个月内首次体检').click();
    const list = page().getByTestId('worklist-items');
    await expect.poll(() => list.locator('tbody tr a').count()).toBeGreaterThan(0);
    // The unfiltered list can show first (CI saw it under load): wait for the one the click asked for.
    const cells = list.locator('tbody tr td:first-child');
    await expect.poll(async () => [...new Set(await cells.allTextContents())]).toEqual(['已婚妇女1个月内首次体检']);
    const kinds = await cells.allTextContents();
    const api = await apiFromPage(page(), 'GET', '/api/worklists/items?kind=first_checkup&status=overdue&pageSize=1');
    expect(kinds.length).toBe(Math.min(20, (api.json as { total: number }).total));
    await list.locator('tbody tr a').first().click();
    await page().waitForURL(/\/persons\/[0-9a-f-]{36}$/);
    await page().getByTestId('person-name').waitFor();
  });

  it('hides the person from another township (404 未找到)', async () => {
    const stranger = await newPage(browser());
    try {
      await login(stranger, baseURL, 'township2');
      expect(await stranger.getByTestId('user-division').textContent()).toContain('孔浦街道');
      await stranger.goto(`${baseURL}/persons/${person.id}`);
      const notFound = stranger.getByTestId('not-found');
      await notFound.waitFor();
      expect(await notFound.textContent()).toContain('未找到');
      const api = await apiFromPage(stranger, 'GET', `/api/persons/${person.id}`);
      expect(api.status).toBe(404);
    } finally {
      await stranger.context().close();
    }
  });
});
