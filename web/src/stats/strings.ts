/** Texts of the statistics pages, zh first; kept beside the pages so the shared dictionaries stay small. */
const zh = {
  menu: '统计报表',
  title: '统计分析',
  year: '统计年度',
  asOf: '截至 {{d}}（本期未结束）：人数为当前在册人员',
  asOfClosed: '截至 {{d}}：统计期已结束，人数和各率取 {{m}} 月末数据，不随此后登记变化',
  keyRates: '重点指标与目标',
  target: '目标',
  met: '达标',
  notMet: '未达标',
  noData: '暂无数据',
  counts: '流动人口概况',
  trend: '近12个月业务量',
  history: '近12个月流动人口（月末在册）',
  historyNote: '往月为月末快照，当月为当前在册人数；未生成快照的月份空白',
  activityRates: '信息交换与药具供应',
  days: '天',
  children: '下级单位',
  drill: '查看下级',
  indicator: '指标',
  unit: '单位',
  downloads: '报表下载',
  monthly: '月报表 (xlsx)',
  annual: '年报表 (xlsx)',
  annualCsv: '年报表 (CSV)',
  summary: '年度工作总结草稿 (docx)',
  suppressed: '为保护个人信息，小于{{n}}的数及可据以推算出它们的数不予显示（*）',
  empty: '本单位暂无统计数据。登记人员、办证、服务后这里会显示统计。',
  openDashboard: '打开统计分析',
  village: '已是村（居）一级',
  people: '人',
  assessment: '工作人员考核',
  assessmentHint:
    '纪律考核占40%，业务考核占60%；第1、2名奖金上浮20%、10%，末两名下浮20%、10%；连续两年末位的予以标注。',
  rank: '排名',
  name: '姓名',
  discipline: '纪律',
  work: '业务',
  total: '综合',
  bonus: '奖金浮动',
  flagged: '连续两年末位',
  exportAssessment: '导出考核表',
  assessmentBelow: '本级暂无考核记录。考核按单位登记，以下单位有本年度记录：',
  unitStaff: '{{name}}（{{n}}人）',
};

type StatsStrings = typeof zh;

const en: StatsStrings = {
  menu: 'Statistics',
  title: 'Statistics',
  year: 'Year',
  asOf: 'As of {{d}} (period still running): people registered now',
  asOfClosed: 'As of {{d}}: the period has ended; counts and rates are the month-end figures of {{m}} and stay put',
  keyRates: 'Key rates and targets',
  target: 'Target',
  met: 'Met',
  notMet: 'Not met',
  noData: 'No data',
  counts: 'Floating population',
  trend: 'Activity over the last 12 months',
  history: 'Floating population at each month’s end',
  historyNote:
    'Past months from month-end snapshots, this month as registered now; months without a snapshot are blank',
  activityRates: 'Exchange and supply',
  days: 'days',
  children: 'Units below',
  drill: 'Drill down',
  indicator: 'Indicator',
  unit: 'Unit',
  downloads: 'Reports',
  monthly: 'Monthly table (xlsx)',
  annual: 'Annual table (xlsx)',
  annualCsv: 'Annual table (CSV)',
  summary: 'Draft annual summary (docx)',
  suppressed: 'Counts under {{n}}, and figures they could be worked out from, are withheld (*) to protect individuals',
  empty: 'No statistics for this unit yet. They appear as people, certificates and services are recorded.',
  openDashboard: 'Open statistics',
  village: 'Village level reached',
  people: 'people',
  assessment: 'Staff assessment',
  assessmentHint:
    'Discipline 40%, work 60%; first and second get +20% and +10% bonus, the last two −20% and −10%; last place two years running is flagged.',
  rank: 'Rank',
  name: 'Name',
  discipline: 'Discipline',
  work: 'Work',
  total: 'Total',
  bonus: 'Bonus',
  flagged: 'Last two years running',
  exportAssessment: 'Export',
  assessmentBelow:
    "No assessment is recorded at this level. Assessments are kept per unit; these units have this year's:",
  unitStaff: '{{name}} ({{n}} staff)',
};

export function strings(lang: string): StatsStrings {
  return lang.startsWith('en') ? en : zh;
}

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
