/**
 * The error report: an xlsx with one line per bad row (and per imported row worth a look, its reason
 * starting with （提示）) — its row number in the original file, the
 * column(s) at fault and the reason in Chinese — followed by the original cells under the original
 * header. Staff can fix the cells in the report and import the report itself: the three leading
 * columns are not recognised as data and are ignored. A second sheet, 汇总, gives the counts per category and
 * what to do about each (the importer reads only the first sheet, so the report still imports back).
 */
import type { Writable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import { importSummary } from '../../core/import-summary.ts';
import type { CellValue } from '../../core/import-values.ts';
import ExcelJS, { textCell } from '../../http/exceljs.ts';
import { errorRows, type ImportJob } from './import.repository.ts';

/** What the report needs of a job: a dry run has no row in import_job. */
export type ReportJob = Pick<
  ImportJob,
  'id' | 'header' | 'update_existing' | 'inserted' | 'updated' | 'unchanged' | 'failed' | 'duplicates' | 'warnings'
>;
export interface ReportRow {
  row_number: number;
  issues: { column: string; zh: string; en: string; warning?: boolean }[];
  cells_enc: string;
}

export const REPORT_COLUMNS = { row: '原行号', column: '出错列', reason: '错误原因' } as const;

export async function writeErrorReport(
  ctx: AppContext,
  job: ReportJob,
  output: Writable,
  options: { rows?: AsyncIterable<ReportRow> | Iterable<ReportRow>; dryRun?: boolean } = {},
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('错误报告');
  const header = [REPORT_COLUMNS.row, REPORT_COLUMNS.column, REPORT_COLUMNS.reason, ...(job.header ?? [])];
  const head = sheet.addRow(header.map(textCell));
  head.font = { bold: true };
  head.commit();
  sheet.getColumn(3).width = 60;
  let count = 0;
  for await (const e of options.rows ?? errorRows(ctx.db, job.id)) {
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
  const summary = workbook.addWorksheet('汇总');
  const top = summary.addRow(['类别', '行数', '怎么办'].map(textCell));
  top.font = { bold: true };
  top.commit();
  summary.getColumn(1).width = 20;
  summary.getColumn(3).width = 90;
  for (const line of importSummary(job, { update: job.update_existing, dryRun: options.dryRun }))
    summary.addRow([textCell(line.label.zh), line.count, textCell(line.advice.zh)]).commit();
  if (options.dryRun)
    summary.addRow([textCell('试运行：未导入任何数据'), null, textCell('确认无误后去掉 --dry-run 正式导入')]).commit();
  summary.commit();
  await workbook.commit();
  return count;
}
