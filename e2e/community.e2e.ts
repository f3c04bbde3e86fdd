/**
 * Community work end to end, as the village manager of 梅堰社区: register two households, make a
 * twelve-household group of them, generate and print the year's duty roster, record a visit that shows the
 * services due, add an employer with an on-site service-day agreement, and record an outreach event.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');
const VILLAGE = '330205005003';

function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe.sequential('community work', () => {
  const { page } = useBrowser();
  const people: { id: string; name: string }[] = [];

  it('the village manager registers two households from the console', async () => {
    const p = page();
    await login(p, baseURL, 'village');
    for (const [name, sex, birth] of [
      ['联勤甲', 'F', '19940506'],
      ['联勤乙', 'M', '19880203'],
    ] as const) {
      const created = await apiFromPage(p, 'POST', '/api/persons', {
        idNumber: makeIdNumber('341221', birth, sex),
        name,
        hukouDivision: '341221000000',
        residenceDivision: VILLAGE,
        residenceAddress: `槐树路8号${people.length + 1}幢`,
        maritalStatus: 'first_marriage',
        arrivedOn: isoDaysAgo(3),
      });
      expect(created.status).toBe(201);
      people.push({ id: (created.json as { person: { id: string } }).person.id, name });
    }
    await p.goto(`${baseURL}/community?tab=households`);
    for (const [i, person] of people.entries()) {
      await p.getByTestId('new-household').click();
      await p.getByTestId('household-address').fill(`槐树路8号${i + 1}幢101室`);
      await p.getByTestId('household-members').locator('input').fill(person.name);
      await p.locator('.ant-select-item-option', { hasText: person.name }).first().click();
      await p.locator('#household-save').click();
      await p
        .getByTestId('households-table')
        .getByText(`槐树路8号${i + 1}幢101室`)
        .waitFor();
    }
  });

  it('creates a group of them, generates a 12-month roster and prints it', async () => {
    const p = page();
    await p.goto(`${baseURL}/community?tab=groups`);
    await p.getByTestId('new-group').click();
    await p.getByTestId('group-name').fill('槐树路8号联勤小组');
    for (const i of [1, 2]) {
      await p
        .getByTestId('group-households')
        .locator('tr', { hasText: `槐树路8号${i}幢101室` })
        .locator('.ant-checkbox-input')
        .check();
    }
    await p.locator('#group-save').click();
    await p.getByTestId('group-title').getByText('槐树路8号联勤小组').waitFor();
    await p.getByTestId('roster-generate').click();
    await expect.poll(() => p.getByTestId('roster-duty').count()).toBe(12);
    const duty = await p.getByTestId('roster-duty').allTextContents();
    expect(duty[0]).toContain('联勤甲');
    expect(duty[1]).toContain('联勤乙');
    expect(duty[2]).toContain('联勤甲');
    await screenshot(p, 'community-group-roster');
    const href = await p.getByTestId('roster-pdf').locator('xpath=..').getAttribute('href');
    const pdf = await p.request.get(`${baseURL}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('records a visit from the person page and sees the services due', async () => {
    const p = page();
    await p.goto(`${baseURL}/persons/${people[0]?.id}`);
    await p.getByTestId('person-new-visit').click();
    await p.getByTestId('visit-notes').fill('已告知免费体检时间和地点');
    await p.getByTestId('visit-save').click();
    await p.locator('.ant-modal').getByTestId('due-services').getByText('首次免费体检（1个月内）').waitFor();
    await screenshot(p, 'community-visit-due');
    await p.locator('.ant-modal-close').click();
    await p.getByTestId('visits-table').getByText('已告知免费体检时间和地点').waitFor();
  });

  it('registers an employer and adds an on-site service-day agreement', async () => {
    const p = page();
    await p.goto(`${baseURL}/community?tab=parties`);
    await p.getByTestId('new-party').click();
    await p.getByTestId('party-name').fill('宁波槐树电子厂');
    await p.getByTestId('party-contact').fill('周经理');
    await p.locator('#party-save').click();
    await p.getByTestId('parties-table').getByText('宁波槐树电子厂').click();
    await p.getByTestId('agreement-details').fill('每季度在厂区开展一次免费体检和咨询');
    await p.getByTestId('agreement-save').click();
    await p.getByTestId('party-detail').getByTestId('agreement-item').getByText('上门服务日').waitFor();
    await screenshot(p, 'community-employer');
  });

  it('records an outreach event and sees it counted in this year’s figures', async () => {
    const p = page();
    await p.goto(`${baseURL}/community?tab=outreach`);
    const before = (await p.getByTestId('outreach-figures').textContent()) ?? '';
    await p.getByTestId('new-event').click();
    await p.getByTestId('event-title').fill('三八妇女节生殖健康服务日');
    await p.getByTestId('event-place').fill('梅堰社区文化广场');
    await p.locator('#materialsCount').fill('200');
    await p.locator('#attendance').fill('85');
    await p.locator('#event-save').click();
    await p.getByTestId('events-table').getByText('三八妇女节生殖健康服务日').waitFor();
    await expect.poll(async () => p.getByTestId('outreach-figures').textContent()).not.toBe(before);
    await screenshot(p, 'community-outreach');
  });
});
