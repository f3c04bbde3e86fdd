/** Texts of the submission card (逐级上报), zh first. */
const zh = {
  title: '逐级上报',
  month: '上报月份',
  notSubmitted: '未上报',
  submitted: '已上报 第{{v}}版',
  corrected: '已更正 第{{v}}版',
  by: '{{at}} {{who}}',
  fromPeer: '来自{{origin}}部署',
  submit: '上报',
  correct: '更正',
  confirmTitle: '上报{{m}}月报表',
  confirmHint: '上报后报表锁定，上级看到的就是下表；如需更正，将生成新版本并记录原因。',
  confirmOk: '确认上报',
  cancel: '取消',
  correctTitle: '更正{{m}}月报表',
  correctHint: '当前为第{{v}}版。更正将按现在的数据生成第{{n}}版，原版本保留。',
  reasonPlaceholder: '更正原因（必填）',
  running: '本月尚未结束，结束后才能上报',
  download: '下载已上报报表',
  units: '下级单位上报情况',
  unit: '单位',
  state: '状态',
  time: '上报时间',
  who: '上报人',
  assembled: '下载下级上报汇总表 (xlsx)',
  noParent: '本单位没有上级单位，无需上报',
  done: '已上报第{{v}}版',
  sent: '已发送至上级部署',
  byCity: '各市',
  byCounty: '各县（市、区）',
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Reporting up',
  month: 'Month',
  notSubmitted: 'Not submitted',
  submitted: 'Submitted v{{v}}',
  corrected: 'Corrected v{{v}}',
  by: '{{at}} {{who}}',
  fromPeer: 'from the {{origin}} deployment',
  submit: 'Submit',
  correct: 'Correct',
  confirmTitle: 'Submit the table of {{m}}',
  confirmHint:
    'Once submitted the table is locked: the level above sees exactly this. A correction makes a new version with a reason.',
  confirmOk: 'Submit',
  cancel: 'Cancel',
  correctTitle: 'Correct the table of {{m}}',
  correctHint:
    'Version {{v}} is in force. The correction makes version {{n}} from the figures now; the old one is kept.',
  reasonPlaceholder: 'Reason for the correction (required)',
  running: 'This month has not ended yet; it can be submitted once it has',
  download: 'Download the submitted table',
  units: 'Units below',
  unit: 'Unit',
  state: 'State',
  time: 'Submitted at',
  who: 'By',
  assembled: 'Download the assembled table (xlsx)',
  noParent: 'This unit has no level above',
  done: 'Version {{v}} submitted',
  sent: 'Sent to the deployment above',
  byCity: 'Cities',
  byCounty: 'Counties',
};

export function submissionStrings(lang: string): Strings {
  return lang.startsWith('en') ? en : zh;
}
