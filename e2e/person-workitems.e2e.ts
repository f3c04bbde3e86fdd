/**
 * Work happens on the person page (issue 21): from the home page's work list to a person with an overdue
 * 来后15日内登记核验, whose 待办 panel records the check in place; a check-up recorded in place; and a
 * certificate issued for someone who holds none, offered right after "未持证明".
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

interface Item {
  kind: string;
  personId: string;
  status: string;
}

describe.sequential('the person page as the place of work', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();

  const openItems = async (personId: string) =>
    ((await apiFromPage(page(), 'GET', `/api/persons/${personId}/work-items`)).json as { items: Item[] }).items;

  it('opens an overdue arrival check from the home work list and records the check in place', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/`);
    await page().getByTestId('worklist-kind-arrival_check').click();
    await page().waitForURL('**/worklists?kind=arrival_check');
    const list = page().getByTestId('worklist-items');
    const link = list.locator('tbody a[href^="/persons/"]').first();
    await link.waitFor();
    await link.click();
    await page().waitForURL('**/persons/*');
    const personId = page().url().split('/persons/')[1] ?? '';
    const item = page().getByTestId('work-item-arrival_check');
    await item.waitFor();
    expect(await item.textContent()).toContain('逾期');
    await screenshot(page(), 'person-workitems-arrival');

    await item.getByTestId('do-arrival_check').click();
    await page().getByTestId('check-none').click();
    await screenshot(page(), 'person-workitems-check-modal');
    await page().getByTestId('check-save').click();
    await page().getByTestId('check-result').waitFor();
    expect(await page().getByTestId('check-result').textContent()).toContain('已记录未持证明');
    await page().getByTestId('check-close').click();
    await item.waitFor({ state: 'detached' });
    expect((await openItems(personId)).map((i) => i.kind)).not.toContain('arrival_check');
    const done = await apiFromPage(page(), 'GET', '/api/worklists/items?kind=arrival_check&status=done&pageSize=200');
    expect((done.json as { items: Item[] }).items.map((i) => i.personId)).toContain(personId);
  });

  it("records the check with the person's certificate number typed in", async () => {
    const overdue = await apiFromPage(page(), 'GET', '/api/worklists/items?kind=arrival_check&status=overdue');
    // The first overdue person without a valid certificate (one who holds one answers 409 CERTIFICATE_EXISTS,
    // and earlier browser tests may have issued to any of them).
    let personId = '';
    let number = '';
    for (const candidate of (overdue.json as { items: Item[] }).items.slice(1)) {
      const issued = await apiFromPage(page(), 'POST', '/api/certificates', {
        personId: candidate.personId,
        kind: 'temporary',
      });
      if (issued.status === 409) continue;
      expect(issued.status).toBe(201);
      personId = candidate.personId;
      number = (issued.json as { certificate: { number: string } }).certificate.number;
      break;
    }
    expect(number).not.toBe('');
    await page().goto(`${baseURL}/persons/${personId}`);
    const item = page().getByTestId('work-item-arrival_check');
    await item.getByTestId('do-arrival_check').click();
    await page().getByTestId('check-input').fill(number);
    await page().getByTestId('check-save').click();
    await page().getByTestId('check-result').waitFor();
    expect(await page().getByTestId('check-result').textContent()).toContain('证明有效');
    await screenshot(page(), 'person-workitems-check-valid');
    await page().getByTestId('check-close').click();
    await item.waitFor({ state: 'detached' });
  });

  it('records a check-up in place: the item goes and the 服务记录 tab shows it', async () => {
    // Any open check-up item (first or periodic, overdue or due) in the small e2e demo.
    let open: Item | undefined;
    for (const status of ['overdue', 'due']) {
      const res = await apiFromPage(page(), 'GET', `/api/worklists/items?status=${status}&pageSize=200`);
      open = (res.json as { items: Item[] }).items.find((i) => i.kind.endsWith('_checkup'));
      if (open) break;
    }
    if (!open) throw new Error('the demo has no open check-up item');
    const { personId, kind } = open;
    await page().goto(`${baseURL}/persons/${personId}`);
    const item = page().getByTestId(`work-item-${kind}`);
    await item.getByTestId(`do-${kind}`).click();
    await page().getByTestId('service-modal').waitFor();
    await page().getByText('未见异常').click();
    await screenshot(page(), 'person-workitems-checkup-modal');
    await page().locator('#service-modal-save').click();
    await item.waitFor({ state: 'detached' });
    expect((await openItems(personId)).map((i) => i.kind)).not.toContain(kind);
    await page().getByTestId('tab-services').click();
    const services = page().getByTestId('person-services').getByTestId('service-list');
    await services.locator('tbody tr', { hasText: '生殖健康检查' }).first().waitFor();
    await screenshot(page(), 'person-workitems-checkup-done');
  });

  it('issues a certificate in place for someone who holds none', async () => {
    const overdue = await apiFromPage(page(), 'GET', '/api/worklists/items?kind=arrival_check&status=overdue');
    const items = (overdue.json as { items: Item[] }).items;
    let personId = '';
    for (const i of items) {
      const certs = await apiFromPage(page(), 'GET', `/api/persons/${i.personId}/certificates`);
      if ((certs.json as { items: unknown[] }).items.length === 0) {
        personId = i.personId;
        break;
      }
    }
    expect(personId).toBeTruthy();
    await page().goto(`${baseURL}/persons/${personId}`);
    await page().getByTestId('tab-certificates').click();
    await page().getByTestId('cert-person').getByText('该人员暂无证明').waitFor();
    await page().getByTestId('do-arrival_check').click();
    await page().getByTestId('check-none').click();
    await page().getByTestId('check-save').click();
    await page().getByTestId('issue-offer').waitFor();
    await screenshot(page(), 'person-workitems-issue-offer');
    await page().getByTestId('offer-temporary').click();
    await page().getByTestId('offer-issued').waitFor();
    await page().getByTestId('check-close').click();
    await page().getByTestId('cert-person').getByTestId('cert-status-valid').waitFor();
    await screenshot(page(), 'person-workitems-issued');
    const certs = await apiFromPage(page(), 'GET', `/api/persons/${personId}/certificates`);
    expect((certs.json as { items: { kind: string; status: string }[] }).items).toEqual([
      expect.objectContaining({ kind: 'temporary', status: 'valid' }),
    ]);
  });
});
