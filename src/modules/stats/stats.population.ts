/**
 * The home page's population cards: inflow, outflow and everyone registered in the viewer's division, now.
 * Read from the rollups (exact, one indexed query) instead of counting the person list, which stops at a cap.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { suppressCount } from '../../core/indicators.ts';
import { scopedDivision, suppressionFor, type Viewer } from './stats.service.ts';

/** People not departed, as stat_person_facts counts them: inflow, outflow, and local (both places here). */
const MEASURES = { inflow: 'pop.in', outflow: 'pop.out', local: 'pop.local' } as const;

export async function populationCounts(ctx: AppContext, viewer: Viewer) {
  const division = await scopedDivision(ctx.db, viewer, undefined);
  const rows = await ctx.db
    .selectFrom('stat_rollup')
    .where('measure', 'in', Object.values(MEASURES))
    .where('division_code', '=', division.code)
    .where('period', '=', '')
    .select(['measure', sql<string>`sum(value)`.as('value')])
    .groupBy('measure')
    .execute();
  const of = (m: string) => Number(rows.find((r) => r.measure === m)?.value ?? 0);
  const suppress = suppressionFor(viewer, false);
  const cell = (n: number) => (suppress ? suppressCount(n, ctx.config.statsMinCell) : n);
  const inflow = of(MEASURES.inflow);
  const outflow = of(MEASURES.outflow);
  return {
    division,
    inflow: cell(inflow),
    outflow: cell(outflow),
    total: cell(inflow + outflow + of(MEASURES.local)),
  };
}
