/**
 * Issue 21 part 4: issuing for a person who holds a valid certificate says so, names the certificate, and
 * replaces it only after the officer confirms with a reason; cancelling changes nothing.
 */
import { describe, expect, inject, it } from 'vitest';
import { apiFromPage, login, pickPerson, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

interface Cert {
  id: string;
  number: string;
  status: string;
  personId: string;
  expiresOn: string;
}

describe.sequential('no silent replacement of a certificate', () => {
  const chromium = useBrowser();
  const page = () => chromium.page();
  let existing: Cert;

  it('issuing for a holder of a valid certificate shows it and cancelling changes nothing', async () => {
    await login(page(), baseURL, 'township');
    // The second outflow person (certificates.e2e.ts uses the first) gets a certificate through the API.
    const people = await apiFromPage(page(), 'GET', '/api/persons?flow=outflow&pageSize=2');
    const personId = (people.json as { items: { id: string }[] }).items[1]?.id;
    const issued = await apiFromPage(page(), 'POST', '/api/certificates', { personId, kind: 'standard' });
    expect([201, 409]).toContain(issued.status);
    const held = await apiFromPage(page(), 'GET', `/api/persons/${personId}/certificates`);
    existing = (held.json as { items: Cert[] }).items.find((c) => c.status === 'valid') as Cert;
    expect(existing).toBeTruthy();
    const detail = await apiFromPage(page(), 'GET', `/api/persons/${existing.personId}?reveal=idNumber`);
    const idNumber = (detail.json as { person: { idNumber: string } }).person.idNumber;

    await page().goto(`${baseURL}/certificates`);
    // The picker finds the person by ID number (any 6+ leading digits; here all of them) and shows it masked.
    await pickPerson(page(), 'cert-picker', idNumber);
    await page().getByTestId('cert-person').getByTestId('cert-status-valid').waitFor();
    await page().getByTestId('issue-temporary').click();
    const description = page().getByTestId('reason-description');
    await description.waitFor();
    await expect(description.textContent()).resolves.toContain(existing.number);
    await expect(description.textContent()).resolves.toContain(existing.expiresOn);
    await expect(page().locator('#reason-ok').isDisabled()).resolves.toBe(true);
    await screenshot(page(), 'certificate-replace-confirm');
    await page().locator('#reason-cancel').click();
    await description.waitFor({ state: 'hidden' });

    const after = await apiFromPage(page(), 'GET', `/api/persons/${existing.personId}/certificates`);
    const items = (after.json as { items: Cert[] }).items;
    expect(items.find((c) => c.id === existing.id)?.status).toBe('valid');
    expect(items.filter((c) => c.status === 'valid')).toHaveLength(1);
  });

  it('confirming with a reason replaces the certificate and records the reason', async () => {
    await page().getByTestId('issue-temporary').click();
    await page().getByTestId('reason-input').fill('原证明遗失');
    await page().locator('#reason-ok').click();
    await page().getByTestId('cert-person').getByTestId('cert-status-replaced').waitFor();
    const after = await apiFromPage(page(), 'GET', `/api/persons/${existing.personId}/certificates`);
    const items = (after.json as { items: (Cert & { events: { kind: string; reason: string | null }[] })[] }).items;
    const old = items.find((c) => c.id === existing.id);
    expect(old?.status).toBe('replaced');
    expect(old?.events.find((e) => e.kind === 'replaced')?.reason).toBe('原证明遗失');
  });
});
