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
