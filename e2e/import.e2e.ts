/**
 * Bulk import in the console: a township officer uploads a messy CSV (title row, mixed date formats),
 * sees progress end in a summary, and the bad rows with their reasons beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { login, makeIdNumber, useBrowser } from './support';

const baseURL = inject('baseURL');

function messyCsv(): string {
  const rows = [
    '江北区流动人口信息采集表,,,,,,',
    '姓名,身份证号,户籍地,现居住地,婚姻状况,来本地时间,联系电话',
    `王小红,${makeIdNumber('341221', '19950304', 'F')},安徽省阜阳市临泉县,330205005003,初婚,2024.5.6,13800000001`,
    `李大明,${makeIdNumber('411525', '19880808', 'M')},河南省信阳市固始县,330205005003,未婚,20230506,13800000002`,
    '坏号码,123456789012345678,安徽省阜阳市临泉县,330205005003,初婚,2023/05/06,13800000003',
    `张未来,${makeIdNumber('520502', '19900101', 'M')},贵州省毕节市七星关区,330205005003,初婚,2099-01-01,13800000004`,
  ];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-import-')), '采集表.csv');
  fs.writeFileSync(file, `${rows.join('\n')}\n\n`);
  return file;
}

describe.sequential('bulk import in the console', () => {
  const { page } = useBrowser();

  it('imports the good rows and shows the bad ones with their reasons', async () => {
    await login(page(), baseURL, 'township');
    await page().goto(`${baseURL}/import`);
    await page().locator('input[type=file]').first().setInputFiles(messyCsv());
    // The mapping step comes first; nothing is written before 确认导入.
    await page().getByTestId('import-confirm').click();
    const summary = page().getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('新增2');
    const preview = page().getByTestId('import-error-preview');
    await preview.locator('tbody tr').nth(1).waitFor();
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('身份证号');
    expect(text).toContain('来本地时间');
    expect(text).toContain('不能晚于今天');
    await expect(page().getByTestId('error-report').getAttribute('href')).resolves.toMatch(/errors\.xlsx$/);
  });
});
