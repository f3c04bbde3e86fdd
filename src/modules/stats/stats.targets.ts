/**
 * Responsibility targets (目标管理责任制, seed report 4) are set by the level above for the units below it: a
 * user sets targets only for units strictly below their own division, never for their own unit or above. Every
 * change is kept (stat_target_history): who set what, when, and how. A county publishes one year's targets for
 * all its townships in one step from an xlsx template.
 */
import type { AppContext } from '../../context.ts';
import { isWithin } from '../../core/divisions.ts';
import { AppError, type ErrorIssue, fieldIssue } from '../../core/errors.ts';
import { DEFAULT_TARGETS, INDICATOR_BY_CODE } from '../../core/indicators.ts';
import type { Db } from '../../db/database.ts';
import ExcelJS from '../../http/exceljs.ts';
import type { SessionUser } from '../../http/session.ts';
import { type DivisionRef, getDivision } from '../divisions/index.ts';
import { childDivisions } from './stats.repository.ts';
import { DIVISION, effectiveTargets } from './stats.service.ts';

export interface TargetInput {
  indicator: string;
  comparator: '>=' | '<=';
  value: number;
}

const SET_FROM_ABOVE = {
  zh: '目标由上级单位下达：只能为本单位以下的单位设置目标',
  en: 'Targets are set by the level above: you may set them only for units below your own',
};

/**
 * The unit whose targets the user may set. Own unit or one above: 403 (the user knows those units exist);
 * anywhere else outside the subtree: 404, like records.
 */
export async function unitBelow(db: Db, user: SessionUser, code: string): Promise<DivisionRef> {
  if (isWithin(user.divisionCode, code)) throw new AppError('FORBIDDEN', 403, SET_FROM_ABOVE);
  if (!isWithin(code, user.divisionCode)) throw AppError.notFound(DIVISION);
  const node = await getDivision(db, code);
  if (!node) throw AppError.notFound(DIVISION);
  return { code: node.code, name: node.name, fullName: node.fullName, level: node.level };
}

/** Replaces a unit's targets for a year and records the change. */
async function replaceTargets(
  trx: Db,
  user: SessionUser,
  code: string,
  year: number,
  targets: TargetInput[],
  source: 'api' | 'xlsx',
) {
  await trx.deleteFrom('stat_target').where('division_code', '=', code).where('year', '=', year).execute();
  if (targets.length > 0) {
    await trx
      .insertInto('stat_target')
      .values(targets.map((t) => ({ division_code: code, year, ...t, set_by: user.id })))
      .execute();
  }
  await trx
    .insertInto('stat_target_history')
    .values({
      division_code: code,
      year,
      targets: JSON.stringify(targets),
      source,
      set_by: user.id,
      set_by_division: user.divisionCode,
    })
    .execute();
}

/** Replaces the targets of a unit below the user's for a year. */
export async function saveTargets(
  ctx: AppContext,
  user: SessionUser,
  code: string,
  year: number,
  targets: TargetInput[],
) {
  const division = await unitBelow(ctx.db, user, code);
  await ctx.db.transaction().execute((trx) => replaceTargets(trx, user, division.code, year, targets, 'api'));
  return division;
}

/** Every change of a unit's targets for a year, newest first, with who made it. */
export async function targetHistory(db: Db, code: string, year: number) {
  const rows = await db
    .selectFrom('stat_target_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.set_by')
    .select(['h.targets', 'h.source', 'h.set_by_division', 'h.set_at', 'u.username', 'u.display_name'])
    .where('h.division_code', '=', code)
    .where('h.year', '=', year)
    .orderBy('h.id', 'desc')
    .execute();
  return rows.map((r) => ({
    targets: r.targets,
    source: r.source,
    setBy: r.username === null ? null : { username: r.username, name: r.display_name },
    setByDivision: r.set_by_division,
    setAt: new Date(r.set_at).toISOString(),
  }));
}

/** The template's columns: one per target indicator, each with its fixed comparator. */
const TEMPLATE_COLUMNS = DEFAULT_TARGETS.map((t) => ({
  indicator: t.indicator,
  comparator: t.comparator,
  header: `${INDICATOR_BY_CODE.get(t.indicator)?.name.zh ?? t.indicator}（${t.comparator === '>=' ? '≥' : '≤'}%）`,
}));
const FIRST_DATA_ROW = 4;

