/**
 * Information exchange in the console: the township's inbox shows the demo inquiries awaiting an answer,
 * an answer is sent from the reply dialog, the outbox shows the inflow notifications with their case thread
 * (paired automatically at the origin township inside this deployment), and the indicators table.
 */
import { describe, expect, inject, it } from 'vitest';
import { login, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

describe.sequential('exchange', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();

  it('lists inquiries awaiting the township and sends an answer', async () => {
    await login(page(), baseURL, 'township');
    await page().getByTestId('side-menu').getByText('信息交换').click();
    await page().getByTestId('exchange-page').waitFor();
    const inbox = page().getByTestId('inbox-table');
    const replyButtons = inbox.locator('[data-testid^="reply-"]');
    await replyButtons.first().waitFor();
    const before = await replyButtons.count();
    expect(before).toBeGreaterThan(0);
    await expect(inbox.getByText('已逾期').count()).resolves.toBeGreaterThan(0);
    await screenshot(page(), 'exchange-inbox');

    await replyButtons.first().click();
    await page().getByTestId('reply-text').fill('经核查，该人员不在本辖区居住。');
    await page().locator('.ant-modal-footer .ant-btn-primary').click();
    await page().getByText('已发送答复').waitFor();
    await expect.poll(() => replyButtons.count()).toBe(before - 1);
  });

  it('shows the outbox and the thread of a paired case', async () => {
    await page().getByRole('tab', { name: '发件箱' }).click();
    const outbox = page().getByTestId('outbox-table');
    await outbox.locator('tbody tr.ant-table-row').first().waitFor();
    await expect(outbox.getByText('流入登记').count()).resolves.toBeGreaterThan(0);
    await outbox.locator('tbody tr.ant-table-row', { hasText: '流入登记' }).first().click();
    const drawer = page().getByTestId('case-drawer');
    await drawer.getByTestId('case-state-residence').waitFor();
    await expect(drawer.getByTestId('case-state-residence').textContent()).resolves.toBe('已登记流入');
    await expect(drawer.getByTestId('thread-message').count()).resolves.toBeGreaterThanOrEqual(2);
    await screenshot(page(), 'exchange-case-thread');
    await page().keyboard.press('Escape');
  });

  it('shows sent, received, on-time feedback and pairing rates', async () => {
    await page().getByRole('tab', { name: '交换指标' }).click();
    const rates = page().getByTestId('rates-table');
    await rates.getByText('合计').waitFor();
    await expect(rates.locator('.ant-progress').count()).resolves.toBeGreaterThan(0);
    await screenshot(page(), 'exchange-rates');
  });

  it('an inbox case shows labelled facts and the same time as its inbox row', async () => {
    await page().getByRole('tab', { name: '收件箱' }).click();
    const row = page().getByTestId('inbox-table').locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    const rowTime = ((await row.textContent()) ?? '').match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)?.[0];
    expect(rowTime).toBeTruthy();
    await row.click();
    const drawer = page().getByTestId('case-drawer');
    const message = drawer.getByTestId('thread-message').filter({ hasText: rowTime as string });
    await message.first().waitFor();
    const facts = (await message.first().getByTestId('thread-facts').textContent()) ?? '';
    expect(facts).toContain('内容');
    expect(facts).not.toMatch(/\b(name|text):/);
    await screenshot(page(), 'exchange-inbox-case');
    await page().keyboard.press('Escape');
  });
});
