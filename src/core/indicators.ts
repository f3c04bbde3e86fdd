/**
 * Indicators (统计指标), defined once: a numerator over a denominator, both sums of rollup measures (see
 * migration T09 and docs/indicators.md). Pure: the stats module turns these into SQL over stat_rollup.
 *
 * Views for a population that moves: a person counts in the OUTFLOW view at every division that holds their
 * household registration (户籍地) but not their residence, and in the INFLOW view at every division that holds
 * their residence but not their registration. Stock ("point") indicators count the people registered and not
 * departed at the moment of the query; event indicators count what happened in a month or a year.
 */
import type { DivisionLevel } from './divisions.ts';
import type { LocalizedText } from './errors.ts';
import { AGE_BANDS, type AgeBand, type ChildbearingAgeRule } from './person.ts';

/** A sum over stat_rollup rows of one measure. */
export interface MeasureQuery {
  measure: string;
  /** Only people of childbearing age in the reference year, or one age band. Ages are reference year − birth year. */
  ages?: 'childbearing' | AgeBand;
  sex?: 'M' | 'F';
  /** Exact detail; 'refYear' means the reference year itself (e.g. the year of the last check-up). */
  detail?: string;
  /** SQL LIKE pattern on the detail, e.g. '%:done'. */
  detailLike?: string;
}

export type IndicatorPeriod = 'point' | 'month';
export type IndicatorGroup =
  | 'population'
  | 'certificates'
  | 'services'
  | 'supply'
  | 'exchange'
  | 'births'
  | 'community';
export type IndicatorView = 'inflow' | 'outflow' | 'place';

export interface IndicatorDef {
  code: string;
  name: LocalizedText;
  group: IndicatorGroup;
  view: IndicatorView;
  numerator: MeasureQuery;
  denominator?: MeasureQuery;
  /** 100 for a percentage, 1000 for per mille, 1 for a count. */
  factor: 1 | 100 | 1000;
  /** 'point': people registered at the time of the query; 'month': events, summed over the months asked for. */
  period: IndicatorPeriod;
  levels: readonly DivisionLevel[];
  /** What the numerator and denominator mean, for the docs and the dashboard's tooltips. */
  definition: LocalizedText;
  /** 'pending': its source table is being built by another issue; the measure name is reserved. */
  source: 'rollup' | 'pending';
  /** A running balance of monthly changes: the value at a period is the sum of every month up to its end. */
  balance?: boolean;
  /** Breakdowns the API offers besides child divisions and months. */
  breakdowns?: readonly ('sex' | 'ageBand' | 'detail')[];
}

const ALL_LEVELS: readonly DivisionLevel[] = [1, 2, 3, 4, 5];
const CB = 'childbearing' as const;

function count(
  code: string,
  zh: string,
  en: string,
  group: IndicatorGroup,
  view: IndicatorView,
  numerator: MeasureQuery,
  period: IndicatorPeriod,
  definition: LocalizedText,
  extra: Partial<IndicatorDef> = {},
): IndicatorDef {
  return {
    code,
    name: { zh, en },
    group,
    view,
    numerator,
    factor: 1,
    period,
    levels: ALL_LEVELS,
    definition,
    source: 'rollup',
    ...extra,
  };
}

function rate(
  code: string,
  zh: string,
  en: string,
  group: IndicatorGroup,
  view: IndicatorView,
  numerator: MeasureQuery,
  denominator: MeasureQuery,
  definition: LocalizedText,
  extra: Partial<IndicatorDef> = {},
): IndicatorDef {
  return {
    code,
    name: { zh, en },
    group,
    view,
    numerator,
    denominator,
    factor: 100,
    period: 'point',
    levels: ALL_LEVELS,
    definition,
    source: 'rollup',
    ...extra,
  };
}

const pending = { source: 'pending' as const };

