/**
 * Which statistics cells to withhold from department users and public exports (issue 18, part 6).
 *
 * Primary: a count from 1 to min − 1, and a rate whose numerator, denominator or their difference is such a
 * count. Secondary (complementary): in every group of cells that sums to a total (a column of a report across
 * its rows, the child divisions of a division, the months of a year), a withheld cell must not be the only
 * unknown, or subtracting the published siblings from the total gives it back. So, per group and per part of
 * a cell (a count; a rate's numerator and the rest of its denominator), at least two withheld members must be
 * non-zero there; else the smallest sibling that is non-zero there is withheld too, until nothing changes.
 */
import { rateSuppressed, suppressCount } from './values.ts';

export interface SuppressionCell {
  numerator: number;
  /** null for a count. */
  denominator: number | null;
}

/** Parts sum to the total (the total may itself be a part of another group). */
export interface SuppressionGroup<K> {
  total: K;
  parts: readonly K[];
}

/**
 * Indicators published side by side (report columns, dashboard counts) whose others add up to the first:
 * withheld together, so that none is its row's total minus its published neighbours.
 */
export const SUPPRESSION_FAMILIES: readonly (readonly string[])[] = [
  ['inflow_total', 'inflow_male', 'inflow_female'],
  ['outflow_total', 'outflow_male', 'outflow_female'],
];

export function primarySuppressed(c: SuppressionCell, min: number): boolean {
  return c.denominator === null
    ? suppressCount(c.numerator, min) === null
    : rateSuppressed(c.numerator, c.denominator, min);
}

/** The additive parts a reader could subtract: a count, or a rate's numerator and the rest of its denominator. */
function components(c: SuppressionCell): number[] {
  return c.denominator === null ? [c.numerator] : [c.numerator, c.denominator - c.numerator];
}

/** A cell's size when choosing the complement: the smallest sibling loses the least. */
function size(c: SuppressionCell): number {
  return c.denominator ?? c.numerator;
}

/**
 * The keys to withhold. `decided` pins cells whose status was settled elsewhere (a division's own cell, settled
 * in its parent's group higher up the tree): they are never re-decided, so the same cell is withheld in every
 * answer that shows it. Cells missing from `cells` count as zero.
 */
export function suppressCells<K>(
  cells: ReadonlyMap<K, SuppressionCell>,
  groups: readonly SuppressionGroup<K>[],
  min: number,
  decided: ReadonlyMap<K, boolean> = new Map(),
): Set<K> {
  const zero: SuppressionCell = { numerator: 0, denominator: null };
  const cell = (k: K) => cells.get(k) ?? zero;
  const hidden = new Set<K>();
  for (const [k, c] of cells) if (decided.has(k) ? decided.get(k) : primarySuppressed(c, min)) hidden.add(k);
  for (const [k, h] of decided) if (h) hidden.add(k);
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      // Parts first, then the total: withholding a total is the last resort.
      const members = [...g.parts, g.total];
      const width = Math.max(...members.map((k) => components(cell(k)).length));
      const exposed = (i: number) => {
        const nonZero = members.filter((k) => hidden.has(k) && (components(cell(k))[i] ?? 0) > 0).length;
        return members.some((k) => hidden.has(k)) && nonZero < 2;
      };
      for (let i = 0; i < width; i++) {
        if (!exposed(i)) continue;
        const candidates = members.filter(
          (k) => !hidden.has(k) && !decided.has(k) && (components(cell(k))[i] ?? 0) > 0,
        );
        // Prefer a sibling that also covers the other exposed parts, then the smallest; ties keep group order.
        const covers = (k: K) => components(cell(k)).filter((v, j) => v > 0 && exposed(j)).length;
        const best = candidates.reduce<K | undefined>((a, k) => {
          if (a === undefined) return k;
          const d = covers(k) - covers(a);
          return d > 0 || (d === 0 && size(cell(k)) < size(cell(a))) ? k : a;
        }, undefined);
        if (best !== undefined) {
          hidden.add(best);
          changed = true;
        }
      }
    }
  }
  return hidden;
}
