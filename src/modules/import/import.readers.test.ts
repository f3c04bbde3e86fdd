import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../http/exceljs.ts';
import { checkImportFile } from './import.file.ts';
import { openRows } from './import.readers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-readers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string) {
  const rows = [];
  for await (const row of openRows(await checkImportFile(file)).rows) rows.push(row);
  return rows;
}

describe('xlsx reader', () => {
  it('keeps Chinese characters intact across inflate chunk boundaries', async () => {
    const file = path.join(dir, 'many.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('s');
    const names = Array.from({ length: 4000 }, (_, i) => `安徽省阜阳市临泉县城关镇${i}号初婚`);
    for (const name of names) ws.addRow([name]).commit();
    ws.commit();
    await wb.commit();
    const rows = await readAll(file);
    expect(rows.map((r) => r.cells[0])).toEqual(names);
  });
});

describe('csv reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', async () => {
    const file = path.join(dir, 'q.csv');
    fs.writeFileSync(file, '\uFEFF姓名,住址\r\n"张三","人民路1号,2幢"\r\n"李""四""","两行\n地址"\r\n');
    const rows = await readAll(file);
    expect(rows.map((r) => r.cells)).toEqual([
      ['姓名', '住址'],
      ['张三', '人民路1号,2幢'],
      ['李"四"', '两行\n地址'],
    ]);
  });

  it('decodes GBK', async () => {
    const file = path.join(dir, 'gbk.csv');
    fs.writeFileSync(file, iconv.encode('姓名,户籍地\n王芳,安徽省阜阳市临泉县\n', 'gbk'));
    expect((await checkImportFile(file)).encoding).toBe('gb18030');
    expect((await readAll(file))[1]?.cells).toEqual(['王芳', '安徽省阜阳市临泉县']);
  });
});
