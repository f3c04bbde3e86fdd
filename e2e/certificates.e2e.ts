/**
 * Certificates end to end: the township issues a certificate in the console; the PDF is rendered with
 * pdftoppm and its QR decoded with jsqr; the public /verify page (no login, phone size) shows valid with the
 * masked details for the QR code, the status only for the number until the holder's birth date is entered,
 * then revoked after revocation, and forged for a tampered payload; its 中文/EN switch changes the page and the
 * server's answer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, pickPerson, SCREENSHOTS, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-cert-e2e-'));

describe.sequential('certificates', () => {
  const chromium = useBrowser({ phone: true });
  const staff = () => chromium.page();
  const phone = () => chromium.phone();
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let certificateId = '';
  let certificateNumber = '';
  let birthDate = '';
  let scanned = '';

  it('township issues a certificate for a demo person', async () => {
    await login(staff(), baseURL, 'township');
    const list = await apiFromPage(staff(), 'GET', '/api/persons?flow=outflow&pageSize=1');
    const personId = (list.json as { items: { id: string }[] }).items[0]?.id;
    expect(personId).toBeTruthy();
    const detail = await apiFromPage(staff(), 'GET', `/api/persons/${personId}?reveal=idNumber`);
    const person = (detail.json as { person: { idNumber: string; birthDate: string } }).person;
    const idNumber = person.idNumber;
    birthDate = person.birthDate;

    await staff().goto(`${baseURL}/certificates`);
    // The picker finds the person by ID number (any 6+ leading digits; here all of them) and shows it masked.
    await pickPerson(staff(), 'cert-picker', idNumber);
    await staff().getByTestId('issue-standard').click();
    await staff().getByTestId('cert-person').getByTestId('cert-status-valid').waitFor();
    await screenshot(staff(), 'certificates-issued');
    const certs = await apiFromPage(staff(), 'GET', `/api/persons/${personId}/certificates`);
    const issued = (certs.json as { items: { id: string; number: string }[] }).items[0];
    certificateId = issued?.id ?? '';
    certificateNumber = issued?.number ?? '';
    expect(certificateId).toBeTruthy();
    expect(certificateNumber).toMatch(/^HY\d{8}[0-9A-HJKMNP-TV-Z]{9}$/);
  });

  it('downloads the PDF, renders it with pdftoppm and decodes its QR code', async () => {
    const response = await staff().request.get(`${baseURL}/api/certificates/${certificateId}/pdf`);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const file = path.join(tmp, 'certificate.pdf');
    fs.writeFileSync(file, await response.body());
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(tmp, 'certificate')]);
    const pngFile = path.join(tmp, 'certificate.png');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.copyFileSync(pngFile, path.join(SCREENSHOTS, 'certificate-pdf.png'));
    const png = PNG.sync.read(fs.readFileSync(pngFile));
    scanned = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? '';
    expect(scanned).toMatch(/\/verify#LD1\./);
  });

  it("a number alone shows the status only; the holder's birth date shows the masked details", async () => {
    await phone().goto(`${baseURL}/verify`);
    await phone().getByTestId('verify-input').fill(certificateNumber.toLowerCase());
    await phone().getByTestId('verify-submit').click();
    await phone().locator('[data-testid="verify-result"][data-result="valid"]').waitFor();
    const statusOnly = (await phone().getByTestId('verify-certificate').textContent()) ?? '';
    expect(statusOnly).toContain(certificateNumber);
    expect(statusOnly).not.toContain('姓名');
    await screenshot(phone(), 'verify-number-status-only');

    const wrong = `${birthDate.slice(0, 8)}${birthDate.slice(8) === '01' ? '02' : '01'}`;
    await phone().getByTestId('verify-birthdate').fill(wrong);
    await phone().getByTestId('verify-details').click();
    await phone().getByTestId('verify-no-details').waitFor();
    await expect(phone().getByTestId('verify-certificate').textContent()).resolves.not.toContain('姓名');

    await phone().getByTestId('verify-birthdate').fill(birthDate);
    await phone().getByTestId('verify-details').click();
    await phone().getByTestId('verify-certificate').getByText('姓名').waitFor();
    await expect(phone().getByTestId('verify-birthdate-form').count()).resolves.toBe(0);
    await screenshot(phone(), 'verify-number-birth-date');
  });

  it('the public verify page, without login, shows "valid"', async () => {
    await phone().goto(`${baseURL}/verify#${scanned.split('#')[1]}`);
    await phone().locator('[data-testid="verify-result"][data-result="valid"]').waitFor();
    await expect(phone().getByTestId('verify-result').textContent()).resolves.toContain('有效');
    await expect(phone().getByTestId('verify-certificate').textContent()).resolves.toContain('*');
    await screenshot(phone(), 'verify-valid');
  });

  it('after revocation it shows "revoked"', async () => {
    await staff().getByTestId('cert-revoke').click();
    await staff().getByTestId('reason-input').fill('信息登记有误');
    await staff().locator('#reason-ok').click();
    await staff().getByTestId('cert-person').getByTestId('cert-status-revoked').waitFor();
    await phone().reload();
    await phone().locator('[data-testid="verify-result"][data-result="revoked"]').waitFor();
    await screenshot(phone(), 'verify-revoked');
  });

  it('a tampered payload shows "forged"', async () => {
    const payload = scanned.split('#')[1] ?? '';
    const i = payload.length - 20;
    const tampered = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
    await phone().goto(`${baseURL}/verify`);
    await phone().getByTestId('verify-input').fill(tampered);
    await phone().getByTestId('verify-submit').click();
    await phone().locator('[data-testid="verify-result"][data-result="forged"]').waitFor();
    await screenshot(phone(), 'verify-forged');
  });

  it('the verify page switches to English, and the answer comes in English too', async () => {
    await phone().goto(`${baseURL}/verify`);
    await phone().getByTestId('lang-switch').getByText('EN').click();
    await phone().getByRole('heading', { name: 'Verify a status certificate' }).waitFor();
    await phone().getByTestId('verify-input').fill(certificateNumber);
    await phone().getByTestId('verify-submit').click();
    await phone().locator('[data-testid="verify-result"][data-result="revoked"]').waitFor();
    await expect(phone().getByTestId('verify-certificate').textContent()).resolves.toContain('Issued by');
    await expect(phone().getByTestId('verify-result').textContent()).resolves.toContain('Revoked');
    await screenshot(phone(), 'verify-english');
    await phone().getByTestId('lang-switch').getByText('中文').click();
  });
});
