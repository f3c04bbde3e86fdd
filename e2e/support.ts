/** Helpers for the console e2e tests: browser launch, login, ID numbers, the person form. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningServer, startServer } from './global-setup.ts';

export const PASSWORD = 'Liudong-demo-2026';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // A missing browser must fail the suite, never skip it.
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

export async function login(page: Page, baseURL: string, username: string): Promise<void> {
  await page.goto(`${baseURL}/login`);
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400); // let antd's tab and table animations settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return '10X98765432'[sum % 11] ?? '';
}

/** A valid GB 11643 number: area code, birth date (YYYYMMDD), random sequence with the sex parity, check digit. */
export function makeIdNumber(area: string, birth: string, sex: 'M' | 'F'): string {
  const seq = Math.floor(Math.random() * 50) * 2 + 100 + (sex === 'M' ? 1 : 0);
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** The same number with a wrong check character. */
export function withWrongCheck(id: string): string {
  const right = id[17];
  const wrong = ['0', '1', '2', '3'].find((c) => c !== right) ?? '4';
  return id.slice(0, 17) + wrong;
}

/** The error text antd shows under the form item that holds `control`. */
export function fieldError(page: Page, controlSelector: string): Locator {
  return page.locator('.ant-form-item', { has: page.locator(controlSelector) }).locator('.ant-form-item-explain-error');
}

export async function pickSelectOption(page: Page, selectId: string, title: string): Promise<void> {
  await page.locator(`#${selectId}`).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click();
}

export interface PersonFields {
  idNumber: string;
  name: string;
  phone: string;
  marital: string;
}

/**
 * Fills the new-person form. 户籍地: search "临泉" in the picker's search box, take 安徽省阜阳市临泉县,
 * then go one level down in the cascader to 杨桥镇. 现居住地 stays the village user's own community.
 */
export async function fillPersonForm(page: Page, fields: PersonFields): Promise<void> {
  await page.locator('#person_idNumber').fill(fields.idNumber);
  await page.locator('#person_name').fill(fields.name);
  await page.locator('#person_phone').fill(fields.phone);
  await pickSelectOption(page, 'person_maritalStatus', fields.marital);

  const search = page.locator('#person_hukouDivision_search');
  await search.click();
  await search.pressSequentially('临泉', { delay: 30 });
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="安徽省阜阳市临泉县"]').click();
  const hukou = page.getByTestId('person_hukouDivision-cascader');
  await hukou.filter({ hasText: '临泉县' }).waitFor();

  await page.locator('#person_hukouDivision').click();
  await page.locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item[title="杨桥镇"]').click();
  await page.keyboard.press('Escape');
  await hukou.filter({ hasText: '杨桥镇' }).waitFor();

  await page.getByTestId('person_residenceDivision-cascader').filter({ hasText: '梅堰社区' }).waitFor();
  // Enter would submit the form; Tab leaves the date picker with the typed date.
  const arrived = page.locator('#person_arrivedOn');
  await arrived.fill('2026-03-01');
  await arrived.press('Tab');
}

/** Calls the API from inside the page, so the session cookie and same-origin rules apply as in the console. */
export async function apiFromPage(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    { method, url, body },
  );
}

/**
 * Registers hooks that launch Chromium for the enclosing describe block and close it afterwards: a desktop
 * page, and with `phone` also a 390×844 touch page (how residents and verifiers use the product).
 * Without a browser every test fails: vitest would report a failed beforeAll as skipped tests.
 */
export function useBrowser(options: { phone?: boolean } = {}): {
  browser: () => Browser;
  page: () => Page;
  phone: () => Page;
} {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let phone: Page | undefined;
  let launchError: unknown = null;
  beforeAll(async () => {
    try {
      browser = await launchChromium();
      page = await newPage(browser);
      if (options.phone) {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          locale: 'zh-CN',
          isMobile: true,
        });
        phone = await context.newPage();
        phone.setDefaultTimeout(20_000);
      }
    } catch (error) {
      launchError = error;
    }
  });
  beforeEach(() => {
    if (launchError) throw launchError;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => browser as Browser,
    page: () => page as Page,
    phone: () => {
      if (!phone) throw new Error('useBrowser({ phone: true }) is needed for a phone page');
      return phone;
    },
  };
}

/** Chooses a person in a PersonPicker by typing a search (name, pinyin, or 6+ digits of the ID number). */
export async function pickPerson(page: Page, testId: string, search: string, name?: string): Promise<void> {
  const picker = page.getByTestId(testId);
  await picker.click();
  await picker.locator('input').pressSequentially(search, { delay: 20 });
  const options = page.locator('.ant-select-dropdown:visible [data-testid=person-picker-option]');
  await (name ? options.filter({ hasText: name }) : options).first().click();
}

/** The newest one-time code the log SMS sender wrote to `logFile` for a phone ending in `tail`. */
export async function smsCodeFromLog(logFile: string, tail: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const lines = fs.readFileSync(logFile, 'utf8').split('\n');
    const line = lines.reverse().find((l) => l.startsWith('[sms]') && l.includes(`****${tail}`));
    const code = line?.match(/(\d{6})/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no code in the server log');
}

/**
 * A server of the test file's own, on a fresh data folder (for settings other than the shared server's: a smaller
 * demo, other second-factor roles, a faster background pass). Gives its address once the file's beforeAll ran.
 */
export function ownServer(label: string, env: Record<string, string>): () => string {
  let dataDir = '';
  let server: RunningServer | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `liudong-e2e-${label}-`));
    server = await startServer(dataDir, env);
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return () => server?.url as string;
}
