/**
 * Issue 21 part 4 in the resident portal (phone size): booking a service already booked asks whether to move the
 * booking (keeping it changes nothing), and cancelling a booking asks first, naming it.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, makeIdNumber, screenshot, smsCodeFromLog, useBrowser } from './support';

const baseURL = inject('baseURL');
const serverLog = inject('serverLog');

describe.sequential('portal bookings are not replaced or cancelled silently', () => {
  const chromium = useBrowser({ phone: true });
  const staff = () => chromium.page();
  const phone = () => chromium.phone();
  const idNumber = makeIdNumber('341221', '19950909', 'F');
  let personId = '';

  const bookings = async () => {
    const rows = await apiFromPage(phone(), 'GET', '/api/portal/services');
    return (rows.json as { bookings: { status: string; facility: string }[] }).bookings.filter(
      (b) => b.status === 'booked',
    );
  };

  it('staff publish two check-up slots; the resident signs in and books the first', async () => {
    await login(staff(), baseURL, 'village');
    const created = await apiFromPage(staff(), 'POST', '/api/persons', {
      idNumber,
      name: '改约测试',
      hukouDivision: '341221000000',
      residenceDivision: '330205005003',
      maritalStatus: 'first_marriage',
      arrivedOn: '2026-09-01',
      phone: '13700007788',
    });
    expect(created.status).toBe(201);
    personId = (created.json as { person: { id: string } }).person.id;
    for (const [days, facility] of [
      [30, '改约测试甲服务站'],
      [31, '改约测试乙服务站'],
    ] as const) {
      const slot = await apiFromPage(staff(), 'POST', '/api/service-slots', {
        kind: 'reproductive_checkup',
        facility,
        startsAt: new Date(Date.now() + days * 86_400_000).toISOString(),
        capacity: 3,
      });
      expect(slot.status).toBe(201);
    }
    await phone().goto(`${baseURL}/portal`);
    await phone().getByTestId('portal-id').fill(idNumber);
    await phone().getByTestId('portal-get-code').click();
    await phone().getByTestId('portal-code-sent').waitFor();
    await phone()
      .getByTestId('portal-code')
      .fill(await smsCodeFromLog(serverLog, '7788'));
    await phone().getByTestId('portal-sign-in').click();
    await phone().getByTestId('consent-terms').click();
    await phone().getByTestId('consent-health').click();
    await phone().getByTestId('consent-continue').click();
    await phone().getByTestId('portal-record').waitFor();
    await phone().getByRole('tab', { name: '服务' }).click();
    await phone().locator('.ant-list-item', { hasText: '改约测试甲服务站' }).getByTestId('portal-book').click();
    await phone().getByTestId('portal-booking').filter({ hasText: '改约测试甲服务站' }).waitFor();
  });

  it('booking the same service again asks; keeping the booking changes nothing', async () => {
    await phone().locator('.ant-list-item', { hasText: '改约测试乙服务站' }).getByTestId('portal-book').click();
    const text = phone().getByTestId('portal-confirm-text');
    await text.waitFor();
    expect(await text.textContent()).toContain('改约测试甲服务站');
    await screenshot(phone(), 'portal-booking-replace-confirm');
    await phone().locator('#portal-confirm-keep').click();
    await text.waitFor({ state: 'hidden' });
    const held = await bookings();
    expect(held.map((b) => b.facility)).toEqual(['改约测试甲服务站']);
  });

  it('confirming moves the booking', async () => {
    await phone().locator('.ant-list-item', { hasText: '改约测试乙服务站' }).getByTestId('portal-book').click();
    await phone().locator('#portal-confirm-ok').click();
    await phone().getByTestId('portal-booking').filter({ hasText: '改约测试乙服务站' }).waitFor();
    const held = await bookings();
    expect(held.map((b) => b.facility)).toEqual(['改约测试乙服务站']);
  });

  it('cancelling a booking asks first, naming it', async () => {
    await phone().getByTestId('portal-booking-cancel').click();
    const text = phone().getByTestId('portal-confirm-text');
    await text.waitFor();
    expect(await text.textContent()).toContain('改约测试乙服务站');
    await screenshot(phone(), 'portal-booking-cancel-confirm');
    await phone().locator('#portal-confirm-ok').click();
    await phone().getByTestId('portal-booking').waitFor({ state: 'detached' });
    expect(await bookings()).toEqual([]);
    expect(personId).not.toBe('');
  });

  it('a second birth registration in the portal asks; confirming with a reason withdraws the first', async () => {
    await phone().getByRole('tab', { name: '证明' }).click();
    const card = phone().getByTestId('portal-birth-registration');
    const submit = async () => {
      await card.getByTestId('birth-date').fill('2026-11-02');
      await card.getByTestId('birth-pledge').check();
      await card.getByTestId('birth-submit').click();
    };
    await submit();
    await card.getByTestId('portal-birth').first().waitFor();
    await submit();
    const description = phone().getByTestId('reason-description');
    await description.waitFor();
    expect(await description.textContent()).toContain('办理中');
    await screenshot(phone(), 'portal-birth-exists-confirm');
    await phone().locator('#reason-cancel').click();
    await description.waitFor({ state: 'hidden' });
    expect(await card.getByTestId('portal-birth').count()).toBe(1);
    await submit();
    await phone().getByTestId('reason-input').fill('孩子出生日期填错了');
    await phone().locator('#reason-ok').click();
    await expect.poll(() => card.getByTestId('portal-birth').count()).toBe(2);
    await expect
      .poll(() => card.getByTestId('portal-birth-message').first().textContent())
      .toContain('孩子出生日期填错了');
  });
});
