/**
 * Free contraceptive supply (MISSION capability 7): distribution points, items, and the stock ledger.
 * The balance can never go negative; the database enforces it (CHECK (balance >= 0) on stock_balance),
 * and this module only says what a movement does to the balance.
 */
import type { LocalizedText } from './errors.ts';

export const POINT_KINDS = ['community', 'employer', 'construction_site', 'bus_terminus'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export const SUPPLY_ITEMS = ['male_condom', 'female_condom', 'oral_pill', 'topical_gel'] as const;
export type SupplyItem = (typeof SUPPLY_ITEMS)[number];

export const MOVEMENT_KINDS = ['received', 'dispensed', 'transferred_in', 'transferred_out', 'adjusted'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const POINT_KIND_LABELS: Record<PointKind, LocalizedText> = {
  community: { zh: '社区发放点', en: 'Community' },
  employer: { zh: '企业发放点', en: 'Employer' },
  construction_site: { zh: '工地发放点', en: 'Construction site' },
  bus_terminus: { zh: '车站发放点', en: 'Bus terminus' },
};

export const ITEM_LABELS: Record<SupplyItem, LocalizedText & { unitZh: string; unitEn: string }> = {
  male_condom: { zh: '避孕套', en: 'Condoms', unitZh: '只', unitEn: 'pcs' },
  female_condom: { zh: '女用避孕套', en: 'Female condoms', unitZh: '只', unitEn: 'pcs' },
  oral_pill: { zh: '口服避孕药', en: 'Oral contraceptive pills', unitZh: '板', unitEn: 'packs' },
  topical_gel: { zh: '外用避孕药', en: 'Topical contraceptive gel', unitZh: '支', unitEn: 'tubes' },
};

/** The signed change a movement makes to the balance; an adjustment carries its own sign. */
export function movementDelta(kind: MovementKind, quantity: number, direction: 'increase' | 'decrease' = 'increase') {
  if (kind === 'received' || kind === 'transferred_in') return quantity;
  if (kind === 'dispensed' || kind === 'transferred_out') return -quantity;
  return direction === 'increase' ? quantity : -quantity;
}

/** Below (or at) the threshold a point needs restocking; an empty item always does. */
export function needsRestock(balance: number, threshold: number): boolean {
  return balance <= threshold;
}