export const INDICATORS: readonly IndicatorDef[] = [
  // Population, by flow view; sex and age-band breakdowns.
  count(
    'inflow_total',
    '流入人口',
    'Inflow population',
    'population',
    'inflow',
    { measure: 'pop.in' },
    'point',
    {
      zh: '现居住地在本辖区、户籍地不在本辖区、未登记离开的人数',
      en: 'People living here, registered (户籍) elsewhere, not departed',
    },
    { breakdowns: ['sex', 'ageBand'] },
  ),
  count(
    'inflow_male',
    '流入人口（男）',
    'Inflow, men',
    'population',
    'inflow',
    { measure: 'pop.in', sex: 'M' },
    'point',
    {
      zh: '流入人口中男性人数',
      en: 'Inflow men',
    },
  ),
  count(
    'inflow_female',
    '流入人口（女）',
    'Inflow, women',
    'population',
    'inflow',
    { measure: 'pop.in', sex: 'F' },
    'point',
    {
      zh: '流入人口中女性人数',
      en: 'Inflow women',
    },
  ),
  count(
    'outflow_total',
    '流出人口',
    'Outflow population',
    'population',
    'outflow',
    { measure: 'pop.out' },
    'point',
    {
      zh: '户籍地在本辖区、现居住地不在本辖区、未登记离开的人数',
      en: 'People registered here, living elsewhere, not departed',
    },
    { breakdowns: ['sex', 'ageBand'] },
  ),
  count(
    'outflow_male',
    '流出人口（男）',
    'Outflow, men',
    'population',
    'outflow',
    { measure: 'pop.out', sex: 'M' },
    'point',
    {
      zh: '流出人口中男性人数',
      en: 'Outflow men',
    },
  ),
  count(
    'outflow_female',
    '流出人口（女）',
    'Outflow, women',
    'population',
    'outflow',
    { measure: 'pop.out', sex: 'F' },
    'point',
    {
      zh: '流出人口中女性人数',
      en: 'Outflow women',
    },
  ),
  count(
    'inflow_childbearing',
    '流入育龄人员',
    'Inflow people of childbearing age',
    'population',
    'inflow',
    { measure: 'cba.in', ages: CB },
    'point',
    {
      zh: '流入人口中育龄妇女及已婚育龄妇女的丈夫（年龄按统计年度减出生年份）',
      en: 'Inflow women of childbearing age and husbands of married ones (age = reference year − birth year)',
    },
    { breakdowns: ['sex'] },
  ),
  count(
    'outflow_childbearing',
    '流出育龄人员',
    'Outflow people of childbearing age',
    'population',
    'outflow',
    { measure: 'cba.out', ages: CB },
    'point',
    {
      zh: '流出人口中育龄妇女及已婚育龄妇女的丈夫',
      en: 'Outflow women of childbearing age and husbands of married ones',
    },
    { breakdowns: ['sex'] },
  ),
  count(
    'inflow_married_women',
    '流入已婚育龄妇女',
    'Inflow married women of childbearing age',
    'population',
    'inflow',
    { measure: 'mwcba.in', ages: CB },
    'point',
    {
      zh: '流入人口中初婚或再婚、处于育龄的妇女',
      en: 'Inflow women, first marriage or remarried, of childbearing age',
    },
  ),
  count(
    'outflow_married_women',
    '流出已婚育龄妇女',
    'Outflow married women of childbearing age',
    'population',
    'outflow',
    { measure: 'mwcba.out', ages: CB },
    'point',
    {
      zh: '流出人口中初婚或再婚、处于育龄的妇女',
      en: 'Outflow women, first marriage or remarried, of childbearing age',
    },
  ),
  count(
    'arrivals',
    '新来本地人数',
    'Arrivals',
    'population',
    'inflow',
    { measure: 'arrived.in' },
    'month',
    {
      zh: '来本地时间在统计期内的流入人员（按现居住地）',
      en: 'Inflow people whose arrival date falls in the period (at the residence)',
    },
    { breakdowns: ['sex'] },
  ),
  // Certificates and verification.
  rate(
    'certificate_rate',
    '办证率',
    'Certificate issuance rate',
    'certificates',
    'outflow',
    { measure: 'mwcba_cert.out', ages: CB },
    { measure: 'mwcba.out', ages: CB },
    {
      zh: '持有效婚育证明的流出已婚育龄妇女 ÷ 流出已婚育龄妇女（户籍地统计）',
      en: 'Outflow married women of childbearing age holding a valid certificate ÷ all of them (at the origin)',
    },
  ),
  rate(
    'verification_rate',
    '验证率',
    'Verification rate',
    'certificates',
    'inflow',
    { measure: 'mwcba_verified.in', ages: CB },
    { measure: 'mwcba.in', ages: CB },
    {
      zh: '婚育证明经现居住地查验过的流入已婚育龄妇女 ÷ 流入已婚育龄妇女',
      en: 'Inflow married women of childbearing age whose certificate was checked here ÷ all of them',
    },
  ),
  count(
    'certificates_issued',
    '办理婚育证明',
    'Certificates issued',
    'certificates',
    'place',
    { measure: 'cert_issued' },
    'month',
    {
      zh: '统计期内签发的婚育证明份数（含补发、临时证明），按签发单位',
      en: 'Certificates issued in the period (including re-issues and temporary ones), by issuing office',
    },
    { breakdowns: ['detail'] },
  ),
  count(
    'certificate_checks',
    '证明查验次数',
    'Certificate checks',
    'certificates',
    'place',
    { measure: 'cert_checked' },
    'month',
    {
      zh: '统计期内的婚育证明查验次数（含“未持有”登记），按查验单位',
      en: 'Certificate checks in the period (including "none held"), by checking office',
    },
    { breakdowns: ['detail'] },
  ),
  // Services.
  rate(
    'checkup_coverage',
    '孕环情检查覆盖率',
    'Check-up coverage',
    'services',
    'inflow',
    { measure: 'mwcba_checkup.in', ages: CB, detail: 'refYear' },
    { measure: 'mwcba.in', ages: CB },
    {
      zh: '本年度接受过生殖健康检查的流入已婚育龄妇女 ÷ 流入已婚育龄妇女',
      en: 'Inflow married women of childbearing age with a reproductive check-up this year ÷ all of them',
    },
  ),
  rate(
    'contraceptive_prevalence',
    '避孕节育率（流出）',
    'Contraceptive prevalence (outflow)',
    'services',
    'outflow',
    { measure: 'mwcba_contra.out', ages: CB },
    { measure: 'mwcba.out', ages: CB },
    {
      zh: '最近一次避孕咨询（已完成）中本人答复正在避孕的流出已婚育龄妇女 ÷ 流出已婚育龄妇女',
      en: 'Outflow married women of childbearing age whose latest completed contraceptive counselling says in use ÷ all of them',
    },
  ),
  rate(
    'contraceptive_prevalence_inflow',
    '避孕节育率（流入）',
    'Contraceptive prevalence (inflow)',
    'services',
    'inflow',
    { measure: 'mwcba_contra.in', ages: CB },
    { measure: 'mwcba.in', ages: CB },
    {
      zh: '最近一次避孕咨询（已完成）中本人答复正在避孕的流入已婚育龄妇女 ÷ 流入已婚育龄妇女',
      en: 'Inflow married women of childbearing age whose latest completed contraceptive counselling says in use ÷ all of them',
    },
  ),
  count(
    'services_done',
    '提供服务人次',
    'Services given',
    'services',
    'place',
    { measure: 'service', detailLike: '%:done' },
    'month',
    {
      zh: '统计期内已完成的服务人次，按服务类别和服务地点',
      en: 'Services given in the period, by kind and place',
    },
    { breakdowns: ['detail'] },
  ),
  count(
    'services_declined',
    '谢绝服务人次',
    'Services declined',
    'services',
    'place',
    { measure: 'service', detailLike: '%:declined' },
    'month',
    {
      zh: '统计期内本人谢绝的服务人次（谢绝不影响任何权益）',
      en: 'Services offered and declined in the period (declining never affects anything)',
    },
    { breakdowns: ['detail'] },
  ),
  // Pending a data source (issues being built in parallel); the measure names are reserved.
  count(
    'stock_level',
    '避孕药具库存',
    'Contraceptive stock',
    'supply',
    'place',
    { measure: 'stock.balance' },
    'month',
    {
      zh: '统计期末发放点库存数量（入库、调入减发放、调出、盘点调整）',
      en: 'Units in stock at distribution points at the end of the period (received − dispensed, with transfers and adjustments)',
    },
    { balance: true, breakdowns: ['detail'] },
  ),
  rate(
    'stock_days_of_supply',
    '库存可供天数',
    'Days of supply',
    'supply',
    'place',
    { measure: 'stock.balance' },
    { measure: 'stock.dispensed_daily' },
    {
      zh: '现有库存 ÷ 近90天日均发放量',
      en: 'Units in stock ÷ average units dispensed per day over the last 90 days',
    },
    { ...pending, factor: 1 },
  ),
  count(
    'exchange_sent',
    '发出协查通报',
    'Exchange messages sent',
    'exchange',
    'place',
    { measure: 'exchange.sent' },
    'month',
    {
      zh: '统计期内发出的协查、通报',
      en: 'Inquiries and notifications sent in the period',
    },
    { breakdowns: ['detail'] },
  ),
  count(
    'exchange_received',
    '收到协查通报',
    'Exchange messages received',
    'exchange',
    'place',
    { measure: 'exchange.received' },
    'month',
    {
      zh: '统计期内收到的协查、通报',
      en: 'Inquiries and notifications received in the period',
    },
    { breakdowns: ['detail'] },
  ),
  rate(
    'exchange_feedback_on_time',
    '按时反馈率',
    'On-time feedback rate',
    'exchange',
    'place',
    { measure: 'exchange.feedback_on_time' },
    { measure: 'exchange.feedback_due' },
    {
      zh: '期限内反馈的协查 ÷ 应反馈的协查',
      en: 'Inquiries answered by their deadline ÷ inquiries due an answer',
    },
    { ...pending, period: 'month' },
  ),
  rate(
    'exchange_pairing_rate',
    '配对率',
    'Pairing rate',
    'exchange',
    'outflow',
    { measure: 'exchange.paired' },
    { measure: 'exchange.notified' },
    {
      zh: '户籍地已配对核实的流入通报 ÷ 收到的流入通报',
      en: 'Inflow notifications paired and confirmed at the origin ÷ notifications received',
    },
    { ...pending, period: 'month' },
  ),
  count(
    'birth_registrations',
    '生育登记',
    'Birth registrations',
    'births',
    'place',
    { measure: 'birth_registration' },
    'month',
    {
      zh: '统计期内完成的生育服务登记',
      en: 'Birth service registrations completed in the period',
    },
  ),
  rate(
    'complaints_resolved_in_time',
    '投诉按时办结率',
    'Complaints resolved in time',
    'community',
    'place',
    { measure: 'complaint.resolved_in_time' },
    { measure: 'complaint.closed' },
    {
      zh: '在答复期限内办结的咨询投诉 ÷ 办结的咨询投诉',
      en: 'Complaints resolved by their deadline ÷ complaints resolved',
    },
    { period: 'month' },
  ),
  count(
    'outreach_materials',
    '发放宣传资料',
    'Outreach materials',
    'community',
    'place',
    { measure: 'outreach.materials' },
    'month',
    {
      zh: '统计期内宣传活动发放的资料份数',
      en: 'Materials handed out at outreach events in the period',
    },
    { breakdowns: ['detail'] },
  ),
  count(
    'outreach_events',
    '宣传活动',
    'Outreach events',
    'community',
    'place',
    { measure: 'outreach.events' },
    'month',
    {
      zh: '统计期内举办的宣传服务活动场次',
      en: 'Outreach events held in the period',
    },
    { breakdowns: ['detail'] },
  ),
  count(
    'outreach_attendance',
    '宣传活动参与人次',
    'Outreach attendance',
    'community',
    'place',
    { measure: 'outreach.attendance' },
    'month',
    {
      zh: '统计期内宣传服务活动的参与人次',
      en: 'People attending outreach events in the period',
    },
    { breakdowns: ['detail'] },
  ),
];

