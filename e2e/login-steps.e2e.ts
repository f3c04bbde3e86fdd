/**
 * Two-factor sign-in in the browser: the auditor (a role that must use TOTP) binds an authenticator
 * by QR code at first login, keeps the recovery codes, and is asked for a code at the next login.
 */
import { describe, expect, inject, it } from 'vitest';
import { currentCounter, totpCode } from '../src/security/totp.ts';
import { PASSWORD, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

describe.sequential('two-factor sign-in', () => {
  const { page } = useBrowser();
  let secret = '';

  async function passwordStep() {
    await page().goto(`${baseURL}/login`);
    await page().locator('#login_username').fill('auditor');
    await page().locator('#login_password').fill(PASSWORD);
    await page().getByTestId('login-submit').click();
  }

  it('asks the auditor to bind an authenticator, showing a QR code', async () => {
    await passwordStep();
    await page().getByTestId('login-step-enrol_totp').waitFor();
    await expect(page().getByTestId('totp-qr').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    secret = ((await page().getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page(), 'totp-enrol');
  });

  it('shows ten recovery codes once the first code is confirmed, then opens the console', async () => {
    await page().locator('#enrol_code').fill(totpCode(secret, currentCounter()));
    await page().getByTestId('enrol-submit').click();
    await page().getByTestId('recovery-saved').waitFor();
    expect(await page().getByTestId('recovery-code').count()).toBe(10);
    await page().getByTestId('recovery-saved').click();
    await page().getByTestId('user-name').waitFor();
  });

  it('asks for a code at the next sign-in', async () => {
    await page().getByTestId('logout').click();
    await page().waitForURL('**/login');
    await passwordStep();
    await page().getByTestId('login-step-totp').waitFor();
    // The next time step: the enrolment code of this step may not be used twice.
    await page()
      .locator('#totp_code')
      .fill(totpCode(secret, currentCounter() + 1));
    await page().getByTestId('totp-submit').click();
    await page().getByTestId('user-name').waitFor();
    expect(await page().getByTestId('user-role').textContent()).toContain('审计员');
  });
});
