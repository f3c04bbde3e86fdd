export interface Localized {
  zh: string;
  en: string;
}

export interface Cell {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

export interface KeyRate extends Cell {
  code: string;
  name: Localized;
  definition: Localized;
  target: { comparator: '>=' | '<='; value: number; setAt: string | null } | null;
  meets: boolean | null;
}

export interface Dashboard {
  division: { code: string; name: string; fullName: string; level: number };
  path: { code: string; name: string; level: number }[];
  asOf: string;
  /** When the figures stand: a closed period's last day (from the month-end history), or today. */
  stamp: { asOf: string; closed: boolean; label: string; history: { month: string; computedAt: string | null } | null };
  refYear: number;
  suppression: boolean;
  minCell: number;
  keyRates: KeyRate[];
  counts: { code: string; name: Localized; value: number | null; suppressed: boolean }[];
  trend: { months: string[]; series: { code: string; name: Localized; values: (number | null)[] }[] };
  /** Month-end population counts: past months from snapshots (null: none computed), this month live. */
  history: { months: string[]; series: { code: string; name: Localized; values: (number | null)[] }[] };
  activityRates: (Cell & { code: string; name: Localized; definition: Localized; factor: number })[];
  childIndicators: { code: string; name: Localized; factor: number }[];
  children: { code: string; name: string; level: number; hasChildren: boolean; values: Record<string, Cell> }[];
}