export const INDICATOR_BY_CODE: ReadonlyMap<string, IndicatorDef> = new Map(INDICATORS.map((i) => [i.code, i]));

/** The key rates a dashboard leads with, in order. */
export const KEY_RATES = [
  'certificate_rate',
  'contraceptive_prevalence',
  'verification_rate',
  'checkup_coverage',
] as const;

/** Birth-year bounds (inclusive) of an age filter in a reference year. Age = reference year − birth year. */
export function birthYearRange(
  ages: MeasureQuery['ages'],
  refYear: number,
  rule: ChildbearingAgeRule,
): { from: number; to: number } | null {
  if (!ages) return null;
  if (ages === 'childbearing') return { from: refYear - rule.maxAge, to: refYear - rule.minAge };
  if (ages === '60+') return { from: 1, to: refYear - 60 };
  const [min, max] = ages.split('-').map(Number) as [number, number];
  return { from: refYear - max, to: refYear - min };
}

export function ageBandOfBirthYear(birthYear: number, refYear: number): AgeBand {
  const age = refYear - birthYear;
  for (const band of AGE_BANDS) {
    const range = birthYearRange(band, refYear, { minAge: 0, maxAge: 0 });
    if (range && birthYear >= range.from && birthYear <= range.to) return band;
  }
  return age < 0 ? '0-14' : '60+';
}

