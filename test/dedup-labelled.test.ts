/**
 * Precision and recall of the duplicate matcher on the labelled set (test/fixtures/dedup-pairs.ts) at the
 * configured thresholds. The set is generated, the weights were reasoned (src/core/dedup/score.ts): a miss here
 * is a finding, not something to fit.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { prepareRecord, scorePair } from '../src/core/dedup/score.ts';
import { measure } from './fixtures/dedup-measure.ts';
import { dedupPairs } from './fixtures/dedup-pairs.ts';

describe('duplicate matcher on the labelled set', () => {
  const pairs = dedupPairs();

  it('has at least 2,000 pairs, half of them true duplicates', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(2000);
    expect(pairs.filter((p) => p.same).length).toBe(pairs.length / 2);
  });

  it('is the same set for the same seed', () => {
    expect(JSON.stringify(dedupPairs(50))).toBe(JSON.stringify(pairs.slice(0, 50)));
  });

  it('finds ≥ 95% of the duplicates at ≥ 95% precision at the candidate threshold', () => {
    const { candidate } = loadConfig({}).duplicates;
    const scored = pairs.map((p) => ({ ...p, score: scorePair(prepareRecord(p.a), prepareRecord(p.b)).score }));
    const m = measure(scored, candidate);
    console.log(m.report);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
  });
});
