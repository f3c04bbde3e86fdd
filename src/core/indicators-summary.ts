/**
 * The "basic situation" (基本情况) of the draft annual work summary, written in Chinese from measured figures
 * the way reports 2–5 of the source document are: counts by sex, certificates and their rate, contraception,
 * verification and check-ups, services, outreach, exchange, and the year's work of indicators-summary-work.ts
 * (births, supply, complaints, twelve-household groups, 同比). Pure: the stats module measures, this writes.
 */
import { formatRate } from './indicators.ts';
import { type WorkFigures, workParagraphs } from './indicators-summary-work.ts';

export interface SummaryFigures {
  unitName: string;
  year: number;
  /** 'YYYY-MM-DD' the point-in-time counts were taken: the year's last day once it has ended. */
  asOf: string;
  /** The year is still running: the counts are today's and say so (本期未结束). */
  running?: boolean;
  inflow: { total: number; male: number; female: number };
  outflow: { total: number; male: number; female: number };
  outflowMarriedWomen: number;
  certificateHolders: number;
  certificateRate: number | null;
  contraceptionUsers: number;
  contraceptionRate: number | null;
  inflowMarriedWomen: number;
  verified: number;
  verificationRate: number | null;
  checkedUp: number;
  checkupCoverage: number | null;
  certificatesIssued: number;
  certificateChecks: number;
  servicesByKind: { name: string; count: number }[];
  /** Null until the exchange between areas records messages (issue 5). */
  exchange: { sent: number; received: number; feedbackRate: number | null; pairingRate?: number | null } | null;
  /** 宣传活动 in the year: events held, materials handed out (份), attendance (人次). */
  outreach?: { events: number; materials: number; attendance: number };
  /** Births, supply, complaints, groups and 同比 (src/core/indicators-summary-work.ts). */
  work?: WorkFigures;
  /** The days-of-supply window in months (DAYS_OF_SUPPLY_MONTHS). */
  supplyWindowMonths?: number;
}

const n = (v: number) => String(v);

function asOfText(asOf: string, running: boolean): string {
  const [, m, d] = asOf.split('-').map(Number) as [number, number, number];
  return running ? `截至${m}月${d}日（本期未结束）` : `截至${m}月${d}日`;
}

/** Numbered paragraphs, each a complete sentence group ready for staff to edit. */
export function basicSituation(f: SummaryFigures): string[] {
  const paragraphs: string[] = [];
  const total = f.inflow.total + f.outflow.total;
  paragraphs.push(
    `${asOfText(f.asOf, f.running ?? false)}，${f.unitName}共有流动人口${n(total)}人。` +
      `跨省、省内流出人口总数为${n(f.outflow.total)}人，其中：男性${n(f.outflow.male)}人，女性${n(f.outflow.female)}人；` +
      `流入人口总数为${n(f.inflow.total)}人，其中：男性${n(f.inflow.male)}人，女性${n(f.inflow.female)}人。`,
  );
  paragraphs.push(
    `流出人口中，已婚育龄妇女为${n(f.outflowMarriedWomen)}人。` +
      `为流出已婚育龄妇女发放婚育证明${n(f.certificateHolders)}本，发证率达${formatRate(f.certificateRate)}。` +
      `流出已婚育龄妇女实施避孕节育${n(f.contraceptionUsers)}人，占流出已婚育龄妇女的${formatRate(f.contraceptionRate)}。`,
  );
  paragraphs.push(
    `流入人口中，已婚育龄妇女为${n(f.inflowMarriedWomen)}人，` +
      `查验婚育证明${n(f.verified)}人，流入人口验证率${formatRate(f.verificationRate)}；` +
      `全年开展生殖健康检查${n(f.checkedUp)}人，检查覆盖率${formatRate(f.checkupCoverage)}。`,
  );
  const services = f.servicesByKind.filter((s) => s.count > 0);
  paragraphs.push(
    `${f.year}年度，累计办理《流动人口婚育证明》${n(f.certificatesIssued)}份，查验婚育证明${n(f.certificateChecks)}人次` +
      (services.length > 0
        ? `；为流动人口提供免费服务${n(services.reduce((s, x) => s + x.count, 0))}人次，其中：${services
            .map((s) => `${s.name}${n(s.count)}人次`)
            .join('，')}。`
        : '。'),
  );
  const work = workParagraphs(f.work ?? {}, asOfText(f.asOf, f.running ?? false), f.supplyWindowMonths ?? 3);
  for (const p of [work.births, work.supply]) if (p) paragraphs.push(p);
  if (f.outreach && f.outreach.events > 0) {
    paragraphs.push(
      `全年开展宣传服务活动${n(f.outreach.events)}场次，发放宣传资料${n(f.outreach.materials)}份，` +
        `参与群众${n(f.outreach.attendance)}人次。`,
    );
  }
  paragraphs.push(
    f.exchange
      ? `通过信息平台发出协查通报${n(f.exchange.sent)}条，收到${n(f.exchange.received)}条，按时反馈率${formatRate(f.exchange.feedbackRate)}` +
          (f.exchange.pairingRate !== undefined ? `，流入通报配对率${formatRate(f.exchange.pairingRate)}。` : '。')
      : '信息交换（协查、通报、反馈）情况：【信息交换功能上线后自动填写，现请手工补充】',
  );
  for (const p of [work.complaints, work.groups, work.yoy]) if (p) paragraphs.push(p);
  return paragraphs;
}
