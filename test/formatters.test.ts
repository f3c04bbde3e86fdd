/** The one date format on screens and in documents, and download names; pure functions, no database. */
import { describe, expect, it } from 'vitest';
import { documentDate, documentDateTime } from '../src/core/china-time.ts';
import { contentDisposition } from '../src/core/filename.ts';
import { formatDate, formatDateTime } from '../web/src/format.ts';

describe('screen dates (web/src/format.ts)', () => {
  it('shows an instant as China-time date and minute, whatever the browser zone', () => {
    expect(formatDateTime('2026-12-07T09:00:00.000Z')).toBe('2026-12-07 17:00');
  });

  it('moves an instant after 16:00 UTC to the next China day', () => {
    expect(formatDate('2026-12-06T16:30:00Z')).toBe('2026-12-07');
  });

  it('shows a calendar date as it is, not shifted as if it were UTC midnight', () => {
    expect(formatDate('2026-12-07')).toBe('2026-12-07');
  });

  it('never ends a time in a dangling colon', () => {
    expect(formatDateTime('2026-01-05T01:02:03Z')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('adds seconds only when asked', () => {
    expect(formatDateTime('2026-12-07T09:00:05Z', true)).toBe('2026-12-07 17:00:05');
  });

  it('shows a dash for nothing or an invalid value', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});

describe('document dates (src/core/china-time.ts)', () => {
  it('prints a calendar date as 2026年12月7日', () => {
    expect(documentDate('2026-12-07')).toBe('2026年12月7日');
  });

  it('prints an instant in China time', () => {
    expect(documentDateTime(new Date('2026-12-06T16:05:00Z'))).toBe('2026年12月7日 00:05');
  });
});

describe('download names (src/core/filename.ts)', () => {
  it('sends a Chinese name RFC 5987 encoded with an ASCII fallback', () => {
    expect(contentDisposition('梅堰社区-2026-11-月报.xlsx')).toBe(
      `attachment; filename="_-2026-11-_.xlsx"; filename*=UTF-8''${encodeURIComponent('梅堰社区-2026-11-月报.xlsx')}`,
    );
  });

  it('takes path separators, quotes and control characters out of the name', () => {
    const header = contentDisposition('a/b\\c"d\u0001e.pdf', 'inline');
    expect(header).toBe(`inline; filename="a-b-c-d-e.pdf"; filename*=UTF-8''a-b-c-d-e.pdf`);
  });

  it('escapes the characters RFC 5987 does not allow unencoded', () => {
    expect(contentDisposition("报表(1)'.csv")).toContain("filename*=UTF-8''%E6%8A%A5%E8%A1%A8%281%29%27.csv");
  });
});
