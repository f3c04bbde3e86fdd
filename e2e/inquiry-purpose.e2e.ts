/**
 * Every inquiry has a lawful purpose (issue 26 part 8): the township sends a 协查 from a floating person's page with
 * the purpose picker (a referral needs the day the person agreed), and the outbox shows it with its purpose.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, pickSelectOption, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

describe.sequential('inquiry purpose', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();

  it('sends a referral inquiry with the purpose and the consent date', async () => {
    await login(page(), baseURL, 'township');
    const list = await apiFromPage(page(), 'GET', '/api/persons?flow=inflow&pageSize=5');
    const person = (list.json as { items: { id: string; name: string }[] }).items[0];
    expect(person).toBeDefined();
    await page().goto(`${baseURL}/persons/${person?.id}`);
    await page().getByTestId('open-inquiry').click();
    await page().getByTestId('inquiry-form').waitFor();
    // Without a purpose nothing is sent: the form names the field.
    await page().locator('#inquiry-send').click();
    await page().locator('.ant-form-item-explain-error', { hasText: '协查事由' }).first().waitFor();
    await pickSelectOption(page(), 'inquiry_purpose', '服务转介（本人同意）');
    const consent = page().locator('#inquiry_consentOn');
    await consent.fill(new Date().toISOString().slice(0, 10));
    await consent.press('Tab');
    await page().getByTestId('inquiry-note').fill('转介：该居民需要孕产期保健服务，请协助联系');
    await screenshot(page(), 'inquiry-purpose');
    await page().locator('#inquiry-send').click();
    await page().getByText('协查已发出').waitFor();

    await page().getByTestId('side-menu').getByText('信息交换').click();
    await page().getByRole('tab', { name: '发件箱' }).click();
    const outbox = page().getByTestId('outbox-table');
    await outbox.getByTestId('message-purpose').filter({ hasText: '服务转介（本人同意）' }).first().waitFor();
  });
});
