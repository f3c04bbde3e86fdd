/**
 * National statistical division codes (统计用区划代码), always handled as 12 digits:
 * PP CC DD TTT VVV — province, city, county, township, village.
 * A node's subtree is every code sharing its significant prefix, which is how scope is applied in SQL.
 */
export type DivisionLevel = 1 | 2 | 3 | 4 | 5;

export const LEVEL_PREFIX_LENGTH: Record<DivisionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

export const LEVEL_NAMES: Record<DivisionLevel, { zh: string; en: string }> = {
  1: { zh: '省', en: 'province' },
  2: { zh: '市', en: 'city' },
  3: { zh: '县（区）', en: 'county' },
  4: { zh: '乡镇（街道）', en: 'township' },
  5: { zh: '村（居）', en: 'village' },
};

/** Pads a 2/4/6/9/12-digit code to 12 digits. Returns null for anything else. */
export function toFullCode(code: string): string | null {
  if (!/^\d+$/.test(code)) return null;
  if (![2, 4, 6, 9, 12].includes(code.length)) return null;
  return code.padEnd(12, '0');
}

export function levelOf(code12: string): DivisionLevel {
  if (code12.slice(9) !== '000') return 5;
  if (code12.slice(6, 9) !== '000') return 4;
  if (code12.slice(4, 6) !== '00') return 3;
  if (code12.slice(2, 4) !== '00') return 2;
  return 1;
}

/** The significant prefix: every descendant's code starts with it. */
export function scopePrefix(code12: string): string {
  return code12.slice(0, LEVEL_PREFIX_LENGTH[levelOf(code12)]);
}

export function parentCode(code12: string): string | null {
  const level = levelOf(code12);
  if (level === 1) return null;
  const keep = LEVEL_PREFIX_LENGTH[(level - 1) as DivisionLevel];
  return code12.slice(0, keep).padEnd(12, '0');
}

export function isWithin(code12: string, ancestor12: string): boolean {
  return code12.startsWith(scopePrefix(ancestor12));
}

export function isDivisionCode(value: string): boolean {
  return /^\d{12}$/.test(value) && (levelOf(value) === 1 ? value.slice(2) === '0000000000' : true);
}
