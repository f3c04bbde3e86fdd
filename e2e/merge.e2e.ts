/**
 * Merging two records of one person from the person page, and undoing it from the survivor's history (issue 24
 * part 3): the dialog shows the differing fields with a choice each and what will move; the merged record's page
 * says where it went; 撤销合并 restores both.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, pickPerson, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

interface Created {
  person: { id: string; name: string; idNumberMasked: string };
}

describe.sequential('merging duplicate records', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();
  let survivor: Created['person'];
  let merged: Created['person'];

  it('merges the record picked in the dialog into the open one, keeping the chosen phone', async () => {
    await login(page(), baseURL, 'township');
    const register = async (name: string, birth: string, phone: string) => {
      const res = await apiFromPage(page(), 'POST', '/api/persons', {
        idNumber: makeIdNumber('330205', birth, 'F'),
        name,
        hukouDivision: '330205005003',
        residenceDivision: '310115000000',
        maritalStatus: 'unmarried',
        phone,
      });
      expect(res.status).toBe(201);
      return (res.json as Created).person;
    };
    survivor = await register('合并甲', '19910203', '13811112222');
    merged = await register('合并乙', '19910204', '13933334444');
    await page().goto(`${baseURL}/persons/${survivor.id}`);
    await page().getByTestId('merge-open').click();
    await pickPerson(page(), 'merge-picker', '合并乙', merged.idNumberMasked);
    const differences = page().getByTestId('merge-differences');
    await differences.waitFor();
    await page().getByTestId('choose-phone-merged').click();
    expect(await page().getByTestId('merge-moves').textContent()).toContain('居住经历');
    await page().getByTestId('merge-reason').fill('同一人两次登记，出生日期录错');
    await screenshot(page(), 'merge-dialog');
    await page().getByTestId('merge-confirm').click();
    await page().getByTestId('merge-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page().getByTestId('person-phone').textContent()).toBe('13933334444');
  });

  it("shows on the merged record's page where it went", async () => {
    await page().goto(`${baseURL}/persons/${merged.id}`);
    const banner = page().getByTestId('merged-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(merged.idNumberMasked);
    expect(await page().getByTestId('person-name').textContent()).toBe('合并甲');
    await screenshot(page(), 'merge-tombstone');
  });

  it("undoes the merge from the survivor's history", async () => {
    await page().goto(`${baseURL}/persons/${survivor.id}`);
    await page().getByRole('tab', { name: '变更历史' }).click();
    await page().getByTestId('merges-panel').waitFor();
    await page().getByTestId('merge-undo').click();
    await page()
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page().locator('.ant-message').getByText('已撤销合并').waitFor();
    const back = await apiFromPage(page(), 'GET', `/api/persons/${merged.id}`);
    expect((back.json as Created).person.id).toBe(merged.id);
    await expect.poll(() => page().getByTestId('person-phone').textContent()).toBe('13811112222');
  });
});
