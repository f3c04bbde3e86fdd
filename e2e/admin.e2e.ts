/**
 * The admin pages (issue 23 part 3) in the browser: a county administrator creates an account and resets its
 * password, and the new user must change it at sign-in; a department key is created (shown once) and revoked;
 * the exchange status page opens. Runs its own server so the county administrator signs in with a password only.
 */
import { describe, expect, it } from 'vitest';
import { login, ownServer, pickSelectOption, screenshot, useBrowser } from './support.ts';

const serverUrl = ownServer('admin', {
  LIUDONG_DEMO_PERSONS: '200',
  LIUDONG_DEMO_ACTIVITY: 'off',
  LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
});

describe.sequential('admin pages', () => {
  const { page, browser } = useBrowser();
  const username = `e2e-${Date.now().toString(36)}`;

  it('creates a user, resets the password, and the user must change it at sign-in', async () => {
    const p = page();
    const base = serverUrl();
    await login(p, base, 'admin');
    await p.getByTestId('side-menu').getByText('用户管理').click();
    await p.getByTestId('users-table').waitFor();
    await p.getByTestId('user-new').click();
    await p.locator('#newUser_username').fill(username);
    await p.locator('#newUser_displayName').fill('测试专管员');
    await pickSelectOption(p, 'newUser_role', '村（居）专职管理员');
    await screenshot(p, 'admin-user-new');
    await p.locator('#new-user-ok').click();
    const created = (await p.getByTestId('secret-once').textContent())?.trim() ?? '';
    expect(created).toMatch(/^\S{14}$/);
    await screenshot(p, 'admin-user-created');
    await p.getByRole('button', { name: '关闭' }).click();

    const row = p.getByTestId('users-table').locator('tr', { hasText: username });
    await row.getByTestId('user-password-reset').click();
    await p.locator('#confirm-ok').click();
    const reset = p.getByTestId('secret-once');
    await reset.filter({ hasNotText: created }).waitFor();
    const temporary = (await reset.textContent())?.trim() ?? '';
    expect(temporary).not.toBe(created);
    await p.getByRole('button', { name: '关闭' }).click();
    await screenshot(p, 'admin-users');

    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const fresh = await context.newPage();
    await fresh.goto(`${base}/login`);
    await fresh.locator('#login_username').fill(username);
    await fresh.locator('#login_password').fill(temporary);
    await fresh.getByTestId('login-submit').click();
    await fresh.getByTestId('login-step-change_password').waitFor();
    await context.close();
  });

  it('creates a department key shown once, then revokes it', async () => {
    const p = page();
    await p.getByTestId('side-menu').getByText('部门接口密钥').click();
    await p.getByTestId('dept-keys-table').waitFor();
    await p.getByTestId('dept-key-new').click();
    await p.locator('#newKey_department').fill('江北区民政局');
    await p.locator('#new-key-ok').click();
    const secret = (await p.getByTestId('secret-once').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^ldk_/);
    await screenshot(p, 'admin-dept-key-created');
    await p.getByRole('button', { name: '关闭' }).click();

    const row = p.getByTestId('dept-keys-table').locator('tr', { hasText: secret.slice(0, 12) });
    await row.getByText('有效').waitFor();
    await row.getByTestId('dept-key-revoke').click();
    await p.getByTestId('reason-input').fill('部门更换系统');
    await p.locator('#reason-ok').click();
    await row.getByText('已吊销', { exact: false }).waitFor();
    expect(await p.getByTestId('dept-keys-table').textContent()).not.toContain(secret);
    await screenshot(p, 'admin-dept-keys');
  });

  it('opens the exchange status page', async () => {
    const p = page();
    await p.getByTestId('side-menu').getByText('交换状态').click();
    await p.getByTestId('status-dead-letters').waitFor();
    await p.getByTestId('status-no-peers').waitFor();
    await screenshot(p, 'admin-exchange-status');
  });
});
