/** Strings of the staff training page (业务培训): zh first, en with the same keys. */
const zh = {
  menu: '业务培训',
  title: '工作人员业务培训',
  subtitle: '登记培训班次、日期、学时、内容和参训人员；全年合计写入年度工作总结（草稿）。',
  year: '年度',
  new: '登记培训',
  totals: '{{year}}年本辖区组织：{{sessions}}期，{{hours}}学时，参训{{attendances}}人次',
  empty: '本年度尚未登记培训',
  columns: {
    heldOn: '日期',
    title: '培训班',
    topic: '内容',
    hours: '学时',
    division: '组织单位',
    attendees: '参训人员',
  },
  form: {
    title: '培训班名称',
    topic: '培训内容',
    heldOn: '培训日期',
    hours: '学时',
    divisionCode: '组织单位',
    attendeeIds: '参训人员',
    required: '请填写{{field}}',
  },
  save: '保存',
  cancel: '取消',
  saved: '已登记',
  failed: '操作失败：{{message}}',
};

const en: typeof zh = {
  menu: 'Staff training',
  title: 'Staff training',
  subtitle:
    'Record each session: date, hours, topic and the staff who attended. The year’s totals go into the draft annual summary.',
  year: 'Year',
  new: 'Record a session',
  totals: '{{year}}, organised here: {{sessions}} sessions, {{hours}} hours, {{attendances}} attendances',
  empty: 'No training recorded this year',
  columns: {
    heldOn: 'Date',
    title: 'Session',
    topic: 'Topic',
    hours: 'Hours',
    division: 'Organiser',
    attendees: 'Attending staff',
  },
  form: {
    title: 'Session',
    topic: 'Topic',
    heldOn: 'Date',
    hours: 'Hours',
    divisionCode: 'Organiser',
    attendeeIds: 'Attending staff',
    required: 'Enter the {{field}}',
  },
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Recorded',
  failed: 'Failed: {{message}}',
};

export default { zh, en };
