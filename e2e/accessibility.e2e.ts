/**
 * WCAG 2.1 AA checks with axe-core on the pages everyone meets first: staff sign-in, the person list, the person
 * form, the resident portal's sign-in (phone size) and the public verify page. Serious and critical violations
 * fail the run; each is listed with the elements it found, so the failure says what to fix.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { login, useBrowser } from './support';

const baseURL = inject('baseURL');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe on the page as it is now and returns the serious and critical WCAG 2.x A/AA violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy (script-src 'self') rightly
  // refuses an injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.sequential('accessibility (axe-core, WCAG 2.1 AA)', () => {
  const chromium = useBrowser({ phone: true });
  const page = () => chromium.page();
  const phone = () => chromium.phone();

  it('the staff sign-in page', async () => {
    await page().goto(`${baseURL}/login`);
    await page().locator('#login_username').waitFor();
    expect(await seriousViolations(page())).toEqual([]);
  });

  it('the person list', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/persons`);
    await page().locator('.ant-table-row').first().waitFor();
    expect(await seriousViolations(page())).toEqual([]);
  });

  it('the person form', async () => {
    await page().goto(`${baseURL}/persons/new`);
    await page().locator('form').first().waitFor();
    expect(await seriousViolations(page())).toEqual([]);
  });

  it('the resident portal sign-in on a phone', async () => {
    await phone().goto(`${baseURL}/portal`);
    await phone().getByTestId('portal-id').waitFor();
    expect(await seriousViolations(phone())).toEqual([]);
  });

  it('the public verify page on a phone', async () => {
    await phone().goto(`${baseURL}/verify`);
    await phone().getByTestId('verify-input').waitFor();
    expect(await seriousViolations(phone())).toEqual([]);
  });
});
