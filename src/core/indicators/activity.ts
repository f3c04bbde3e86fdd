/** Supply, exchange, births and community work: event counts and rates by the place they happened. */
import { type IndicatorDef, indicator, placeEvents } from './types.ts';

/** Days of supply: average daily dispensing over this many calendar months (documented in docs/indicators.md). */
export const DAYS_OF_SUPPLY_MONTHS = 3;

export const SUPPLY_INDICATORS: readonly IndicatorDef[] = [
  indicator({
    code: 'supply_points',
    name: ['避孕药具发放点', 'Distribution points'],
    group: 'supply',
    view: 'place',
    numerator: { measure: 'supply.points' },
    period: 'month',
    definition: [
      '统计期末已设立的避孕药具发放点（按设立月份累计；系统不停用、不删除发放点）',
      'Distribution points set up by the end of the period (points are never deactivated or deleted)',
    ],
    balance: true,
    breakdowns: ['detail'],
  }),
  placeEvents(
    'stock_dispensed',
    'supply',
    ['免费发放避孕药具', 'Contraceptives dispensed'],
    { measure: 'stock.dispensed' },
    [
      '统计期内发放点免费发放的避孕药具数量（按品种，各有计量单位：只、板、支）',
      'Units dispensed free at distribution points in the period (by item, each in its own unit)',
    ],
  ),
  indicator({
    code: 'stock_level',
    name: ['避孕药具库存', 'Contraceptive stock'],
    group: 'supply',
    view: 'place',
    numerator: { measure: 'stock.balance' },
    period: 'month',
    definition: [
      '统计期末发放点库存数量（入库、调入减发放、调出、盘点调整）',
      'Units in stock at distribution points at the end of the period (received − dispensed, with transfers and adjustments)',
    ],
    balance: true,
    breakdowns: ['detail'],
  }),
  indicator({
    code: 'stock_days_of_supply',
    name: ['库存可供天数', 'Days of supply'],
    group: 'supply',
    view: 'place',
    numerator: { measure: 'stock.balance' },
    denominator: { measure: 'stock.dispensed' },
    factor: 1,
    period: 'month',
    definition: [
      `统计期末库存 ÷ 截至统计期末近${DAYS_OF_SUPPLY_MONTHS}个自然月的日均发放量（当月按已过天数）`,
      `Units in stock at the end of the period ÷ average units dispensed per day over the ${DAYS_OF_SUPPLY_MONTHS} calendar months ending with it (the current month by its days so far)`,
    ],
    balance: true,
    denominatorPerDayOver: DAYS_OF_SUPPLY_MONTHS,
    breakdowns: ['detail'],
  }),
];

export const EXCHANGE_INDICATORS: readonly IndicatorDef[] = [
  placeEvents('exchange_sent', 'exchange', ['发出协查通报', 'Exchange messages sent'], { measure: 'exchange.sent' }, [
    '统计期内发出的协查、通报',
    'Inquiries and notifications sent in the period',
  ]),
  placeEvents(
    'exchange_received',
    'exchange',
    ['收到协查通报', 'Exchange messages received'],
    { measure: 'exchange.received' },
    ['统计期内收到的协查、通报', 'Inquiries and notifications received in the period'],
  ),
  indicator({
    code: 'exchange_feedback_on_time',
    name: ['按时反馈率', 'On-time feedback rate'],
    group: 'exchange',
    view: 'place',
    numerator: { measure: 'exchange.feedback_on_time' },
    denominator: { measure: 'exchange.feedback_due' },
    period: 'month',
    definition: [
      '反馈期限在统计期内、并在期限内反馈的协查和流入通报 ÷ 反馈期限在统计期内的协查和流入通报（按本方收件单位）',
      'Inquiries and inflow notifications due an answer in the period and answered by their deadline ÷ all due in the period (at the receiving office)',
    ],
    breakdowns: ['detail'],
  }),
  indicator({
    code: 'exchange_pairing_rate',
    name: ['配对率', 'Pairing rate'],
    group: 'exchange',
    view: 'place',
    numerator: { measure: 'exchange.paired' },
    denominator: { measure: 'exchange.notified' },
    period: 'month',
    definition: [
      '统计期内发出、户籍地已配对核实的流入通报 ÷ 统计期内发出的流入通报（按发出单位）',
      'Inflow notifications sent in the period and paired by the origin ÷ inflow notifications sent in the period (at the sending office)',
    ],
  }),
];

export const COMMUNITY_INDICATORS: readonly IndicatorDef[] = [
  placeEvents(
    'complaints_received',
    'community',
    ['受理咨询投诉', 'Complaints received'],
    { measure: 'complaint.received' },
    ['统计期内受理的咨询和投诉（按受理日期）', 'Consultations and complaints received in the period'],
  ),
  indicator({
    code: 'household_groups',
    name: ['十二户联勤小组', 'Twelve-household groups'],
    group: 'community',
    view: 'place',
    numerator: { measure: 'community.groups' },
    period: 'month',
    definition: [
      '统计期末已组建的十二户联勤小组（按组建月份累计；系统不删除小组）',
      'Twelve-household groups set up by the end of the period (groups are never deleted)',
    ],
    balance: true,
  }),
  placeEvents('duty_logs', 'community', ['联勤值班记录', 'Duty log entries'], { measure: 'community.duty_logs' }, [
    '统计期内十二户联勤小组的值班记录条数（按值班日期）',
    'Duty log entries of the twelve-household groups in the period, by duty date',
  ]),
  indicator({
    code: 'birth_registrations',
    name: ['生育登记', 'Birth registrations'],
    group: 'births',
    view: 'place',
    numerator: { measure: 'birth_registration' },
    period: 'month',
    definition: ['统计期内完成的生育服务登记', 'Birth service registrations completed in the period'],
  }),
  indicator({
    code: 'complaints_resolved_in_time',
    name: ['投诉按时办结率', 'Complaints resolved in time'],
    group: 'community',
    view: 'place',
    numerator: { measure: 'complaint.resolved_in_time' },
    denominator: { measure: 'complaint.closed' },
    period: 'month',
    definition: [
      '在答复期限内办结的咨询投诉 ÷ 办结的咨询投诉',
      'Complaints resolved by their deadline ÷ complaints resolved',
    ],
  }),
  placeEvents(
    'outreach_materials',
    'community',
    ['发放宣传资料', 'Outreach materials'],
    { measure: 'outreach.materials' },
    ['统计期内宣传活动发放的资料份数', 'Materials handed out at outreach events in the period'],
  ),
  placeEvents('outreach_events', 'community', ['宣传活动', 'Outreach events'], { measure: 'outreach.events' }, [
    '统计期内举办的宣传服务活动场次',
    'Outreach events held in the period',
  ]),
  placeEvents(
    'outreach_attendance',
    'community',
    ['宣传活动参与人次', 'Outreach attendance'],
    { measure: 'outreach.attendance' },
    ['统计期内宣传服务活动的参与人次', 'People attending outreach events in the period'],
  ),
];
