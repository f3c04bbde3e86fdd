/** Certificates (婚育证明) and services: the rates of the source document's reports, and counts by place. */
import { CB, type IndicatorDef, indicator, placeEvents } from './types.ts';

/** Married women of childbearing age in one flow view: the denominator of every rate below. */
const mwcba = (suffix: 'in' | 'out') => ({ measure: `mwcba.${suffix}`, ages: CB });

const CONTRACEPTION = (zh: string, en: string) =>
  [
    `最近一次避孕咨询（已完成）中本人答复正在避孕的${zh}已婚育龄妇女 ÷ ${zh}已婚育龄妇女`,
    `${en} married women of childbearing age whose latest completed contraceptive counselling says in use ÷ all of them`,
  ] as const;

export const CERTIFICATE_INDICATORS: readonly IndicatorDef[] = [
  indicator({
    code: 'certificate_rate',
    name: ['办证率', 'Certificate issuance rate'],
    group: 'certificates',
    view: 'outflow',
    numerator: { measure: 'mwcba_cert.out', ages: CB },
    denominator: mwcba('out'),
    definition: [
      '持有效婚育证明的流出已婚育龄妇女 ÷ 流出已婚育龄妇女（户籍地统计）',
      'Outflow married women of childbearing age holding a valid certificate ÷ all of them (at the origin)',
    ],
  }),
  indicator({
    code: 'verification_rate',
    name: ['验证率', 'Verification rate'],
    group: 'certificates',
    view: 'inflow',
    numerator: { measure: 'mwcba_verified.in', ages: CB },
    denominator: mwcba('in'),
    definition: [
      '婚育证明经现居住地查验过的流入已婚育龄妇女 ÷ 流入已婚育龄妇女',
      'Inflow married women of childbearing age whose certificate was checked here ÷ all of them',
    ],
  }),
  placeEvents(
    'certificates_issued',
    'certificates',
    ['办理婚育证明', 'Certificates issued'],
    { measure: 'cert_issued' },
    [
      '统计期内签发的婚育证明份数（含补发、临时证明），按签发单位',
      'Certificates issued in the period (including re-issues and temporary ones), by issuing office',
    ],
  ),
  placeEvents(
    'certificate_checks',
    'certificates',
    ['证明查验次数', 'Certificate checks'],
    { measure: 'cert_checked' },
    [
      '统计期内的婚育证明查验次数（含“未持有”登记），按查验单位',
      'Certificate checks in the period (including "none held"), by checking office',
    ],
  ),
];

export const SERVICE_INDICATORS: readonly IndicatorDef[] = [
  indicator({
    code: 'checkup_coverage',
    name: ['生殖健康检查覆盖率', 'Reproductive health check-up coverage'],
    group: 'services',
    view: 'inflow',
    numerator: { measure: 'mwcba_checkup.in', ages: CB, detail: 'refYear' },
    denominator: mwcba('in'),
    definition: [
      '本年度接受过生殖健康检查的流入已婚育龄妇女 ÷ 流入已婚育龄妇女',
      'Inflow married women of childbearing age with a reproductive check-up this year ÷ all of them',
    ],
  }),
  indicator({
    code: 'contraceptive_prevalence',
    name: ['避孕节育率（流出）', 'Contraceptive prevalence (outflow)'],
    group: 'services',
    view: 'outflow',
    numerator: { measure: 'mwcba_contra.out', ages: CB },
    denominator: mwcba('out'),
    definition: CONTRACEPTION('流出', 'Outflow'),
  }),
  indicator({
    code: 'contraceptive_prevalence_inflow',
    name: ['避孕节育率（流入）', 'Contraceptive prevalence (inflow)'],
    group: 'services',
    view: 'inflow',
    numerator: { measure: 'mwcba_contra.in', ages: CB },
    denominator: mwcba('in'),
    definition: CONTRACEPTION('流入', 'Inflow'),
  }),
  placeEvents(
    'services_done',
    'services',
    ['提供服务人次', 'Services given'],
    { measure: 'service', detailLike: '%:done' },
    ['统计期内已完成的服务人次，按服务类别和服务地点', 'Services given in the period, by kind and place'],
  ),
  placeEvents(
    'services_elsewhere',
    'services',
    ['异地服务人次', 'Services received elsewhere'],
    { measure: 'service.elsewhere' },
    [
      '统计期内本地户籍人员在外地接受的检查和咨询服务人次（由居住地经信息交换告知，按户籍地和服务日期；不计入本地提供服务人次）',
      'Check-ups and counselling that people registered here received in another county in the period (told by the residence through the exchange, by household registration and service date; not part of the services given here)',
    ],
  ),
  placeEvents(
    'services_declined',
    'services',
    ['谢绝服务人次', 'Services declined'],
    { measure: 'service', detailLike: '%:declined' },
    [
      '统计期内本人谢绝的服务人次（谢绝不影响任何权益）',
      'Services offered and declined in the period (declining never affects anything)',
    ],
  ),
];
