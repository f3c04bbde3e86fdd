/** Portal strings of issue 26 (SMS reminders, a booking's outcome): zh first, en with the same keys. */
const zh = {
  remindersTitle: '短信提醒',
  remindersText:
    '开启后，我们会在以下情况给您登记的手机发短信：检查服务快到期、证明30天内到期、明天有预约、您反映的事项有了答复、登记申请需要补充材料。短信不含具体内容，每天最多3条。回复TD或在这里关闭即可停止。',
  remindersOn: '已开启',
  remindersOff: '未开启',
  remindersEnable: '开启短信提醒',
  remindersDisable: '关闭短信提醒',
  attended: '已到场',
  noShow: '未到场',
  served: '已完成服务',
};

const en: typeof zh = {
  remindersTitle: 'SMS reminders',
  remindersText:
    'When on, we text the phone on record when a check-up is coming due, a certificate expires within 30 days, you have a booking tomorrow, your complaint was answered, or a registration needs information. Texts carry no detail, at most 3 a day. Reply TD or switch off here to stop.',
  remindersOn: 'On',
  remindersOff: 'Off',
  remindersEnable: 'Turn on SMS reminders',
  remindersDisable: 'Turn off SMS reminders',
  attended: 'Attended',
  noShow: 'Did not attend',
  served: 'Service given',
};

export default { zh, en };
