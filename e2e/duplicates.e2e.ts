/**
 * The 疑似重复 queue (issue 24) in the browser: the background pass finds two pairs registered in two townships;
 * the county administrator compares one side by side and marks it not the same person (it moves to 已处理); the
 * village manager, who sees only their own record of the other pair, refers it to the other office. Merging is
 * issue 24 part 3's browser test. Runs its own server with a pass every two seconds.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiFromPage, checkCharacter, login, makeIdNumber, ownServer, screenshot, useBrowser } from './support.ts';

const serverUrl = ownServer('duplicates', {
  LIUDONG_DEMO_PERSONS: '200',
  LIUDONG_DEMO_ACTIVITY: 'off',
  LIUDONG_MFA_REQUIRED_ROLES: 'auditor',
  LIUDONG_DUPLICATE_PASS_SECONDS: '2',
});

/** The same number with its 17th digit changed by two (same sex) and the check character recomputed. */
function mistyped(id: string): string {
  const first17 = id.slice(0, 16) + String((Number(id[16]) + 2) % 10);
  return first17 + checkCharacter(first17);
}

async function register(p: Page, name: string, idNumber: string, residenceDivision: string) {
  const res = await apiFromPage(p, 'POST', '/api/persons', {
    idNumber,
    name,
    hukouDivision: '341221000000',
    residenceDivision,
    maritalStatus: 'unmarried',
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}

async function waitForPairs(p: Page, names: string[]) {
  for (let i = 0; i < 60; i++) {
    const res = await apiFromPage(p, 'GET', '/api/duplicates?pageSize=100');
    const text = JSON.stringify(res.json);
    if (names.every((n) => text.includes(n))) return;
    await p.waitForTimeout(1000);
  }
  throw new Error(`the pass did not find ${names.join(', ')}`);
}

describe.sequential('duplicate review queue', () => {
  const { page, browser } = useBrowser();

  it('shows a pair side by side and marks it not the same person', async () => {
    const p = page();
    const base = serverUrl();
    await login(p, base, 'admin');
    const first = makeIdNumber('341221', '19800303', 'M');
    await register(p, '欧阳明华', first, '330205005003');
    await register(p, '欧阳铭华', mistyped(first), '330205003000');
    const second = makeIdNumber('341221', '19870909', 'M');
    await register(p, '司徒建国', second, '330205005003');
    await register(p, '司徒健国', mistyped(second), '330205003000');
    await waitForPairs(p, ['欧阳铭华', '司徒健国']);

    await p.getByTestId('side-menu').getByText('疑似重复').click();
    const card = p.getByTestId('duplicate-pair').filter({ hasText: '欧阳铭华' });
    await card.getByText('拼音相同').waitFor();
    await screenshot(p, 'duplicates-queue');
    await card.getByTestId('not-duplicate').click();
    await p.locator('#not-duplicate-ok').click();
    await card.waitFor({ state: 'detached' });
    await p.getByRole('tab', { name: '已处理' }).click();
    await p.getByTestId('duplicate-pair').filter({ hasText: '欧阳铭华' }).getByText('不是同一人').first().waitFor();
  });

  it('lets the village manager refer a pair whose other record is elsewhere', async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    p.setDefaultTimeout(20_000);
    await login(p, serverUrl(), 'village');
    await p.getByTestId('side-menu').getByText('疑似重复').click();
    const card = p.getByTestId('duplicate-pair').filter({ hasText: '司徒建国' });
    await card.getByText('司***').waitFor();
    expect(await card.getByText('司徒健国').count()).toBe(0);
    await card.getByTestId('refer').click();
    await p.locator('#refer-ok').click();
    await card.getByText('已转交').first().waitFor();
    await screenshot(p, 'duplicates-referred');
    await context.close();
  });
});
