import { describe, expect, it } from 'vitest';
import { FirstRows } from './import.keys.ts';

describe('first rows of in-file keys', () => {
  it('answers like a Map for 200,000 large integer keys, across many growths', () => {
    const rows = new FirstRows(4);
    const reference = new Map<number, number>();
    let x = 123_456_789;
    for (let row = 1; row <= 200_000; row++) {
      // 48-bit keys that share their high bits, as the ID numbers of one county do.
      x = (x * 48_271) % 2_147_483_647;
      const key = 330_205 * 2 ** 27 + (x % 50_000_000);
      rows.set(key, row);
      if (!reference.has(key)) reference.set(key, row);
    }
    expect(rows.size).toBe(reference.size);
    const wrong = [...reference].filter(([key, row]) => rows.get(key) !== row);
    expect(wrong).toEqual([]);
    expect(rows.get(2 ** 52 + 1)).toBeUndefined();
    expect(rows.has(0)).toBe(false);
  });

  it('keeps the first row of a key seen twice', () => {
    const rows = new FirstRows();
    rows.set(2 ** 50, 7);
    rows.set(2 ** 50, 9);
    expect(rows.get(2 ** 50)).toBe(7);
  });

  it('holds the key 0', () => {
    const rows = new FirstRows();
    rows.set(0, 3);
    expect(rows.get(0)).toBe(3);
  });
});
