/**
 * Monthly and annual report tables (月报表 / 年报表): one row per child unit plus a total row, column groups
 * under merged headers like the paper forms. The same table goes out as styled .xlsx and as CSV.
 */

import type { AppContext } from '../../context.ts';
import { chinaMinuteOf, documentDateTime } from '../../core/china-time.ts';
import { csvDocument } from '../../core/csv.ts';
import { formatRate, type PeriodSpec, type SuppressionCell } from '../../core/indicators.ts';
import ExcelJS from '../../http/exceljs.ts';
import { childDivisions } from './stats.repository.ts';
import {
  type Cell,
  evaluateWithSums,
  indicatorOrThrow,
  type PeriodStamp,
  periodStamp,
  scopedDivision,
  stampText,
  suppressionFor,
  toCell,
  type Viewer,
} from './stats.service.ts';

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

/** The report's columns (also the columns of the table the level above assembles from submissions). */
export function columns(kind: 'monthly' | 'annual'): Column[] {
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
    col('咨询投诉', '受理', 'complaints_received'),
    col('咨询投诉', '办结', 'complaints_resolved_in_time', 'denominator'),
    col('咨询投诉', '按时办结率', 'complaints_resolved_in_time'),
    col('避孕药具', '发放点', 'supply_points'),
    col('避孕药具', '发放量', 'stock_dispensed'),
    col('避孕药具', '库存', 'stock_level'),
    col('避孕药具', '可供天数', 'stock_days_of_supply'),
    col('十二户联勤', '联勤小组', 'household_groups'),
    col('十二户联勤', '值班记录', 'duty_logs'),
  ];
}

export interface ReportRow {
  name: string;
  /** A child unit, the unit's own office (本级: the total less its children), or the total. */
  kind: 'child' | 'own' | 'total';
  cells: (number | string | null)[];
}

export interface ReportTable {
  title: string;
  /** The download's name without extension: 梅堰社区-2026-11-月报. */
  fileName: string;
  unit: string;
  /** When the figures stand: a closed period's last day, or today for the period in progress. */
  stamp: PeriodStamp;
  /** The generated-at line: the only text that differs between two requests for a closed period. */
  generatedAt: string;
  columns: Column[];
  rows: ReportRow[];
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

/** Rounding noise of per-day averages is not activity. */
const nonZero = (v: number) => Math.abs(v) > 1e-9;

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
  const stamp = await periodStamp(ctx.db, period);
  const children = await childDivisions(ctx.db, division.code);
  const childCodes = children.map((c) => c.code);
  const codes = [...childCodes, division.code];
  const cols = columns(kind);
  const min = ctx.config.statsMinCell;
  // Per indicator: the cells of the children and the total, and 本级 = the total less the children's sum, so
  // the rows add up to 合计 in every column (activity recorded at the unit's own office has no child row).
  // 本级 is a difference of published rows, so it tells nothing new; it is withheld whenever the total or a
  // child is, so that it never gives a withheld cell back.
  const byIndicator = new Map<string, { cells: Map<string, Cell>; own: Cell | null; ownActive: boolean }>();
  for (const ic of new Set(cols.map((c) => c.indicator))) {
    const def = indicatorOrThrow(ic);
    // One pass gives both the published cells and the sums behind them (the 本级 difference needs the sums).
    const answers = await evaluateWithSums(ctx, def, codes, period, suppress);
    const cells = new Map([...answers].map(([c, a]) => [c, a.cell]));
    const rest = (part: (c: SuppressionCell) => number) => {
      const of = (c: string) => {
        const a = answers.get(c);
        return a ? part(a.raw) : 0;
      };
      return of(division.code) - childCodes.reduce((a, c) => a + of(c), 0);
    };
    const ownNum = rest((c) => c.numerator);
    const ownDen = def.denominator ? rest((c) => c.denominator ?? 0) : null;
    const hidden = codes.some((c) => cells.get(c)?.suppressed);
    byIndicator.set(ic, {
      cells,
      own: childCodes.length > 0 ? toCell(def, ownNum, ownDen, hidden) : null,
      ownActive: childCodes.length > 0 && (nonZero(ownNum) || (ownDen !== null && nonZero(ownDen))),
    });
  }
  const rowOf = (name: string, kind: ReportRow['kind'], cellOf: (ic: string) => Cell | undefined): ReportRow => ({
    name,
    kind,
    cells: cols.map((k) => cellText(cellOf(k.indicator), k.part, indicatorOrThrow(k.indicator).factor)),
  });
  const ownActive = [...byIndicator.values()].some((x) => x.ownActive);
  return {
    title: `${division.fullName}流动人口计划生育服务${kind === 'monthly' ? '月' : '年'}报表（${periodText(period)}）`,
    fileName: `${division.name}-${period.kind === 'year' ? period.year : period.month}-${kind === 'monthly' ? '月报' : '年报'}`,
    unit: division.fullName,
    stamp,
    generatedAt: chinaMinuteOf(new Date()),
    columns: cols,
    rows: [
      ...children.map((c) => rowOf(c.name, 'child', (ic) => byIndicator.get(ic)?.cells.get(c.code))),
      ...(ownActive ? [rowOf(OWN_ROW, 'own', (ic) => byIndicator.get(ic)?.own ?? undefined)] : []),
      rowOf('合计', 'total', (ic) => byIndicator.get(ic)?.cells.get(division.code)),
    ],
    suppressed: suppress,
    minCell: min,
  };
}

const OWN_ROW = '本级';

const NOTE =
  '说明：人数为统计时点在册（未登记离开）人员；年龄按统计年度减出生年份计算；办证率 = 持有效婚育证明的流出已婚育龄妇女 ÷ 流出已婚育龄妇女；' +
  '避孕节育率以本人在最近一次避孕咨询中的答复为准。已结束的统计期，人数及各率取统计期最后一天的月末数据，业务数取统计期内发生的业务；' +
  '本级 = 合计 − 各下级之和：本单位机关办理的业务和直接登记在本单位的人员（在本单位两个下级之间流动的人员在下级计入流动人口、在本单位不计，本级人数因此可能为负）。';

const generatedLine = (t: ReportTable) =>
  `生成时间：${documentDateTime(new Date(`${t.generatedAt.replace(' ', 'T')}:00+08:00`))}`;

function suppressionNote(t: ReportTable): string {
  return t.suppressed
    ? `为保护个人信息，小于${t.minCell}的数、可据以推算的比率及可据以反推出它们的数不予显示（空白）。`
    : '';
}

export async function reportXlsx(t: ReportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Liudong';
  // The file's own dates are the generated-at time too; nothing else in it depends on when it was made.
  wb.created = wb.modified = new Date(`${t.generatedAt.replace(' ', 'T')}:00+08:00`);
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
  ws.getCell(2, 1).value = `填报单位：${t.unit}　　统计时点：${stampText(t.stamp)}　　单位：人、份、人次、天、%`;
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
      if (row.kind === 'total') cell.font = { bold: true };
    });
  });
  const after = 5 + t.rows.length;
  ws.mergeCells(after, 1, after, width);
  ws.getCell(after, 1).value = NOTE + suppressionNote(t);
  ws.getCell(after, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(after).height = 45;
  ws.mergeCells(after + 1, 1, after + 1, width);
  ws.getCell(after + 1, 1).value = '单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　填报日期：';
  ws.mergeCells(after + 2, 1, after + 2, width);
  ws.getCell(after + 2, 1).value = generatedLine(t);
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
    [`统计时点：${stampText(t.stamp)}`],
    [generatedLine(t)],
  ]);
}