/** The value of a rate or count from its sums; null when the denominator is zero. */
export function indicatorValue(def: IndicatorDef, numerator: number, denominator: number | null): number | null {
  if (!def.denominator) return numerator;
  if (!denominator) return null;
  return Math.round((numerator / denominator) * def.factor * 100) / 100;
}

/** A rate as staff write it: at most two decimals, trailing zeros dropped (99.2%, 95.33%). */
export function formatRate(value: number | null, factor: 1 | 100 | 1000 = 100): string {
  if (value === null) return '—';
  const text = String(Math.round(value * 100) / 100);
  return factor === 100 ? `${text}%` : factor === 1000 ? `${text}‰` : text;
}

/**
 * Small-cell suppression for department users and public exports: a count under `min` (but not zero) is
 * withheld. A rate is withheld when its numerator, its denominator or their difference is such a count,
 * since any of them would let a reader work out a small group.
 */
export function suppressCount(value: number, min: number): number | null {
  return value > 0 && value < min ? null : value;
}

export function rateSuppressed(numerator: number, denominator: number, min: number): boolean {
  const small = (n: number) => n > 0 && n < min;
  return small(numerator) || small(denominator) || small(denominator - numerator);
}

export interface TargetCheck {
  comparator: '>=' | '<=';
  target: number;
}

