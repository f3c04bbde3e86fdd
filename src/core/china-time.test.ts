import { describe, expect, it } from 'vitest';
import { chinaDateOf, chinaToday } from './china-time.ts';

describe('China-time dates', () => {
  it('is already tomorrow in China at 17:00 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T17:00:00Z'))).toBe('2026-12-02');
  });

  it('is the same day before 16:00 UTC', () => {
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
  });

  it('dates a stored timestamp by the China calendar', () => {
    expect(chinaDateOf('2026-12-31T20:30:00Z')).toBe('2027-01-01');
  });
});
