/**
 * Monthly and annual report tables (月报表 / 年报表): one row per child unit plus a total row, column groups
 * under merged headers like the paper forms. The same table goes out as styled .xlsx and as CSV.
 */

import type { AppContext } from '../../context.ts';
import { chinaToday } from '../../core/china-time.ts';
import { csvDocument } from '../../core/csv.ts';
import { formatRate, type PeriodSpec } from '../../core/indicators.ts';
import ExcelJS from '../import/exceljs.ts';
import { childDivisions } from './stats.repository.ts';
import { type Cell, evaluate, indicatorOrThrow, scopedDivision, suppressionFor, type Viewer } from './stats.service.ts';

interface Column {
  group: string;
  label: string;
  indicator: string;
  part: 'value' | 'numerator' | 'denominator';
}

const col = (group: string, label: string, indicator: string, part: Column['part'] = 'value'): Column => ({
  group,
  label,
  indicator,
  part,
});

function columns(kind: 'monthly' | 'annual'): Column[] {
  const work = kind === 'monthly' ? '本月业务' : '本年业务';
  return [
    col('流入人口', '合计', 'inflow_total'),
    col('流入人口', '男', 'inflow_male'),
    col('流入人口', '女', 'inflow_female'),
    col('流出人口', '合计', 'outflow_total'),
    col('流出人口', '男', 'outflow_male'),
    col('流出人口', '女', 'outflow_female'),
    col('流出已婚育龄妇女', '人数', 'certificate_rate', 'denominator'),
    col('流出已婚育龄妇女', '持证', 'certificate_rate', 'numerator'),
    col('流出已婚育龄妇女', '办证率', 'certificate_rate'),
    col('流出已婚育龄妇女', '避孕节育', 'contraceptive_prevalence', 'numerator'),
    col('流出已婚育龄妇女', '避孕节育率', 'contraceptive_prevalence'),
    col('流入已婚育龄妇女', '人数', 'verification_rate', 'denominator'),
    col('流入已婚育龄妇女', '已验证', 'verification_rate', 'numerator'),
    col('流入已婚育龄妇女', '验证率', 'verification_rate'),
    col('流入已婚育龄妇女', '已检查', 'checkup_coverage', 'numerator'),
    col('流入已婚育龄妇女', '检查覆盖率', 'checkup_coverage'),
    col(work, '新来本地', 'arrivals'),
    col(work, '办理证明', 'certificates_issued'),
    col(work, '查验证明', 'certificate_checks'),
    col(work, '提供服务', 'services_done'),
    col(work, '生育登记', 'birth_registrations'),
    col(work, '宣传活动', 'outreach_events'),
    col(work, '发放宣传资料', 'outreach_materials'),
    col(work, '活动参与人次', 'outreach_attendance'),
    col('信息交换', '发出协查通报', 'exchange_sent'),
    col('信息交换', '收到协查通报', 'exchange_received'),
    col('信息交换', '按时反馈率', 'exchange_feedback_on_time'),
    col('信息交换', '配对率', 'exchange_pairing_rate'),
    col('咨询投诉', '办结', 'complaints_resolved_in_time', 'denominator'),
    col('咨询投诉', '按时办结率', 'complaints_resolved_in_time'),
    col('避孕药具', '库存', 'stock_level'),
    col('避孕药具', '可供天数', 'stock_days_of_supply'),
  ];
}

export interface ReportTable {
  title: string;
  unit: string;
  asOf: string;
  columns: Column[];
  rows: { name: string; cells: (number | string | null)[] }[];
  suppressed: boolean;
  minCell: number;
}

function periodText(p: PeriodSpec): string {
  return p.kind === 'year' ? `${p.year}年` : `${p.month.slice(0, 4)}年${Number(p.month.slice(5))}月`;
}

function cellText(c: Cell | undefined, part: Column['part'], factor: number): number | string | null {
  if (!c) return null;
  if (part === 'value') {
    if (factor === 1) return c.value;
    return c.value === null ? (c.suppressed ? null : '—') : formatRate(c.value, factor as 100);
  }
  return part === 'numerator' ? c.numerator : c.denominator;
}

