import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsToMonth, generateRoster, monthRange, type RosterHousehold } from './roster.ts';

const group = (n: number): RosterHousehold[] =>
  Array.from({ length: n }, (_, i) => ({ id: `h${i + 1}`, position: i + 1, lastDutyMonth: null }));

const awayIn = (entries: Record<string, string[]>) => (id: string, month: string) =>
  (entries[id] ?? []).includes(month);

describe('duty roster rotation', () => {
  it('gives twelve households one month each over twelve months, in group order', () => {
    const roster = generateRoster(group(12), '2027-01', 12);
    expect(roster.map((r) => r.month)).toEqual(monthRange('2027-01', '2027-12'));
    expect(roster.map((r) => r.householdId)).toEqual(group(12).map((h) => h.id));
    expect(roster.every((r) => r.skipped.length === 0)).toBe(true);
  });

  it('starts again from the first household once all have served', () => {
    const roster = generateRoster(group(5), '2027-01', 12);
    expect(roster.map((r) => r.householdId)).toEqual([
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h1',
      'h2',
    ]);
  });

  it('skips a household that is away and gives it the first month it is back, keeping its place', () => {
    // h3 goes home for the Spring Festival months (March and April 2027).
    const roster = generateRoster(group(12), '2027-01', 12, awayIn({ h3: ['2027-03', '2027-04'] }));
    expect(roster.map((r) => r.householdId)).toEqual([
      'h1',
      'h2',
      'h4', // March: h3 away, h4 takes the month
      'h5', // April: h3 still away
      'h3', // May: h3 back, first in line
      'h6',
      'h7',
      'h8',
      'h9',
      'h10',
      'h11',
      'h12',
    ]);
    expect(roster[2]?.skipped).toEqual(['h3']);
    expect(roster[3]?.skipped).toEqual(['h3']);
    expect(roster[4]?.skipped).toEqual([]);
  });

  it('leaves the month to the leader when every household is away', () => {
    const everyone = (_id: string, month: string) => month === '2027-02';
    const roster = generateRoster(group(3), '2027-01', 4, everyone);
    expect(roster.map((r) => r.householdId)).toEqual(['h1', null, 'h2', 'h3']);
    expect(roster[1]?.skipped).toEqual(['h2', 'h3', 'h1']);
  });

  it('continues a stored roster: whoever served longest ago is next', () => {
    const households: RosterHousehold[] = [
      { id: 'h1', position: 1, lastDutyMonth: '2026-11' },
      { id: 'h2', position: 2, lastDutyMonth: '2026-12' },
      { id: 'h3', position: 3, lastDutyMonth: '2026-10' },
      { id: 'h4', position: 4, lastDutyMonth: null }, // joined later, never served
    ];
    expect(generateRoster(households, '2027-01', 4).map((r) => r.householdId)).toEqual(['h4', 'h3', 'h1', 'h2']);
  });

  it('holds the rule for any group and any absences over twelve months', () => {
    const input = fc.record({
      size: fc.integer({ min: 1, max: 14 }),
      away: fc.array(fc.tuple(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 11 })), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(input, ({ size, away }) => {
        const households = group(size);
        const awaySet = new Set(away.map(([h, m]) => `h${h}@${addMonthsToMonth('2027-01', m)}`));
        const isAway = (id: string, month: string) => awaySet.has(`${id}@${month}`);
        const roster = generateRoster(households, '2027-01', 12, isAway);
        expect(roster).toHaveLength(12);
        // Replay the rule independently with an explicit queue.
        const queue = households.map((h) => h.id);
        for (const r of roster) {
          const available = queue.filter((id) => !isAway(id, r.month));
          // The household on duty is present, and it is the one that has waited longest among those present.
          expect(r.householdId).toBe(available[0] ?? null);
          // Everyone passed over was away, and was ahead of the household on duty.
          expect(r.skipped.every((id) => isAway(id, r.month))).toBe(true);
          if (r.householdId) {
            expect(r.skipped).toEqual(queue.slice(0, queue.indexOf(r.householdId)));
            queue.splice(queue.indexOf(r.householdId), 1);
            queue.push(r.householdId);
          }
        }
        // Fairness: households never away serve within one month of each other's count.
        const present = households.filter((h) => !roster.some((r) => isAway(h.id, r.month))).map((h) => h.id);
        const counts = present.map((id) => roster.filter((r) => r.householdId === id).length);
        if (counts.length > 0) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
