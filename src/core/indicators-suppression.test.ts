import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primarySuppressed, type SuppressionCell, type SuppressionGroup, suppressCells } from './indicators.ts';

const MIN = 5;
const count = (n: number): SuppressionCell => ({ numerator: n, denominator: null });
const rate = (n: number, d: number): SuppressionCell => ({ numerator: n, denominator: d });

/** One group: the total is the sum of the parts, keyed 'T' and 'a', 'b', … */
function group(parts: SuppressionCell[]) {
  const keys = parts.map((_, i) => String.fromCharCode(97 + i));
  const sum = (f: (c: SuppressionCell) => number) => parts.reduce((a, c) => a + f(c), 0);
  const rates = parts.some((c) => c.denominator !== null);
  const total = { numerator: sum((c) => c.numerator), denominator: rates ? sum((c) => c.denominator ?? 0) : null };
  const cells = new Map<string, SuppressionCell>([
    ['T', total],
    ...parts.map((c, i) => [keys[i] as string, c] as const),
  ]);
  return { cells, groups: [{ total: 'T', parts: keys }] };
}

describe('primary suppression', () => {
  it('withholds a count from 1 to min − 1, never zero or min', () => {
    expect([0, 1, 4, 5].map((n) => primarySuppressed(count(n), MIN))).toEqual([false, true, true, false]);
  });

  it('withholds a rate whose numerator, denominator or difference is small', () => {
    expect(primarySuppressed(rate(3, 40), MIN)).toBe(true);
    expect(primarySuppressed(rate(37, 40), MIN)).toBe(true);
    expect(primarySuppressed(rate(0, 3), MIN)).toBe(true);
    expect(primarySuppressed(rate(20, 40), MIN)).toBe(false);
    expect(primarySuppressed(rate(0, 0), MIN)).toBe(false);
  });
});

describe('secondary suppression', () => {
  it('withholds the next-smallest non-zero sibling with a lone small cell', () => {
    const { cells, groups } = group([count(3), count(0), count(20), count(8), count(29)]);
    expect([...suppressCells(cells, groups, MIN)].sort()).toEqual(['a', 'd']);
  });

  it('adds nothing when two small cells already hide each other', () => {
    const { cells, groups } = group([count(3), count(2), count(20)]);
    expect([...suppressCells(cells, groups, MIN)].sort()).toEqual(['a', 'b']);
  });

  it('for a rate, withholds a sibling that hides both its numerator and the rest of its denominator', () => {
    // b is smallest but has nobody without a certificate, so c (numerator and rest both non-zero) goes instead.
    const { cells, groups } = group([rate(2, 9), rate(6, 6), rate(6, 12), rate(30, 40)]);
    expect([...suppressCells(cells, groups, MIN)].sort()).toEqual(['a', 'c']);
  });

  it('withholds a child of a total that is withheld higher up, so the children do not add up to it', () => {
    const { cells, groups } = group([count(40), count(12), count(30)]);
    const hidden = suppressCells(cells, groups, MIN, new Map([['T', true]]));
    expect([...hidden].sort()).toEqual(['T', 'b']);
  });

  it('never withholds a total settled as published higher up', () => {
    const { cells, groups } = group([count(3), count(0)]);
    // The only other non-zero member is the total, which is pinned: nothing more can be done here.
    const hidden = suppressCells(cells, groups, MIN, new Map([['T', false]]));
    expect([...hidden]).toEqual(['a']);
  });

  it('carries a complement down the tree: a withheld township takes one of its villages with it', () => {
    const cells = new Map<string, SuppressionCell>([
      ['county', count(73)],
      ['t1', count(3)],
      ['t2', count(30)],
      ['t3', count(40)],
      ['t2v1', count(10)],
      ['t2v2', count(20)],
    ]);
    const groups = [
      { total: 'county', parts: ['t1', 't2', 't3'] },
      { total: 't2', parts: ['t2v1', 't2v2'] },
    ];
    expect([...suppressCells(cells, groups, MIN)].sort()).toEqual(['t1', 't2', 't2v1']);
  });
});

/** A random division tree of additive cells (counts or rates), its groups, and every internal node's parts. */
const tree = (rates: boolean) =>
  fc
    .array(
      fc.array(
        rates
          ? fc.tuple(fc.nat(12), fc.nat(12)).map(([n, rest]) => rate(n, n + rest))
          : fc.oneof(fc.nat(6), fc.nat(60)).map(count),
        { minLength: 1, maxLength: 5 },
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((townships) => {
      const cells = new Map<string, SuppressionCell>();
      const groups: SuppressionGroup<string>[] = [];
      const add = (a: SuppressionCell, b: SuppressionCell): SuppressionCell => ({
        numerator: a.numerator + b.numerator,
        denominator: a.denominator === null ? null : a.denominator + (b.denominator ?? 0),
      });
      let county: SuppressionCell = rates ? rate(0, 0) : count(0);
      townships.forEach((villages, t) => {
        let town: SuppressionCell = rates ? rate(0, 0) : count(0);
        villages.forEach((v, i) => {
          cells.set(`v${t}.${i}`, v);
          town = add(town, v);
        });
        cells.set(`t${t}`, town);
        groups.push({ total: `t${t}`, parts: villages.map((_, i) => `v${t}.${i}`) });
        county = add(county, town);
      });
      cells.set('county', county);
      groups.push({ total: 'county', parts: townships.map((_, t) => `t${t}`) });
      return { cells, groups };
    });

describe('no withheld cell can be recovered from its published siblings', () => {
  for (const rates of [false, true]) {
    it(`holds for random trees of ${rates ? 'rates' : 'counts'}`, () => {
      fc.assert(
        fc.property(tree(rates), ({ cells, groups }) => {
          const hidden = suppressCells(cells, groups, MIN);
          for (const [k, c] of cells) if (primarySuppressed(c, MIN)) expect(hidden.has(k)).toBe(true);
          const parts = (c: SuppressionCell) => (c.denominator === null ? [c.numerator] : [c.numerator, c.denominator]);
          for (const g of groups) {
            if (hidden.has(g.total)) continue;
            const total = parts(cells.get(g.total) as SuppressionCell);
            const published = g.parts.filter((k) => !hidden.has(k)).map((k) => parts(cells.get(k) as SuppressionCell));
            const left = total.map((v, i) => published.reduce((a, p) => a - (p[i] ?? 0), v));
            for (const k of g.parts.filter((p) => hidden.has(p))) {
              const own = parts(cells.get(k) as SuppressionCell);
              // A published total of zero tells every part anyway; otherwise the difference must not be the cell.
              own.forEach((v, i) => {
                if ((total[i] ?? 0) > 0) expect(left[i], `${k}[${i}]`).not.toBe(v);
              });
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});
