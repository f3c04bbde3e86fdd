/**
 * Issue 26 part 2 end to end: a resident books a slot of the health centre in the portal (phone size); the
 * centre's provider sees the booking with the masked ID number, records the check-up against it, and the
 * resident sees the service given. The resident also switches SMS reminders on.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, screenshot, smsCodeFromLog, useBrowser } from './support';

const baseURL = inject('baseURL');
const serverLog = inject('serverLog');
const CENTRE = '甬江街道社区卫生服务中心';

describe.sequential('a booking reaches the provider', () => {
  const chromium = useBrowser({ phone: true });
  const staff = () => chromium.page();
  const phone = () => chromium.phone();
  const idNumber = makeIdNumber('341221', '19940303', 'F');
  const name = '预约到院';

  it('staff publish a slot at the health centre; the resident signs in, books it and turns reminders on', async () => {
    await login(staff(), baseURL, 'village');
    const created = await apiFromPage(staff(), 'POST', '/api/persons', {
      idNumber,
      name,
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-09-01',
      phone: '13700006012',
    });
    expect(created.status).toBe(201);
    const slot = await apiFromPage(staff(), 'POST', '/api/service-slots', {
      kind: 'reproductive_checkup',
      facility: CENTRE,
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      capacity: 5,
    });
    expect(slot.status).toBe(201);
    await phone().goto(`${baseURL}/portal`);
    await phone().getByTestId('portal-id').fill(idNumber);
    await phone().getByTestId('portal-get-code').click();
    await phone().getByTestId('portal-code-sent').waitFor();
    await phone()
      .getByTestId('portal-code')
      .fill(await smsCodeFromLog(serverLog, '6012'));
    await phone().getByTestId('portal-sign-in').click();
    await phone().getByTestId('consent-terms').click();
    await phone().getByTestId('consent-health').click();
    await phone().getByTestId('consent-continue').click();
    await phone().getByTestId('portal-record').waitFor();
    await phone().getByTestId('toggle-reminders').click();
    await phone().getByTestId('portal-reminders').getByText('已开启').waitFor();
    await phone().getByRole('tab', { name: '服务' }).click();
    await phone().locator('.ant-list-item', { hasText: CENTRE }).first().getByTestId('portal-book').click();
    await phone().getByTestId('portal-booking').filter({ hasText: CENTRE }).waitFor();
  });

  it('the provider sees the booking with the masked ID number and records the check-up against it', async () => {
    await staff().context().clearCookies();
    await login(staff(), baseURL, 'provider');
    await staff().goto(`${baseURL}/facility-bookings`);
    const row = staff().getByTestId('facility-bookings').locator('tbody tr', { hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('****');
    expect(await row.textContent()).not.toContain(idNumber);
    await screenshot(staff(), 'facility-bookings');
    await row.getByRole('button', { name: '登记服务' }).click();
    await staff().getByTestId('service-person').filter({ hasText: name }).waitFor();
    await staff().getByText('未见异常').click();
    await staff().getByTestId('service-save').click();
    await staff().getByTestId('service-list').locator('tbody tr', { hasText: '生殖健康检查' }).waitFor();
    await staff().goto(`${baseURL}/facility-bookings`);
    await staff()
      .getByTestId('facility-bookings')
      .locator('tbody tr', { hasText: name })
      .getByText('已登记服务')
      .waitFor();
  });

  it('the resident sees the service given against the booking', async () => {
    await phone().reload();
    await phone().getByRole('tab', { name: '服务' }).click();
    await phone().getByTestId('portal-booking').filter({ hasText: CENTRE }).getByText('已完成服务').waitFor();
  });
});
