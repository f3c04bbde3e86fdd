/**
 * Residence permits from public security (issue 26 part 6) in the browser: the county administrator grants a
 * department key the permit scope; public security submits two registrations with it; the village manager sees
 * them on the work list, confirms one (the person is registered) and marks the other not found with a reason.
 * Runs its own server so the county administrator signs in with a password only.
 */
import { describe, expect, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, ownServer, pickSelectOption, screenshot, useBrowser } from './support.ts';

const serverUrl = ownServer('permits', {
  LIUDONG_DEMO_PERSONS: '200',
  LIUDONG_DEMO_ACTIVITY: 'off',
  LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
});

describe.sequential('residence permits', () => {
  const { page, browser } = useBrowser();
  let key = '';
  const confirmId = makeIdNumber('341221', '19930405', 'F');
  const missingId = makeIdNumber('341221', '19900101', 'M');

  it('the county grants a department key the permit scope', async () => {
    const p = page();
    await login(p, serverUrl(), 'admin');
    await p.getByTestId('side-menu').getByText('部门接口密钥').click();
    await p.getByTestId('dept-keys-table').waitFor();
    await p.getByTestId('dept-key-new').click();
    await p.locator('#newKey_department').fill('江北区公安分局');
    await p.getByLabel('报送居住证登记').check();
    await p.locator('#new-key-ok').click();
    key = (await p.getByTestId('secret-once').textContent())?.trim() ?? '';
    expect(key).toMatch(/^ldk_/);
    // Escape closes the secret's dialog (antd spaces its button text, 关 闭, and the closing create dialog has an ×).
    await p.keyboard.press('Escape');
    const row = p.getByTestId('dept-keys-table').locator('tr', { hasText: key.slice(0, 12) });
    await row.getByText('报送居住证登记').waitFor();
  });

  it('public security submits registrations; a resubmission is stored once', async () => {
    const body = {
      registrations: [
        { idNumber: confirmId, name: '周敏', address: '江北区甬江街道梅堰社区民安路8号', registeredOn: '2026-11-02' },
        { idNumber: missingId, name: '吴强', address: '甬江街道梅堰社区', registeredOn: '2026-11-03' },
      ],
    };
    const send = () =>
      fetch(`${serverUrl()}/api/dept/residence-permits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(body),
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await (await send()).json()).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('the village manager confirms one from the work list: the person is registered', async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    p.setDefaultTimeout(20_000);
    await login(p, serverUrl(), 'village');
    await p.getByTestId('side-menu').getByText('工作提醒').click();
    await p.getByTestId('permits-banner').waitFor();
    await screenshot(p, 'permits-banner');
    await p.getByTestId('permits-banner').getByRole('button').click();
    await p.getByTestId('permits-page').waitFor();
    const row = p.locator('tr', { hasText: '周敏' });
    await row.getByText('未登记').waitFor();
    await row.getByTestId('permit-confirm').click();
    const search = p.locator('#permitConfirm_hukouDivision_search');
    await search.click();
    await search.pressSequentially('临泉', { delay: 30 });
    await p.locator('.ant-select-dropdown:visible .ant-select-item-option[title="安徽省阜阳市临泉县"]').click();
    await pickSelectOption(p, 'permitConfirm_maritalStatus', '初婚');
    await screenshot(p, 'permits-confirm');
    await p.locator('#permit-confirm-ok').click();
    await p.getByText('已登记 周敏').waitFor();
    await row.waitFor({ state: 'detached' });
    const found = await apiFromPage(p, 'GET', `/api/persons/lookup?idNumber=${confirmId}`);
    expect(found.status).toBe(200);
    expect((found.json as { person: { name: string } }).person.name).toBe('周敏');

    const other = p.locator('tr', { hasText: '吴强' });
    await other.getByTestId('permit-not-found').click();
    await p.getByTestId('reason-input').fill('上门核实无此人');
    await p.locator('#reason-ok').click();
    await other.waitFor({ state: 'detached' });
    await p.getByRole('tab', { name: /查无此人/ }).click();
    await p.locator('tr', { hasText: '上门核实无此人' }).waitFor();
    await screenshot(p, 'permits-not-found');
    await context.close();
  });
});
