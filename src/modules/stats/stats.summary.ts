/**
 * The draft annual work summary (年度工作总结（草稿）) as .docx: the "basic situation" section is written from
 * measured figures (src/core/indicators-summary.ts, measured in stats.summary-figures.ts); the other sections
 * are headed, with prompts for staff.
 */

import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { AppContext } from '../../context.ts';
import { documentDateTime } from '../../core/china-time.ts';
import { formatRate, KEY_RATES } from '../../core/indicators.ts';
import { basicSituation } from '../../core/indicators-summary.ts';
import { type TrainingFigures, trainingFigures } from '../training/index.ts';
import {
  type Cell,
  effectiveTargets,
  evaluate,
  indicatorOrThrow,
  stampText,
  suppressionFor,
  type Viewer,
} from './stats.service.ts';
import { summaryFigures } from './stats.summary-figures.ts';

const FONT = '仿宋';

function para(text: string, opts: { bold?: boolean; indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, bold: opts.bold ?? false, font: FONT, size: 32 })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, font: '黑体', size: 32, color: '000000' })],
  });
}

const prompt = (text: string) => para(`【${text}】`);

/** Staff training (issue 26 part 7), counted from the training records of the unit's offices. */
function trainingLine(t: TrainingFigures): string {
  if (t.sessions === 0) return '本年度未登记工作人员业务培训。';
  const hours = Number.isInteger(t.hours) ? String(t.hours) : t.hours.toFixed(1);
  return `组织工作人员业务培训${t.sessions}期，共${hours}学时，参训${t.attendances}人次。`;
}

export async function summaryDocx(ctx: AppContext, viewer: Viewer, code: string | undefined, year: number) {
  const { division, figures, stamp } = await summaryFigures(ctx, viewer, code, year);
  const targets = await effectiveTargets(ctx.db, division.code, year);
  const rates = await Promise.all(
    KEY_RATES.map(async (ic) => {
      const def = indicatorOrThrow(ic);
      const c = (await evaluate(ctx, def, [division.code], { kind: 'year', year }, suppressionFor(viewer, false))).get(
        division.code,
      ) as Cell;
      return { name: def.name.zh, value: c.value, target: targets.get(ic) };
    }),
  );
  const cellP = (text: string, bold = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text, bold, font: FONT, size: 24 })],
        }),
      ],
    });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ children: ['指标', '实测', '目标', '完成情况'].map((t) => cellP(t, true)) }),
      ...rates.map(
        (r) =>
          new TableRow({
            children: [
              cellP(r.name),
              cellP(formatRate(r.value)),
              cellP(r.target ? `${r.target.comparator === '>=' ? '≥' : '≤'}${r.target.value}%` : '—'),
              cellP(
                r.value === null || !r.target
                  ? '—'
                  : (r.target.comparator === '>=' ? r.value >= r.target.value : r.value <= r.target.value)
                    ? '达标'
                    : '未达标',
              ),
            ],
          }),
      ),
    ],
  });
  const training = await trainingFigures(ctx.db, {
    divisionCode: division.code,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
  });
  const situation = [...basicSituation(figures), trainingLine(training)].map((p, i) => para(`${i + 1}、${p}`));
  const doc = new Document({
    creator: 'Liudong',
    title: `${division.name}${year}年流动人口计划生育工作总结（草稿）`,
    styles: { default: { document: { run: { font: FONT, size: 32 } } } },
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [
              new TextRun({
                text: `${division.name}${year}年流动人口计划生育工作总结`,
                bold: true,
                font: '宋体',
                size: 44,
              }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: '（草稿，由系统根据统计数据生成，请核对修改）', font: FONT, size: 24 })],
          }),
          para(
            `${year}年，在上级党委、政府的正确领导和卫生健康部门的业务指导下，${division.name}认真贯彻落实流动人口计划生育服务管理各项要求，` +
              '坚持以人为本、寓管理于服务之中，切实维护流动人口合法权益，现将有关工作总结如下：',
          ),
          heading('一、流动人口基本情况'),
          ...situation,
          para('主要指标完成情况如下表：'),
          table,
          heading('二、主要工作'),
          para('（一）加强领导，完善制度', { bold: true }),
          prompt('请填写组织领导、部门协作、经费保障等情况'),
          para('（二）为流动人口提供方便、快捷的优质服务', { bold: true }),
          prompt('请填写免费服务、婚育证明办理与查验、便民维权等情况'),
          heading('三、创新工作'),
          prompt('请填写本年度的创新做法'),
          heading('四、存在的主要问题'),
          prompt('请填写'),
          heading('五、下年打算'),
          prompt('请填写'),
          para(`统计时点：${stampText(stamp)}`, { indent: false }),
          // The generated-at line: the only text that differs between two drafts of a closed year.
          para(`生成时间：${documentDateTime(new Date())}`, { indent: false }),
        ],
      },
    ],
  });
  return { division, figures, buffer: await Packer.toBuffer(doc) };
}
