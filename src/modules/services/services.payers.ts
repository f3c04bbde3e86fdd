/**
 * Services given per payer and kind in the user's area (issue 26 part 3): the table behind the statistics page's
 * "费用承担方" report and its CSV. Counts only: no person, and declined offers (which have no payer) are not in it.
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { csvDocument } from '../../core/csv.ts';
import { SERVICE_KIND_LABELS, SERVICE_KINDS, type ServiceKind } from '../../core/services.ts';
import { PAYER_LABELS, PAYERS, type Payer } from '../../core/services-technical.ts';
import { scoped } from '../../db/scoped.ts';
import type { SessionUser } from '../../http/session.ts';

/** Counts per payer; `unrecorded`: services given that were bulk-loaded without one (the API always asks). */
type Counts = Record<Payer | 'unrecorded', number>;
const COLUMNS = [...PAYERS, 'unrecorded'] as const;
const zeroes = () => Object.fromEntries(COLUMNS.map((p) => [p, 0])) as Counts;

export async function payerReport(ctx: AppContext, user: SessionUser, window: { from?: string; to?: string }) {
  const to = window.to ?? today();
  const from = window.from ?? `${to.slice(0, 4)}-01-01`;
  const rows = await scoped(ctx.db, user)
    .selectFrom('service_record as s')
    .select(['s.kind', 's.payer', (eb) => eb.fn.countAll<string>().as('n')])
    .where('s.status', '=', 'done')
    .where('s.service_date', '>=', from)
    .where('s.service_date', '<=', to)
    .groupBy(['s.kind', 's.payer'])
    .execute();
  const byKind = new Map<ServiceKind, Counts>();
  const totals = zeroes();
  for (const r of rows) {
    const counts = byKind.get(r.kind) ?? zeroes();
    counts[r.payer ?? 'unrecorded'] += Number(r.n);
    totals[r.payer ?? 'unrecorded'] += Number(r.n);
    byKind.set(r.kind, counts);
  }
  return {
    from,
    to,
    payers: PAYERS.map((payer) => ({ payer, label: PAYER_LABELS[payer] })),
    rows: SERVICE_KINDS.filter((k) => byKind.has(k)).map((kind) => {
      const counts = byKind.get(kind) ?? zeroes();
      return {
        serviceKind: kind,
        kindLabel: SERVICE_KIND_LABELS[kind],
        counts,
        total: COLUMNS.reduce((sum, p) => sum + counts[p], 0),
      };
    }),
    totals,
  };
}

/** The same table as CSV (BOM, so spreadsheet programs read the Chinese). */
export function payerReportCsv(report: Awaited<ReturnType<typeof payerReport>>): string {
  const header = ['服务类型', ...report.payers.map((p) => p.label.zh), '未记录', '合计'];
  const lines = report.rows.map((r) => [r.kindLabel.zh, ...COLUMNS.map((p) => r.counts[p]), r.total]);
  const sum = COLUMNS.reduce((n, p) => n + report.totals[p], 0);
  return csvDocument([header, ...lines, ['合计', ...COLUMNS.map((p) => report.totals[p]), sum]]);
}
