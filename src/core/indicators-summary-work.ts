/**
 * The year's work in the draft annual summary (issue 19 part 4): birth service registrations, contraceptive
 * supply, complaints, the twelve-household groups, and the comparison with last year (同比), written the way the
 * source document's county reports do ("全年共…，同比增长…%"). Pure: the stats module measures, this writes.
 * A paragraph whose figures are all zero is left out: a unit that did not record the work says nothing, rather
 * than claiming there was none.
 */
import { formatRate } from './indicators.ts';

export interface WorkFigures {
  /** 生育服务登记 completed in the year (indicator birth_registrations). */
  births?: number;
  supply?: {
    /** Points standing at the year's end (supply_points). */
    points: number;
    /** Units dispensed in the year by item, each in its own unit (stock_dispensed by detail). */
    dispensed: { name: string; unit: string; count: number }[];
    /** Stock at the year's end ÷ units dispensed per day over the window (stock_days_of_supply); null: none. */
    daysOfSupply: number | null;
  };
  complaints?: { received: number; closed: number; inTime: number; rate: number | null };
  groups?: { groups: number; dutyLogs: number };
  /** Last year's comparison; only figures whose last-year value exists (closed years only). */
  yoy?: YoyItem[];
}

export interface YoyItem {
  label: string;
  /** A count's unit (人, 例…); absent for a percentage rate. */
  unit?: string;
  current: number;
  previous: number;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** A rounded figure as staff write it: at most two decimals, trailing zeros dropped. */
const plain = (v: number) => String(Math.round(v * 100) / 100);

/** "同比增长12.5%" for a count, "同比提高1.2个百分点" for a rate; null when last year gives no base. */
export function yoyText(item: YoyItem): string | null {
  if (item.unit === undefined) {
    const diff = Math.round((item.current - item.previous) * 100) / 100;
    if (diff === 0) return '与上年持平';
    return `同比${diff > 0 ? '提高' : '下降'}${plain(Math.abs(diff))}个百分点`;
  }
  if (item.previous <= 0) return null;
  const growth = Math.round(((item.current - item.previous) / item.previous) * 10000) / 100;
  if (growth === 0) return '与上年持平';
  return `同比${growth > 0 ? '增长' : '下降'}${plain(Math.abs(growth))}%`;
}

/** Each paragraph of the year's work, or null when it has nothing to say. */
export interface WorkParagraphs {
  births: string | null;
  supply: string | null;
  complaints: string | null;
  groups: string | null;
  yoy: string | null;
}

/** `asOf` is the "截至…" phrase of the year's stock figures; `windowMonths` the days-of-supply window. */
export function workParagraphs(f: WorkFigures, asOf: string, windowMonths: number): WorkParagraphs {
  const births = f.births ? `全年办理流动人口生育服务登记${f.births}例。` : null;
  let supply: string | null = null;
  const s = f.supply;
  const given = s?.dispensed.filter((d) => d.count > 0) ?? [];
  if (s && (s.points > 0 || given.length > 0)) {
    const parts = [`${asOf}，辖区共设避孕药具发放点${s.points}个`];
    if (given.length > 0) {
      parts.push(`全年免费发放避孕药具：${given.map((d) => `${d.name}${d.count}${d.unit}`).join('、')}`);
    }
    if (s.daysOfSupply !== null) {
      const months = CHINESE_DIGITS[windowMonths] ?? String(windowMonths);
      parts.push(`按近${months}个月日均发放量计算，期末库存可供${plain(s.daysOfSupply)}天`);
    }
    supply = `${parts.join('；')}。`;
  }
  const c = f.complaints;
  const complaints =
    c && (c.received > 0 || c.closed > 0)
      ? `全年受理流动人口咨询投诉${c.received}件，办结${c.closed}件，其中在答复期限内办结${c.inTime}件，` +
        `按时办结率${formatRate(c.rate)}。`
      : null;
  const g = f.groups;
  const groups =
    g && (g.groups > 0 || g.dutyLogs > 0)
      ? `${asOf}，共组建十二户联勤小组${g.groups}个，全年记录联勤值班${g.dutyLogs}次。`
      : null;
  const items = (f.yoy ?? []).flatMap((i) => {
    const text = yoyText(i);
    if (!text) return [];
    const figure = i.unit === undefined ? formatRate(i.current) : `${i.current}${i.unit}`;
    return [`${i.label}${figure}，${text}`];
  });
  const yoy = items.length > 0 ? `与上年相比：${items.join('；')}。` : null;
  return { births, supply, complaints, groups, yoy };
}