export async function buildReport(
  ctx: AppContext,
  viewer: Viewer,
  kind: 'monthly' | 'annual',
  code: string | undefined,
  period: PeriodSpec,
  publicExport: boolean,
): Promise<ReportTable> {
  const division = await scopedDivision(ctx.db, viewer, code);
  const suppress = suppressionFor(viewer, publicExport);
  const children = await childDivisions(ctx.db, division.code);
  const codes = [...children.map((c) => c.code), division.code];
  const cols = columns(kind);
  const byIndicator = new Map<string, Map<string, Cell>>();
  for (const ic of new Set(cols.map((c) => c.indicator))) {
    byIndicator.set(ic, await evaluate(ctx, indicatorOrThrow(ic), codes, period, suppress));
  }
  const names = new Map([...children.map((c) => [c.code, c.name] as const), [division.code, '合计']]);
  return {
    title: `${division.fullName}流动人口计划生育服务${kind === 'monthly' ? '月' : '年'}报表（${periodText(period)}）`,
    unit: division.fullName,
    asOf: chinaToday(),
    columns: cols,
    rows: codes.map((c) => ({
      name: names.get(c) ?? c,
      cells: cols.map((k) =>
        cellText(byIndicator.get(k.indicator)?.get(c), k.part, indicatorOrThrow(k.indicator).factor),
      ),
    })),
    suppressed: suppress,
    minCell: ctx.config.statsMinCell,
  };
}

const NOTE =
  '说明：人数为统计时点在册（未登记离开）人员；年龄按统计年度减出生年份计算；办证率 = 持有效婚育证明的流出已婚育龄妇女 ÷ 流出已婚育龄妇女；' +
  '避孕节育率以本人在最近一次避孕咨询中的答复为准。';

function suppressionNote(t: ReportTable): string {
  return t.suppressed
    ? `为保护个人信息，小于${t.minCell}的数、可据以推算的比率及可据以反推出它们的数不予显示（空白）。`
    : '';
}

export async function reportXlsx(t: ReportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liudong';
  const ws = wb.addWorksheet('报表', { views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }] });
  const width = t.columns.length + 1;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = t.title;
  title.font = { bold: true, size: 16, name: '宋体' };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = `填报单位：${t.unit}　　统计时点：截至${t.asOf}　　单位：人、份、人次、天、%`;
  ws.getCell(2, 1).alignment = { horizontal: 'left' };
  // Two header rows: merged group names above the column labels; 单位 spans both.
  ws.mergeCells(3, 1, 4, 1);
  ws.getCell(3, 1).value = '单位';
  let start = 0;
  while (start < t.columns.length) {
    const group = t.columns[start]?.group;
    let end = start;
    while (end + 1 < t.columns.length && t.columns[end + 1]?.group === group) end++;
    if (end > start) ws.mergeCells(3, start + 2, 3, end + 2);
    ws.getCell(3, start + 2).value = group ?? '';
    start = end + 1;
  }
  t.columns.forEach((c, i) => {
    ws.getCell(4, i + 2).value = c.label;
  });
  for (const r of [3, 4]) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true, name: '宋体' };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.border = border;
    }
  }
  t.rows.forEach((row, i) => {
    const r = ws.getRow(5 + i);
    r.values = [row.name, ...row.cells.map((v) => (v === null ? '' : v))];
    r.eachCell({ includeEmpty: true }, (cell, n) => {
      cell.border = border;
      cell.alignment = { horizontal: n === 1 ? 'left' : 'right' };
      if (i === t.rows.length - 1) cell.font = { bold: true };
    });
  });
  const after = 5 + t.rows.length;
  ws.mergeCells(after, 1, after, width);
  ws.getCell(after, 1).value = NOTE + suppressionNote(t);
  ws.getCell(after, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(after).height = 45;
  ws.mergeCells(after + 1, 1, after + 1, width);
  ws.getCell(after + 1, 1).value = '单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　填报日期：';
  ws.getColumn(1).width = 22;
  for (let c = 2; c <= width; c++) ws.getColumn(c).width = 10;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV with a BOM so Excel opens it as UTF-8; the two header rows become one "组-列" header. */
export function reportCsv(t: ReportTable): string {
  const note = suppressionNote(t);
  return csvDocument([
    ['单位', ...t.columns.map((c) => `${c.group}-${c.label}`)],
    ...t.rows.map((r) => [r.name, ...r.cells]),
    ...(note ? [[note]] : []),
  ]);
}
