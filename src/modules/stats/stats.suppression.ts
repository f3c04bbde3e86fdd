/**
 * Where the withholding rule (src/core/indicators/suppression.ts) meets the division tree. A division's cell is
 * settled in its parent's group, and the parent's in its own parent's, from the province down; so it depends
 * only on the chain above it and never on which answer asks (a dashboard, a breakdown, a report), and the same
 * cell is withheld in all of them. Complements are only ever siblings or children, never a settled total.
 */
import { type SuppressionCell, suppressCells } from '../../core/indicators.ts';
import type { Db } from '../../db/database.ts';
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
  const tree = await treeAbove(db, codes);
  const slices = await sumsOf(tree.needed);
  return slices.map((sums) => settle(tree, [sums], [rate], codes, min)[0] as Set<string>);
}

/**
 * Indicators shown side by side whose parts add up to the first (inflow = men + women, as report columns):
 * settled together, so that no withheld one is a row's total minus its published neighbours either. For each
 * member, the codes to withhold.
 */
export async function withheldFamily(
  db: Db,
  codes: readonly string[],
  min: number,
  rates: readonly boolean[],
  sumsOf: (codes: readonly string[]) => Promise<ReadonlyMap<string, SuppressionCell>[]>,
): Promise<Set<string>[]> {
  const tree = await treeAbove(db, codes);
  return settle(tree, await sumsOf(tree.needed), rates, codes, min);
}

interface Tree {
  roots: string[];
  /** Parents in chain order: one higher up is settled before anything below it. */
  parents: string[];
  children: Map<string, string[]>;
  needed: string[];
}

/** The provinces above `codes`, every division on the way down, and the children of each. */
async function treeAbove(db: Db, codes: readonly string[]): Promise<Tree> {
  const chains = await divisionChains(db, [...new Set(codes)]);
  const roots = new Set<string>();
  const parents = new Set<string>();
  for (const chain of chains.values()) {
    if (chain[0]) roots.add(chain[0]);
    for (const p of chain.slice(0, -1)) parents.add(p);
  }
  const children = await childCodes(db, [...parents]);
  const depth = (c: string) => Math.max(...[...chains.values()].map((ch) => ch.indexOf(c)));
  return {
    roots: [...roots],
    parents: [...parents].sort((a, b) => depth(a) - depth(b)),
    children,
    needed: [...new Set([...roots, ...[...children.values()].flat()])],
  };
}

/** Settles the tree top-down for each member of a family (one member: a single indicator). */
function settle(
  tree: Tree,
  members: readonly ReadonlyMap<string, SuppressionCell>[],
  rates: readonly boolean[],
  codes: readonly string[],
  min: number,
): Set<string>[] {
  const key = (m: number, code: string) => `${m}|${code}`;
  const cell = (m: number, code: string): SuppressionCell =>
    members[m]?.get(code) ?? { numerator: 0, denominator: rates[m] ? 0 : null };
  const all = members.map((_, m) => m);
  // The first member is the sum of the others in every division.
  const rowGroups = (divisions: readonly string[]) =>
    all.length > 1 ? divisions.map((d) => ({ total: key(0, d), parts: all.slice(1).map((m) => key(m, d)) })) : [];
  const decided = new Map<string, boolean>();
  const run = (divisions: readonly string[], parent: string | null) => {
    const cells = new Map(all.flatMap((m) => divisions.map((d) => [key(m, d), cell(m, d)] as const)));
    const groups = [...rowGroups(divisions)];
    const pinned = new Map<string, boolean>();
    if (parent) {
      for (const m of all) {
        cells.set(key(m, parent), cell(m, parent));
        groups.push({ total: key(m, parent), parts: divisions.map((d) => key(m, d)) });
        pinned.set(key(m, parent), decided.get(key(m, parent)) ?? false);
      }
    }
    const hidden = suppressCells(cells, groups, min, pinned);
    for (const m of all) for (const d of divisions) decided.set(key(m, d), hidden.has(key(m, d)));
  };
  for (const r of tree.roots) run([r], null);
  for (const p of tree.parents) run(tree.children.get(p) ?? [], p);
  return all.map((m) => new Set(codes.filter((c) => decided.get(key(m, c)))));
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
