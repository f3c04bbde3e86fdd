/**
 * Reporting up the tree (逐级上报): a unit submits a closed month's report table to the level above. The
 * table is frozen when it is submitted (stat_submission.cells, with its SHA-256), so what the level above sees,
 * and the file served afterwards, is what was submitted, whatever is recorded or recomputed later. A
 * correction is a new version with a reason. Submissions received from another deployment are stored by
 * src/modules/exchange/exchange.submission.ts and shown here alongside local ones.
 */
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { chinaMinuteOf, chinaToday } from '../../core/china-time.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { periodLastDay } from '../../core/indicators.ts';
import { contentHash, type FrozenReport, type FrozenRow } from '../../core/stats-submission.ts';
import type { Db } from '../../db/database.ts';
import type { Role, StatSubmissionTable } from '../../db/schema.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { getDivision } from '../divisions/index.ts';
import { buildReport, type ReportTable } from './stats.reports.ts';
import { scopedDivision, type Viewer } from './stats.service.ts';

/** Who submits: the staff of a unit that has a level above (county to city, township to county). */
export const SUBMIT_ROLES: readonly Role[] = ['county_admin', 'township_officer'];
/** Who sees submissions: staff of the unit and of every level above it. */
export const SUBMISSION_VIEW_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];

export const PERIOD_FIELD = { zh: '统计期', en: 'Period' };
export const REASON_FIELD = { zh: '更正原因', en: 'Reason for the correction' };
const SUBMISSION = { zh: '上报记录', en: 'Submission' };

type Row = Selectable<StatSubmissionTable>;

/** One version of a unit's submission, as the console lists it. */
export interface SubmissionView {
  id: string;
  division: string;
  period: string;
  version: number;
  status: 'submitted' | 'superseded';
  submittedAt: string;
  submitter: string;
  reason: string | null;
  contentHash: string;
  /** The deployment it came from (a peer's name); null when submitted here. */
  origin: string | null;
  delivery: Row['delivery'];
}

export function submissionView(r: Row): SubmissionView {
  return {
    id: r.id,
    division: r.division_code,
    period: r.period_key,
    version: r.version,
    status: r.status,
    submittedAt: chinaMinuteOf(new Date(r.submitted_at)),
    submitter: r.submitter_name,
    reason: r.reason,
    contentHash: r.content_hash,
    origin: r.origin,
    delivery: r.delivery,
  };
}

/** A month that has ended (China time); anything else is refused naming the period field. */
export function closedMonth(period: string, today = chinaToday()): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    throw AppError.validation([
      fieldIssue('period', PERIOD_FIELD, { zh: '应为年月（2026-11）', en: 'must be a month (2026-11)' }),
    ]);
  }
  if (period >= today.slice(0, 7)) {
    throw AppError.validation([
      fieldIssue('period', PERIOD_FIELD, {
        zh: `只能上报已结束的月份，${period}尚未结束`,
        en: `only a month that has ended can be submitted; ${period} has not`,
      }),
    ]);
  }
  return period;
}

/** The unit's frozen monthly table: child rows carry their codes, so the level above can assemble them. */
export async function freeze(ctx: AppContext, viewer: Viewer, division: string, month: string): Promise<FrozenReport> {
  const table = await buildReport(ctx, viewer, 'monthly', division, { kind: 'month', month }, false);
  const node = await getDivision(ctx.db, division);
  const children = await ctx.db
    .selectFrom('division')
    .select('code')
    .where('parent_code', '=', division)
    .orderBy('code')
    .execute();
  const rows: FrozenRow[] = table.rows.map((r, i) => ({
    code: r.kind === 'child' ? (children[i]?.code ?? null) : r.kind === 'total' ? division : null,
    name: r.name,
    kind: r.kind,
    cells: r.cells,
  }));
  return {
    division: { code: division, name: node?.name ?? table.unit, fullName: table.unit },
    period: month,
    title: table.title,
    unit: table.unit,
    stamp: { ...table.stamp, closed: true },
    columns: table.columns.map((c) => ({ group: c.group, label: c.label, indicator: c.indicator, part: c.part })),
    rows,
    suppressed: table.suppressed,
    minCell: table.minCell,
  };
}

async function versions(db: Db, division: string, month: string): Promise<Row[]> {
  return db
    .selectFrom('stat_submission')
    .selectAll()
    .where('division_code', '=', division)
    .where('period_kind', '=', 'month')
    .where('period_key', '=', month)
    .orderBy('version', 'desc')
    .execute();
}

