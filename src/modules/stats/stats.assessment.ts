/**
 * Staff assessment storage; the ranking rules live in src/core/indicators-assessment.ts.
 */
import type { AppContext } from '../../context.ts';
import { type AssessmentEntry, rankAssessment } from '../../core/indicators-assessment.ts';
import { scoped } from '../../db/scoped.ts';
import ExcelJS from '../../http/exceljs.ts';
import type { SessionUser } from '../../http/session.ts';
import { scopedDivision, type Viewer } from './stats.service.ts';

async function entriesOf(ctx: AppContext, division: string, year: number) {
  const rows = await ctx.db
    .selectFrom('staff_assessment')
    .select(['staff_name', 'discipline_score', 'work_score', 'notes'])
    .where('division_code', '=', division)
    .where('year', '=', year)
    .orderBy('staff_name')
    .execute();
  return rows.map((r) => ({
    staffName: r.staff_name,
    discipline: Number(r.discipline_score),
    work: Number(r.work_score),
    notes: r.notes,
  }));
}

/** This year's ranking, with last year's last place(s) to flag a second year running. */
export async function assessment(ctx: AppContext, viewer: Viewer, code: string | undefined, year: number) {
  const division = await scopedDivision(ctx.db, viewer, code);
  const entries = await entriesOf(ctx, division.code, year);
  const lastYear = rankAssessment(await entriesOf(ctx, division.code, year - 1));
  const lastYearLast = new Set(lastYear.filter((r) => r.lastPlace).map((r) => r.staffName));
  const notes = new Map(entries.map((e) => [e.staffName, e.notes]));
  return {
    division,
    year,
    weights: { discipline: 40, work: 60 },
    results: rankAssessment(entries, lastYearLast).map((r) => ({ ...r, notes: notes.get(r.staffName) ?? null })),
    unitsBelow: await unitsBelow(ctx, division.code, year),
  };
}

/**
 * Units under a division that have assessed staff that year. Assessments are kept per unit (a township's
 * community staff), so a county officer's own level is usually empty: this says where to look.
 */
async function unitsBelow(ctx: AppContext, code: string, year: number) {
  const rows = await scoped(ctx.db, code)
    .selectFrom('staff_assessment as a')
    .innerJoin('division as d', 'd.code', 'a.division_code')
    .select(['d.code', 'd.name', (eb) => eb.fn.countAll<string>().as('staff')])
    .where('a.year', '=', year)
    .where('a.division_code', '<>', code)
    .groupBy(['d.code', 'd.name'])
    .orderBy('d.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, staff: Number(r.staff) }));
}

export async function saveAssessment(
  ctx: AppContext,
  user: SessionUser,
  code: string,
  year: number,
  entries: (AssessmentEntry & { notes?: string | null | undefined })[],
) {
  const division = await scopedDivision(ctx.db, user, code);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('staff_assessment')
      .where('division_code', '=', division.code)
      .where('year', '=', year)
      .execute();
    if (entries.length > 0) {
      await trx
        .insertInto('staff_assessment')
        .values(
          entries.map((e) => ({
            division_code: division.code,
            year,
            staff_name: e.staffName,
            discipline_score: e.discipline,
            work_score: e.work,
            notes: e.notes ?? null,
            entered_by: user.id,
          })),
        )
        .execute();
    }
  });
}

export async function assessmentXlsx(result: Awaited<ReturnType<typeof assessment>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考核');
  const header = ['排名', '姓名', '纪律考核（40%）', '业务考核（60%）', '综合得分', '奖金浮动', '连续两年末位', '备注'];
  ws.mergeCells(1, 1, 1, header.length);
  ws.getCell(1, 1).value = `${result.division.fullName}${result.year}年度流动人口计生专管员考核结果`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  for (const r of result.results) {
    ws.addRow([
      r.rank,
      r.staffName,
      r.discipline,
      r.work,
      r.total,
      r.bonusAdjustment === 0 ? '—' : `${r.bonusAdjustment > 0 ? '+' : ''}${r.bonusAdjustment}%`,
      r.flagged ? '是（请按考核办法研究处理）' : '',
      r.notes ?? '',
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 6 ? 26 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
