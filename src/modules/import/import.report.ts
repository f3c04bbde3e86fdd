/**
 * The error report: an xlsx with one line per bad row (and per imported row worth a look, its reason
 * starting with （提示）) — its row number in the original file, the
 * column(s) at fault and the reason in Chinese — followed by the original cells under the original
 * header. Staff can fix the cells in the report and import the report itself: the three leading
 * columns are not recognised as data and are ignored.
 */
import type { Writable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import type { CellValue } from '../../core/import-values.ts';
import ExcelJS, { textCell } from './exceljs.ts';
import { errorRows, type ImportJob } from './import.repository.ts';

export const REPORT_COLUMNS = { row: '原行号', column: '出错列', reason: '错误原因' } as const;

export async function writeErrorReport(ctx: AppContext, job: ImportJob, output: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('错误报告');
  const header = [REPORT_COLUMNS.row, REPORT_COLUMNS.column, REPORT_COLUMNS.reason, ...(job.header ?? [])];
  const head = sheet.addRow(header.map(textCell));
  head.font = { bold: true };
  head.commit();
  sheet.getColumn(3).width = 60;
  let count = 0;
  for await (const e of errorRows(ctx.db, job.id)) {
    const cells = JSON.parse(ctx.pii.decrypt(e.cells_enc)) as CellValue[];
    const columns = [...new Set(e.issues.map((i) => i.column).filter(Boolean))].join('、');
    // A warning row was imported; its reason says so, so nobody imports it twice by hand.
    const reasons = e.issues
      .map((i) => `${i.warning ? '（提示）' : ''}${i.column ? `${i.column}：${i.zh}` : i.zh}`)
      .join('；');
    // Every string is an inline text cell: ID numbers cannot be rounded, a formula-like cell stays text.
    const original = cells.map((c) => (typeof c === 'string' ? textCell(c) : (c ?? null)));
    sheet.addRow([e.row_number, textCell(columns), textCell(reasons), ...original]).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
