/**
 * Import in the console, beyond the basics: a 子女 column, and two rows with the same name and birth date
 * (different ID numbers) that are both imported, the second shown as a warning beside the summary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { login, makeIdNumber, screenshot, useBrowser } from './support';

const baseURL = inject('baseURL');

function csvWithLookalikes(): string {
  const a = makeIdNumber('341221', '19930715', 'F');
  // Same name and birth date, another ID number: perhaps another person, perhaps a typo.
  let b = makeIdNumber('341221', '19930715', 'F');
  while (b === a) b = makeIdNumber('341221', '19930715', 'F');
  const rows = [
    '姓名,身份证号,户籍地,现居住地,婚姻状况,子女',
    `周雨婷,${a},安徽省阜阳市临泉县,330205005003,初婚,"李小宝 男 2019.3.2；李小贝 女 2021-07-01"`,
    `周雨婷,${b},安徽省阜阳市临泉县,330205005003,未婚,无`,
  ];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-import-')), '疑似重复.csv');
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe.sequential('import warnings in the console', () => {
  const { page } = useBrowser();

  it('imports both look-alike rows and marks the second as a warning', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/import`);
    await page().locator('input[type=file]').first().setInputFiles(csvWithLookalikes());
    // The mapping step comes first; nothing is written before 确认导入.
    await page().getByTestId('import-confirm').click();
    const summary = page().getByTestId('import-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('新增2');
    expect(text).toContain('提示（已导入，请核实）1');
    const preview = page().getByTestId('import-error-preview');
    // The table shows its empty placeholder row until the preview has loaded: wait for the content itself.
    await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toContain('提示与第2行姓名和出生日期相同');
    await screenshot(page(), 'import-warnings');
  });
});