/** Whether a measured value meets its target; null when nothing was measured. */
export function meetsTarget(value: number | null, t: TargetCheck): boolean | null {
  if (value === null) return null;
  return t.comparator === '>=' ? value >= t.target : value <= t.target;
}

/** Default responsibility targets (the source document's figures: 办证率 95%, 验证率 95%, 查体 85%). */
export const DEFAULT_TARGETS: readonly { indicator: string; comparator: '>=' | '<='; value: number }[] = [
  { indicator: 'certificate_rate', comparator: '>=', value: 95 },
  { indicator: 'verification_rate', comparator: '>=', value: 95 },
  { indicator: 'checkup_coverage', comparator: '>=', value: 85 },
  { indicator: 'contraceptive_prevalence', comparator: '>=', value: 90 },
];

/** Periods a query may ask for: now (the default), a month or a year. */
export type PeriodSpec = { kind: 'month'; month: string } | { kind: 'year'; year: number };

export function parsePeriod(text: string | undefined, today: string): PeriodSpec | null {
  if (!text) return { kind: 'year', year: Number(today.slice(0, 4)) };
  if (/^\d{4}$/.test(text)) return { kind: 'year', year: Number(text) };
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return { kind: 'month', month: text };
  return null;
}

export function periodRefYear(p: PeriodSpec): number {
  return p.kind === 'year' ? p.year : Number(p.month.slice(0, 4));
}

/** First and last 'YYYY-MM' of a period. */
export function periodMonths(p: PeriodSpec): { from: string; to: string } {
  return p.kind === 'year' ? { from: `${p.year}-01`, to: `${p.year}-12` } : { from: p.month, to: p.month };
}

/** The twelve months up to and including `month`, oldest first. */
export function lastTwelveMonths(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}
