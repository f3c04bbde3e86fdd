/**
 * Where the withholding rule (src/core/indicators/suppression.ts) meets the division tree. A division's cell is
 * settled in its parent's group, and the parent's in its own parent's, from the province down; so it depends
 * only on the chain above it and never on which answer asks (a dashboard, a breakdown, a report), and the same
 * cell is withheld in all of them. Complements are only ever siblings or children, never a settled total.
 */
import { primarySuppressed, type SuppressionCell, suppressCells } from '../../core/indicators.ts';
import type { Db } from '../audit/audit.repository.ts';
import { childCodes, divisionChains } from './stats.repository.ts';

/** Sums of one indicator for some divisions, one table per slice (a period, or each month of a series). */
export type SliceSums = (codes: readonly string[]) => Promise<ReadonlyMap<string, SuppressionCell>[]>;

/** For each slice, the codes (of `codes`) to withhold. */
export async function withheldDivisions(
  db: Db,
  codes: readonly string[],
  min: number,
  rate: boolean,
  sumsOf: SliceSums,
): Promise<Set<string>[]> {
  const chains = await divisionChains(db, [...new Set(codes)]);
  const roots = new Set<string>();
  const parents = new Set<string>();
  for (const chain of chains.values()) {
    if (chain[0]) roots.add(chain[0]);
    for (const p of chain.slice(0, -1)) parents.add(p);
  }
  const children = await childCodes(db, [...parents]);
  const needed = new Set([...roots, ...[...children.values()].flat()]);
  const slices = await sumsOf([...needed]);
  const zero: SuppressionCell = { numerator: 0, denominator: rate ? 0 : null };
  // Parents in chain order: a shorter chain above is settled before anything below it.
  const depth = (c: string) => Math.max(...[...chains.values()].map((ch) => ch.indexOf(c)));
  const order = [...parents].sort((a, b) => depth(a) - depth(b));
  return slices.map((sums) => {
    const cell = (k: string) => sums.get(k) ?? zero;
    const decided = new Map<string, boolean>();
    for (const r of roots) decided.set(r, primarySuppressed(cell(r), min));
    for (const parent of order) {
      const kids = children.get(parent) ?? [];
      const cells = new Map([parent, ...kids].map((k) => [k, cell(k)] as const));
      const hidden = suppressCells(
        cells,
        [{ total: parent, parts: kids }],
        min,
        new Map([[parent, decided.get(parent) ?? false]]),
      );
      for (const k of kids) decided.set(k, hidden.has(k));
    }
    return new Set(codes.filter((c) => decided.get(c)));
  });
}

/**
 * The parts of one settled cell (a division by sex, age band, kind or month) to withhold: primary cells, and
 * complements so that none is the only unknown under the total. `totalWithheld` is how the cell was settled;
 * `settled` are parts already withheld elsewhere (a month's cell withheld in that month's tree).
 */
export function withheldParts(
  parts: ReadonlyMap<string, SuppressionCell>,
  min: number,
  rate: boolean,
  totalWithheld: boolean,
  settled: ReadonlySet<string> = new Set(),
): Set<string> {
  const TOTAL = '\u0000total';
  const keys = [...parts.keys()];
  const sum = (f: (c: SuppressionCell) => number) => [...parts.values()].reduce((a, c) => a + f(c), 0);
  const total: SuppressionCell = {
    numerator: sum((c) => c.numerator),
    denominator: rate ? sum((c) => c.denominator ?? 0) : null,
  };
  const cells = new Map([...parts, [TOTAL, total]]);
  const decided = new Map<string, boolean>([[TOTAL, totalWithheld], ...[...settled].map((k) => [k, true] as const)]);
  const hidden = suppressCells(cells, [{ total: TOTAL, parts: keys }], min, decided);
  hidden.delete(TOTAL);
  return hidden;
}