/**
 * Submits (or corrects) the user's own unit's table for a closed month. The first submission needs no reason;
 * every later one is a correction and does. The table is frozen in the same transaction as the audit row.
 */
export async function submitReport(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  input: { period: string; reason?: string | null | undefined },
): Promise<SubmissionView> {
  const month = closedMonth(input.period);
  const node = await getDivision(ctx.db, user.divisionCode);
  if (!node?.parentCode) throw AppError.forbidden();
  const reason = input.reason?.trim() || null;
  const previous = (await versions(ctx.db, node.code, month))[0];
  if (previous && !reason) {
    throw AppError.validation([
      fieldIssue('reason', REASON_FIELD, {
        zh: `${month}已上报第${previous.version}版，更正须说明原因`,
        en: `version ${previous.version} of ${month} is already submitted; a correction needs a reason`,
      }),
    ]);
  }
  const report = await freeze(ctx, user, node.code, month);
  const version = (previous?.version ?? 0) + 1;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('stat_submission')
      .values({
        division_code: node.code,
        parent_code: node.parentCode as string,
        period_kind: 'month',
        period_key: month,
        version,
        status: 'submitted',
        submitted_by: user.id,
        submitter_name: user.displayName,
        reason: version > 1 ? reason : null,
        cells: JSON.stringify(report),
        content_hash: contentHash(report),
        origin: null,
        delivery: 'pending',
        received_at: null,
      })
      .onConflict((oc) => oc.columns(['division_code', 'period_kind', 'period_key', 'version']).doNothing())
      .returningAll()
      .executeTakeFirst();
    // Two submissions of the same version at once: the second is told to reload, nothing is written.
    if (!inserted)
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '该月报表刚刚已被上报，请刷新后再试',
        en: 'This month was just submitted; reload and try again',
      });
    await trx
      .updateTable('stat_submission')
      .set({ status: 'superseded' })
      .where('division_code', '=', node.code)
      .where('period_kind', '=', 'month')
      .where('period_key', '=', month)
      .where('version', '<', version)
      .execute();
    await writeAudit(trx, actor, {
      action: version > 1 ? 'stats.submission.correct' : 'stats.submission.submit',
      entity: 'stat_submission',
      entityId: inserted.id,
      details: { division: node.code, period: month, version, reason: inserted.reason, hash: inserted.content_hash },
    });
    return inserted;
  });
  return submissionView(row);
}

/** Every version of a unit's submission for a month, newest first (the unit or any level above it). */
export async function listSubmissions(
  ctx: AppContext,
  viewer: Viewer,
  division: string | undefined,
  period: string,
): Promise<{ division: { code: string; name: string }; period: string; versions: SubmissionView[] }> {
  const unit = await scopedDivision(ctx.db, viewer, division);
  const rows = await versions(ctx.db, unit.code, period);
  return { division: { code: unit.code, name: unit.name }, period, versions: rows.map(submissionView) };
}

/** One submission's frozen table, as a report table (only the generated-at line is new). */
export async function submittedReport(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
): Promise<{ view: SubmissionView; table: ReportTable }> {
  const row = await ctx.db.selectFrom('stat_submission').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound(SUBMISSION);
  // Outside the viewer's subtree it does not exist for them (as records).
  await scopedDivision(ctx.db, viewer, row.division_code).catch(() => {
    throw AppError.notFound(SUBMISSION);
  });
  return { view: submissionView(row), table: reportTableOf(row.cells as FrozenReport) };
}

export function reportTableOf(frozen: FrozenReport, title?: string): ReportTable {
  return {
    title: title ?? frozen.title,
    unit: frozen.unit,
    fileName: `${frozen.division.name}-${frozen.period}-月报-已上报`,
    stamp: frozen.stamp,
    generatedAt: chinaMinuteOf(new Date()),
    columns: frozen.columns,
    rows: frozen.rows.map((r) => ({ name: r.name, kind: r.kind, cells: r.cells })),
    suppressed: frozen.suppressed,
    minCell: frozen.minCell,
  };
}

export const lastDayOf = (month: string) => periodLastDay({ kind: 'month', month });

/** What submitting would freeze now, for the confirmation (nothing is stored). */
export async function previewSubmission(ctx: AppContext, user: SessionUser, period: string): Promise<FrozenReport> {
  const month = closedMonth(period);
  const node = await getDivision(ctx.db, user.divisionCode);
  if (!node?.parentCode) throw AppError.forbidden();
  return freeze(ctx, user, node.code, month);
}
