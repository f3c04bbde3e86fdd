/**
 * Measures everything the draft annual summary writes about, for one unit and year, from the indicators (the
 * same cells the tables and the indicator API answer): nothing here counts rows of its own.
 */
import type { AppContext } from '../../context.ts';
import { DAYS_OF_SUPPLY_MONTHS, type PeriodSpec } from '../../core/indicators.ts';
import type { SummaryFigures } from '../../core/indicators-summary.ts';
import type { WorkFigures, YoyItem } from '../../core/indicators-summary-work.ts';
import { ITEM_LABELS, SUPPLY_ITEMS } from '../../core/services-supply.ts';
import { sumMeasure } from './stats.repository.ts';
import {
  ageRule,
  type Cell,
  evaluate,
  indicatorOrThrow,
  periodStamp,
  scopedDivision,
  suppressionFor,
  type Viewer,
} from './stats.service.ts';

const SERVICE_NAMES: Record<string, string> = {
  reproductive_checkup: '生殖健康检查',
  prenatal_care: '孕产期保健',
  contraceptive_counselling: '避孕节育咨询',
  mental_health_counselling: '心理健康咨询',
  health_education: '健康教育',
  // Free technical services (issue 26), counted like the seed's 放取环92例，结扎4例; only kinds with a count appear.
  iud_insertion: '放环',
  iud_removal: '取环',
  implant_insertion: '皮埋放置',
  implant_removal: '皮埋取出',
  tubal_ligation: '输卵管结扎',
  vasectomy: '输精管结扎',
  technical_follow_up: '术后随访',
};

/**
 * The figures compared with last year (同比), in the order written: label, indicator, unit (none for a rate).
 * Dispensed contraceptives are left out: their units (只, 板, 支) do not add up to one growth figure.
 */
export const YOY_FIGURES: readonly { label: string; code: string; unit?: string }[] = [
  { label: '流入人口', code: 'inflow_total', unit: '人' },
  { label: '流出人口', code: 'outflow_total', unit: '人' },
  { label: '办证率', code: 'certificate_rate' },
  { label: '避孕节育率', code: 'contraceptive_prevalence' },
  { label: '验证率', code: 'verification_rate' },
  { label: '生殖健康检查覆盖率', code: 'checkup_coverage' },
  { label: '办理婚育证明', code: 'certificates_issued', unit: '份' },
  { label: '提供服务', code: 'services_done', unit: '人次' },
  { label: '生育服务登记', code: 'birth_registrations', unit: '例' },
  { label: '发出协查通报', code: 'exchange_sent', unit: '条' },
  { label: '收到协查通报', code: 'exchange_received', unit: '条' },
  { label: '受理咨询投诉', code: 'complaints_received', unit: '件' },
  { label: '宣传服务活动', code: 'outreach_events', unit: '场次' },
  { label: '发放宣传资料', code: 'outreach_materials', unit: '份' },
  { label: '宣传活动参与', code: 'outreach_attendance', unit: '人次' },
  { label: '联勤值班', code: 'duty_logs', unit: '次' },
];

