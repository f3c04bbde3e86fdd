/**
 * The level above's view of a month's submissions: each unit directly below, with its state (未上报 / 已上报
 * 第N版 / 已更正, local or received from another deployment) and its submitted figures, and the table assembled
 * from them. Only the units' own total rows are used: the level above sees what each unit submitted, nothing
 * computed here from people.
 */
import type { AppContext } from '../../context.ts';
import { chinaMinuteOf, chinaToday } from '../../core/china-time.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import {
  type AssembledUnit,
  assembledTotal,
  type FrozenColumn,
  type FrozenReport,
  type FrozenRow,
} from '../../core/stats-submission.ts';
import { scoped } from '../../db/scoped.ts';
import { columns, type ReportTable } from './stats.reports.ts';
import { childDivisions } from './stats.repository.ts';
import { scopedDivision, type Viewer } from './stats.service.ts';
import { lastDayOf, type SubmissionView, submissionView } from './stats.submission.ts';

const LEVEL_FIELD = { zh: '单位级别', en: 'Level' };

export type SubmissionState = 'not_submitted' | 'submitted' | 'corrected';

export interface UnitSubmission {
  code: string;
  name: string;
  state: SubmissionState;
  /** The version in force (the latest), null when not submitted. */
  current: SubmissionView | null;
  /** The unit's submitted 合计 row, aligned to `columns`. */
  total: FrozenRow['cells'] | null;
}

export interface SubmissionOverview {
  division: { code: string; name: string; fullName: string; level: number };
  /** The level of the units listed (the unit's own level + 1 unless asked otherwise). */
  unitLevel: number;
  period: string;
  closed: boolean;
  /** "截至2026-11-30", or "截至2026-12-07（本期未结束）" for the month in progress. */
  label: string;
  /** The unit's own submission to the level above. */
  own: UnitSubmission;
  /** Whether the unit has a level above to submit to. */
  canSubmit: boolean;
  columns: FrozenColumn[];
  units: UnitSubmission[];
}

const stateOf = (v: SubmissionView | null): SubmissionState =>
  !v ? 'not_submitted' : v.version > 1 ? 'corrected' : 'submitted';

/** A unit's cells in another table's column order (matched by indicator and part; missing: blank). */
function align(report: FrozenReport, cols: readonly FrozenColumn[]): FrozenRow['cells'] | null {
  const total = report.rows.find((r) => r.kind === 'total');
  if (!total) return null;
  const at = new Map(report.columns.map((c, i) => [`${c.indicator}:${c.part}`, total.cells[i] ?? null]));
  return cols.map((c) => at.get(`${c.indicator}:${c.part}`) ?? null);
}

export async function submissionOverview(
  ctx: AppContext,
  viewer: Viewer,
  division: string | undefined,
  period: string,
  level?: number,
): Promise<SubmissionOverview> {
  const unit = await scopedDivision(ctx.db, viewer, division);
  // By default the units directly below; `level` (e.g. 3 at a province) lists every unit of that level below,
  // so a province sees its counties' submissions without a table per city in between.
  const depth = level ?? unit.level + 1;
  if (level !== undefined && (depth <= unit.level || depth > 4)) {
    throw AppError.validation([
      fieldIssue('level', LEVEL_FIELD, {
        zh: `应为本单位以下的级别（${unit.level + 1}–4）`,
        en: `must be a level below the unit (${unit.level + 1}–4)`,
      }),
    ]);
  }
  // Villages do not submit (their managers have no submission role): a township lists no units below.
  const children =
    depth > 4
      ? []
      : depth === unit.level + 1
        ? await childDivisions(ctx.db, unit.code)
        : await scoped(ctx.db, unit.code)
            .selectFrom('division')
            .select(['code', 'name'])
            .where('level', '=', depth)
            .orderBy('code')
            .execute();
  const cols = columns('monthly').map(({ group, label, indicator, part }) => ({ group, label, indicator, part }));
  const codes = [unit.code, ...children.map((c) => c.code)];
  const rows = await ctx.db
    .selectFrom('stat_submission')
    .selectAll()
    .where('division_code', 'in', codes)
    .where('period_kind', '=', 'month')
    .where('period_key', '=', period)
    .where('status', '=', 'submitted')
    .execute();
  const byCode = new Map(rows.map((r) => [r.division_code, r]));
  const entry = (code: string, name: string): UnitSubmission => {
    const row = byCode.get(code);
    const current = row ? submissionView(row) : null;
    return { code, name, state: stateOf(current), current, total: row ? align(row.cells as FrozenReport, cols) : null };
  };
  const today = chinaToday();
  const closed = period < today.slice(0, 7);
  const parent = await ctx.db
    .selectFrom('division')
    .select('parent_code')
    .where('code', '=', unit.code)
    .executeTakeFirst();
  return {
    division: { code: unit.code, name: unit.name, fullName: unit.fullName, level: unit.level },
    unitLevel: depth,
    period,
    closed,
    label: closed ? `截至${lastDayOf(period)}` : `截至${today}（本期未结束）`,
    own: entry(unit.code, unit.name),
    canSubmit: !!parent?.parent_code,
    columns: cols,
    units: children.map((c) => entry(c.code, c.name)),
  };
}

/** The level above's table for a month, one row per unit below from its submission (blank: not submitted). */
export function assembledTable(o: SubmissionOverview): ReportTable {
  const units: AssembledUnit[] = o.units.map((u) => ({ code: u.code, name: u.name, cells: u.total }));
  const submitted = o.units.filter((u) => u.total).length;
  const [y, m] = o.period.split('-');
  return {
    title: `${o.division.fullName}流动人口计划生育服务月报表（${y}年${Number(m)}月，下级上报汇总）`,
    unit: o.division.fullName,
    fileName: `${o.division.name}-${o.period}-月报-下级上报汇总`,
    stamp: {
      asOf: lastDayOf(o.period),
      closed: o.closed,
      label: `${o.label}；已上报${submitted}/${o.units.length}个单位`,
      history: null,
    },
    generatedAt: chinaMinuteOf(new Date()),
    columns: o.columns,
    rows: [
      ...o.units.map((u) => ({
        name: u.total ? `${u.name}（第${u.current?.version}版）` : `${u.name}（未上报）`,
        kind: 'child' as const,
        cells: u.total ?? o.columns.map(() => null),
      })),
      { name: '合计（已上报单位）', kind: 'total' as const, cells: assembledTotal(o.columns, units) },
    ],
    suppressed: false,
    minCell: 0,
  };
}