/** The xlsx template of a year's targets for the units directly below the user's, filled with those in force. */
export async function targetTemplate(ctx: AppContext, user: SessionUser, year: number): Promise<Buffer> {
  const unit = await getDivision(ctx.db, user.divisionCode);
  const children = await childDivisions(ctx.db, user.divisionCode);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目标');
  ws.mergeCells(1, 1, 1, TEMPLATE_COLUMNS.length + 2);
  ws.getCell(1, 1).value = `${unit?.fullName ?? ''}${year}年度目标管理责任制指标（下达各下级单位）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(2, 1, 2, TEMPLATE_COLUMNS.length + 2);
  ws.getCell(2, 1).value = '填写说明：目标值为百分数（0–100），留空表示沿用上级或系统默认目标；请勿修改单位代码。';
  ws.addRow(['单位代码', '单位', ...TEMPLATE_COLUMNS.map((c) => c.header)]).font = { bold: true };
  for (const child of children) {
    const own = await effectiveTargets(ctx.db, child.code, year);
    ws.addRow([
      child.code,
      child.name,
      ...TEMPLATE_COLUMNS.map((c) => {
        const t = own.get(c.indicator);
        return t && t.setAt === child.code ? t.value : null;
      }),
    ]);
  }
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 20;
  for (let i = 0; i < TEMPLATE_COLUMNS.length; i++) ws.getColumn(i + 3).width = 18;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const FILE = { zh: '文件', en: 'File' };

/**
 * Publishes a filled template: every row's targets replace that unit's for the year, all in one transaction, or
 * nothing changes and every problem is named (row and column).
 */
export async function publishTargets(ctx: AppContext, user: SessionUser, year: number, bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw AppError.validation([
      fieldIssue('file', FILE, { zh: '不是有效的 xlsx 文件', en: 'is not a valid xlsx file' }),
    ]);
  }
  const ws = wb.worksheets[0];
  const children = new Map((await childDivisions(ctx.db, user.divisionCode)).map((c) => [c.code, c.name]));
  const issues: ErrorIssue[] = [];
  const units: { code: string; targets: TargetInput[] }[] = [];
  const header = ws ? (ws.getRow(FIRST_DATA_ROW - 1).values as unknown[]) : [];
  if (!ws || TEMPLATE_COLUMNS.some((c, i) => String(header[i + 3] ?? '') !== c.header)) {
    throw AppError.validation([
      fieldIssue('file', FILE, { zh: '不是目标下达模板，请先下载模板', en: 'is not the targets template' }),
    ]);
  }
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = String(row.getCell(1).value ?? '').trim();
    if (!code) continue;
    const where = { zh: `第${r}行`, en: `Row ${r}` };
    if (!children.has(code)) {
      issues.push(
        fieldIssue(`rows.${r}.code`, where, {
          zh: `单位代码 ${code} 不是本单位的直接下级`,
          en: `unit ${code} is not directly below yours`,
        }),
      );
      continue;
    }
    const targets: TargetInput[] = [];
    TEMPLATE_COLUMNS.forEach((c, i) => {
      const raw = row.getCell(i + 3).value;
      if (raw === null || raw === undefined || String(raw).trim() === '') return;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0 || value > 100) {
        issues.push(
          fieldIssue(`rows.${r}.${c.indicator}`, where, {
            zh: `${c.header}应为 0–100 的数`,
            en: `${c.indicator} must be a number from 0 to 100`,
          }),
        );
        return;
      }
      targets.push({ indicator: c.indicator, comparator: c.comparator, value });
    });
    units.push({ code, targets });
  }
  if (issues.length > 0) throw AppError.validation(issues);
  if (units.length === 0) {
    throw AppError.validation([fieldIssue('file', FILE, { zh: '没有任何单位的目标', en: 'holds no unit' })]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    for (const u of units) await replaceTargets(trx, user, u.code, year, u.targets, 'xlsx');
  });
  return { year, units: units.map((u) => ({ code: u.code, name: children.get(u.code), targets: u.targets })) };
}
