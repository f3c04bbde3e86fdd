/**
 * The calendar the offices work in: China time (Asia/Shanghai, UTC+8, no daylight saving). Server clocks run in
 * UTC, so a plain `toISOString()` date is yesterday between 00:00 and 08:00 in China, which put work lists and
 * deadlines a day behind every morning.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The China-time calendar date (YYYY-MM-DD) of an instant. */
export function chinaDateOf(instant: Date | string | number): string {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in China time. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDateOf(now);
}

/** China-time date and minute of an instant, "YYYY-MM-DD HH:mm", for generated-at lines. */
export function chinaMinuteOf(instant: Date | string | number): string {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * 2026年12月7日: a date as the documents the server makes print it (certificates, rosters, reports). A
 * calendar date (YYYY-MM-DD) names its day as it is; an instant is taken in China time. Screens show
 * 2026-12-07 instead (web/src/format.ts).
 */
export function documentDate(value: Date | string | number): string {
  const day = typeof value === 'string' && DATE_ONLY.test(value) ? value : chinaDateOf(value);
  const [, y, m, d] = DATE_ONLY.exec(day) as RegExpExecArray;
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** 2026年12月7日 17:00, China time, for generated-at lines in documents. */
export function documentDateTime(instant: Date | string | number): string {
  return `${documentDate(instant)} ${chinaMinuteOf(instant).slice(11)}`;
}

/** Today in China time: work lists, deadlines and certificate dates follow the offices' calendar. */
export function today(): string {
  return chinaToday();
}

/** The instant a China calendar day (YYYY-MM-DD) begins: the lower bound of that day's timestamps. */
export function chinaDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}
