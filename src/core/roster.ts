/**
 * The monthly duty rota of a twelve-household group (十二户联勤). One household is on duty each month
 * (值班户): it watches over the group's shared matters that month and tells the group leader about
 * arrivals, departures and anyone who wants a service. The source document asks that the list and the
 * rules be posted on the wall (名单和制度上墙), so the rule is written here once and printed from RULE_TEXT.
 *
 * The rule:
 * 1. Households take turns in their group order (1, 2, 3, …). Each month duty goes to the household that has
 *    waited longest: households that have never been on duty come first, in group order; then the one whose
 *    last duty month is earliest.
 * 2. A household that is away that month (returned home, working elsewhere — recorded as an absence) is
 *    skipped. Because it did not serve, it keeps its place at the head of the line and takes the first month
 *    in which it is back. Nobody is moved to the back of the line for being away.
 * 3. A household that joins the group later gets the last position. It has never served, so by rule 1 it is
 *    on duty before households that already have, after any household ahead of it that has not served yet.
 * 4. When every household is away, the month has no duty household and the group leader covers it (组长代班).
 *
 * Rule 1 is the same as a queue: serve the first available household and move it to the back; the skipped
 * ones stay in front. Deriving the queue from "last duty month" means a roster can be continued from any month
 * using only the stored months before it.
 */

export interface RosterHousehold {
  id: string;
  /** Order in the group, 1-based; also the order for households that have never served. */
  position: number;
  /** The last month (YYYY-MM) this household was on duty before the generated range, if any. */
  lastDutyMonth: string | null;
}

export interface RosterMonth {
  month: string;
  /** The household on duty, or null when every household is away (the leader covers the month). */
  householdId: string | null;
  /** Households passed over this month because they were away; they keep their place. */
  skipped: string[];
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

export function addMonthsToMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive (empty when to < from). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonthsToMonth(m, 1)) out.push(m);
  return out;
}

/** Who has waited longest: never served first (by position), then earliest last duty, ties by position. */
function waitedLonger(a: RosterHousehold, b: RosterHousehold): number {
  if (a.lastDutyMonth !== b.lastDutyMonth) {
    if (a.lastDutyMonth === null) return -1;
    if (b.lastDutyMonth === null) return 1;
    return a.lastDutyMonth < b.lastDutyMonth ? -1 : 1;
  }
  return a.position - b.position;
}

/**
 * Generates `months` months from `fromMonth`. `isAway(householdId, month)` says whether a household is away
 * that month. Pure: the same input gives the same rota.
 */
export function generateRoster(
  households: readonly RosterHousehold[],
  fromMonth: string,
  months: number,
  isAway: (householdId: string, month: string) => boolean = () => false,
): RosterMonth[] {
  const line = households.map((h) => ({ ...h })).sort(waitedLonger);
  const out: RosterMonth[] = [];
  for (let i = 0; i < months; i++) {
    const month = addMonthsToMonth(fromMonth, i);
    const skipped: string[] = [];
    let chosen = -1;
    for (let k = 0; k < line.length; k++) {
      const h = line[k] as RosterHousehold;
      if (isAway(h.id, month)) {
        skipped.push(h.id);
        continue;
      }
      chosen = k;
      break;
    }
    if (chosen < 0) {
      out.push({ month, householdId: null, skipped });
      continue;
    }
    const [served] = line.splice(chosen, 1) as [RosterHousehold];
    served.lastDutyMonth = month;
    line.push(served);
    out.push({ month, householdId: served.id, skipped });
  }
  return out;
}

/** The rule as printed on the wall roster and shown in the console, in the words a village office uses. */
export const RULE_TEXT: readonly string[] = [
  '值班户按小组顺序每月轮换一户，由组长督促履行职责。',
  '值班户职责：了解本组新来、离开的流动人口情况，及时告知组长和社区；提醒需要体检、领取免费药具或办理证明的住户；协助开展宣传、环境卫生和安全工作。',
  '本月值班户外出（返乡、外地务工等）时，顺延由下一户值班；外出户保留顺序，回来后的第一个月优先值班。',
  '全组住户均外出的月份由组长代班。',
  '新加入的住户排在组内最后，尚未值过班的住户先于已值班的住户值班。',
  '各项服务自愿接受，住户拒绝的不影响其享有任何公共服务。',
];