export async function summaryFigures(ctx: AppContext, viewer: Viewer, code: string | undefined, year: number) {
  const division = await scopedDivision(ctx.db, viewer, code);
  const period: PeriodSpec = { kind: 'year', year };
  const suppress = suppressionFor(viewer, false);
  const one = [division.code];
  const cellOf = async (ic: string, p: PeriodSpec): Promise<Cell> =>
    (await evaluate(ctx, indicatorOrThrow(ic), one, p, suppress)).get(division.code) as Cell;
  const cell = (ic: string) => cellOf(ic, period);
  const v = async (ic: string) => (await cell(ic)).value ?? 0;
  const byDetail = (ic: string) =>
    sumMeasure(ctx.db, indicatorOrThrow(ic).numerator, {
      divisions: one,
      window: { from: `${year}-01`, to: `${year}-12` },
      refYear: year,
      rule: ageRule(ctx),
      groupBy: ['detail'],
    });
  const cert = await cell('certificate_rate');
  const contra = await cell('contraceptive_prevalence');
  const verify = await cell('verification_rate');
  const checkup = await cell('checkup_coverage');
  const services = await byDetail('services_done');
  const stamp = await periodStamp(ctx.db, period);
  // Exchange figures from the indicator rollups, like every other figure here (migrations T13 and T18).
  const feedback = await cell('exchange_feedback_on_time');
  const pairing = await cell('exchange_pairing_rate');
  const figures: SummaryFigures = {
    unitName: division.name,
    year,
    asOf: stamp.asOf,
    running: !stamp.closed,
    inflow: { total: await v('inflow_total'), male: await v('inflow_male'), female: await v('inflow_female') },
    outflow: { total: await v('outflow_total'), male: await v('outflow_male'), female: await v('outflow_female') },
    outflowMarriedWomen: cert.denominator ?? 0,
    certificateHolders: cert.numerator ?? 0,
    certificateRate: cert.value,
    contraceptionUsers: contra.numerator ?? 0,
    contraceptionRate: contra.value,
    inflowMarriedWomen: verify.denominator ?? 0,
    verified: verify.numerator ?? 0,
    verificationRate: verify.value,
    checkedUp: checkup.numerator ?? 0,
    checkupCoverage: checkup.value,
    certificatesIssued: await v('certificates_issued'),
    certificateChecks: await v('certificate_checks'),
    servicesByKind: Object.entries(SERVICE_NAMES).map(([kind, name]) => ({
      name,
      count: services.filter((s) => s.detail === `${kind}:done`).reduce((a, s) => a + s.value, 0),
    })),
    exchange: {
      sent: await v('exchange_sent'),
      received: await v('exchange_received'),
      feedbackRate: feedback.value,
      pairingRate: pairing.value,
    },
    outreach: {
      events: await v('outreach_events'),
      materials: await v('outreach_materials'),
      attendance: await v('outreach_attendance'),
    },
    supplyWindowMonths: DAYS_OF_SUPPLY_MONTHS,
  };
  const dispensed = await byDetail('stock_dispensed');
  const complaints = await cell('complaints_resolved_in_time');
  const work: WorkFigures = {
    births: await v('birth_registrations'),
    supply: {
      points: await v('supply_points'),
      dispensed: SUPPLY_ITEMS.map((item) => ({
        name: ITEM_LABELS[item].zh,
        unit: ITEM_LABELS[item].unitZh,
        count: dispensed.filter((d) => d.detail === item).reduce((a, d) => a + d.value, 0),
      })),
      daysOfSupply: (await cell('stock_days_of_supply')).value,
    },
    complaints: {
      received: await v('complaints_received'),
      closed: complaints.denominator ?? 0,
      inTime: complaints.numerator ?? 0,
      rate: complaints.value,
    },
    groups: { groups: await v('household_groups'), dutyLogs: await v('duty_logs') },
    // 同比 only for a year that has ended: a part year against a whole one would mislead, and the monthly
    // rollups cannot cut last year at today's date.
    yoy: stamp.closed ? await yoyItems(cellOf, year) : [],
  };
  return { division, figures: { ...figures, work }, stamp };
}

/**
 * Each figure of YOY_FIGURES with last year's, where last year recorded it: a count above zero, a rate whose
 * numerator is above zero (a zero there cannot tell "none" from "not recorded in Liudong yet").
 */
async function yoyItems(cellOf: (ic: string, p: PeriodSpec) => Promise<Cell>, year: number): Promise<YoyItem[]> {
  const items: YoyItem[] = [];
  for (const f of YOY_FIGURES) {
    const current = (await cellOf(f.code, { kind: 'year', year })).value;
    const previous = await cellOf(f.code, { kind: 'year', year: year - 1 });
    if (current === null || previous.value === null || !previous.numerator) continue;
    items.push({
      label: f.label,
      ...(f.unit !== undefined ? { unit: f.unit } : {}),
      current,
      previous: previous.value,
    });
  }
  return items;
}
