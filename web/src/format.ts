/**
 * The one way a screen shows a date or a time: 2026-12-07 and 2026-12-07 17:00, in China time
 * (Asia/Shanghai, UTC+8 all year) whatever the browser's own time zone. Documents the server makes use
 * the long form (src/core/china-time.ts). `toLocaleString` showed 2026/12/7 17:00:00 in one place,
 * 12/7/2026 in another, and a cut-off "17:00:" in the portal.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const EMPTY = '—';

type When = string | number | Date | null | undefined;

/** The instant as a China-time ISO text, or null when there is nothing (or nothing valid) to show. */
function chinaIso(value: When): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = value instanceof Date ? value.getTime() : new Date(value).getTime();
  if (Number.isNaN(ms)) return null;
  return new Date(ms + CHINA_OFFSET_MS).toISOString();
}

/** 2026-12-07. A calendar date (YYYY-MM-DD) is shown as it is: it names a day, not an instant. */
export function formatDate(value: When): string {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return value;
  return chinaIso(value)?.slice(0, 10) ?? EMPTY;
}

/** 2026-12-07 17:00 (China time, to the minute; with `seconds`, 17:00:05 where events come close together). */
export function formatDateTime(value: When, seconds = false): string {
  const iso = chinaIso(value);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}` : EMPTY;
}
