/**
 * The import's mapping step in the console (issue 20), with sheets LibreOffice wrote (flat ODS fixtures converted
 * to xlsx here): the officer sees each column's field, changes one, ignores another, checks the preview of the
 * first rows (a bad 户籍地址 highlighted), imports, and next month's sheet with the same headers maps itself.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { login, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');
const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-mapping-'));

/** The .fods fixture as an .xlsx written by LibreOffice (a missing soffice fails the test, never skips it). */
function convert(name: string): string {
  const found = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  if (found.status !== 0 || !binary)
    throw new Error('LibreOffice (soffice) is needed: apt-get install libreoffice-calc');
  const run = spawnSync(
    binary,
    [
      '--headless',
      `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`,
      '--convert-to',
      'xlsx',
      '--outdir',
      dir,
      path.join(FIXTURES, `${name}.fods`),
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const out = path.join(dir, `${name}.xlsx`);
  if (run.status !== 0 || !fs.existsSync(out)) throw new Error(`soffice failed: ${run.stderr}`);
  return out;
}

const columnRow = (page: Page, header: string) =>
  page.getByTestId('import-columns').locator('tbody tr', { hasText: header });

/** Picks a field for a column once the previous preview has answered and its drop-down has closed. */
async function choose(page: Page, header: string, option: string): Promise<void> {
  const dropdowns = page.locator('.ant-select-dropdown:visible');
  await expect.poll(() => dropdowns.count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => page.locator('[data-testid=import-columns] .ant-select-disabled').count()).toBe(0);
  await columnRow(page, header).locator('.ant-select').click();
  await expect.poll(() => dropdowns.count(), { timeout: 10_000 }).toBe(1);
  await dropdowns.locator(`.ant-select-item-option[title="${option}"]`).click();
  await columnRow(page, header).filter({ hasText: '手动选择' }).waitFor();
}

describe.sequential('the import mapping step', () => {
  const { page } = useBrowser();
  let november: string;
  let december: string;

  beforeAll(() => {
    november = convert('mapping-2026-11');
    december = convert('mapping-2026-12');
  });

  it('shows each column with its field, samples and recognised count before anything is written', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/import`);
    await page().locator('input[type=file]').first().setInputFiles(november);
    await page().getByTestId('import-mapping').waitFor();
    const hukou = (await columnRow(page(), '户籍地址').textContent()) ?? '';
    expect(hukou).toContain('户籍地');
    expect(hukou).toContain('表头文字');
    expect(hukou).toContain('2/3'); // 火星省 is no division
    expect(await columnRow(page(), '工作地点').getAttribute('data-field')).toBe('employer');
    expect(await columnRow(page(), '单位名称').getAttribute('data-field')).toBe('ignore');
    expect(await columnRow(page(), '单位名称').textContent()).toContain('宁波甬江电器有限公司');
    await screenshot(page(), 'import-mapping-initial');
  });

  it('changes a mapping, ignores a column and previews the rows with their problems', async () => {
    await choose(page(), '单位名称', '工作单位');
    expect(await columnRow(page(), '工作地点').getAttribute('data-field')).toBe('ignore');
    await choose(page(), '紧急联系电话', '不导入');
    const rows = page().getByTestId('import-preview-rows');
    await expect.poll(() => rows.textContent()).toContain('宁波甬江电器有限公司');
    const text = (await rows.textContent()) ?? '';
    expect(text).not.toContain('13900001111');
    expect(text).toContain('找不到行政区划“火星省”');
    expect(await rows.locator('td.import-cell-error').count()).toBe(1);
    await screenshot(page(), 'import-mapping-changed');
  });

  it('imports with that mapping', async () => {
    await page().getByTestId('import-confirm').click();
    const summary = page().getByTestId('import-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('新增2');
    expect(text).toContain('未导入（错误行）1');
  });

  it('maps next month’s sheet with the same headers by itself', async () => {
    await page().locator('input[type=file]').first().setInputFiles(december);
    await page().getByTestId('import-remembered').waitFor();
    const employer = columnRow(page(), '单位名称');
    expect(await employer.getAttribute('data-field')).toBe('employer');
    expect(await employer.textContent()).toContain('上次的对应关系');
    expect(await columnRow(page(), '紧急联系电话').getAttribute('data-field')).toBe('ignore');
    await screenshot(page(), 'import-mapping-remembered');
    await page().getByTestId('import-confirm').click();
    try {
      await page().getByTestId('import-summary').waitFor();
    } catch (e) {
      await screenshot(page(), 'debug-after-confirm');
      throw e;
    }
    expect(await page().getByTestId('import-summary').textContent()).toContain('新增2');
  });

  it('shows the step in English, with the rows already registered', async () => {
    await page().getByTestId('lang-switch').getByText('EN').click();
    await page().locator('input[type=file]').first().setInputFiles(december);
    const step = page().getByTestId('import-mapping');
    await step.waitFor();
    const text = (await step.textContent()) ?? '';
    expect(text).toContain('Check the field of each column');
    expect(text).toContain('last mapping');
    expect(await page().getByTestId('import-preview-rows').textContent()).toContain('registered');
    await screenshot(page(), 'import-mapping-english');
    await page().getByTestId('lang-switch').getByText('中文').click();
  });
});
