/**
 * Field labels, so every validation error names the field the way the form does. One table for the whole
 * product; where one field name means different things on different routes, the route's own label wins.
 */
import type { LocalizedText } from './errors.ts';

export const FIELD_LABELS: Readonly<Record<string, LocalizedText>> = {
  idNumber: { zh: '身份证号', en: 'ID number' },
  name: { zh: '姓名', en: 'Name' },
  hukouDivision: { zh: '户籍地', en: 'Household registration' },
  residenceDivision: { zh: '现居住地', en: 'Residence' },
  residenceAddress: { zh: '现居住地址', en: 'Address' },
  arrivedOn: { zh: '来本地时间', en: 'Arrival date' },
  departedOn: { zh: '离开时间', en: 'Departure date' },
  maritalStatus: { zh: '婚姻状况', en: 'Marital status' },
  spouseName: { zh: '配偶姓名', en: 'Spouse name' },
  spouseIdNumber: { zh: '配偶身份证号', en: 'Spouse ID number' },
  spouseId: { zh: '配偶', en: 'Spouse' },
  children: { zh: '子女', en: 'Children' },
  'children.name': { zh: '子女姓名', en: 'Child name' },
  'children.sex': { zh: '子女性别', en: 'Child sex' },
  'children.birthDate': { zh: '子女出生日期', en: 'Child birth date' },
  phone: { zh: '联系电话', en: 'Phone' },
  employer: { zh: '工作单位', en: 'Employer' },
  landlord: { zh: '房东', en: 'Landlord' },
  housingType: { zh: '住房情况', en: 'Housing' },
  version: { zh: '版本号', en: 'Version' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  q: { zh: '搜索词', en: 'Search text' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  flow: { zh: '流动方向', en: 'Flow direction' },
  sex: { zh: '性别', en: 'Sex' },
  ageBand: { zh: '年龄段', en: 'Age band' },
  division: { zh: '行政区划', en: 'Division' },
  code: { zh: '区划代码', en: 'Division code' },
  id: { zh: '编号', en: 'ID' },
  limit: { zh: '条数上限', en: 'Limit' },
  reveal: { zh: '显示字段', en: 'Reveal' },
  reason: { zh: '理由', en: 'Reason' },
  // Certificates, verification and work lists (issue 3).
  personId: { zh: '人员', en: 'Person' },
  kind: { zh: '证明类型', en: 'Certificate type' },
  validMonths: { zh: '有效期（月）', en: 'Validity (months)' },
  number: { zh: '证明编号', en: 'Certificate number' },
  payload: { zh: '二维码内容', en: 'QR content' },
  birthDate: { zh: '出生日期', en: 'Birth date' },
  status: { zh: '状态', en: 'Status' },
  method: { zh: '核验方式', en: 'Check method' },
  place: { zh: '地点', en: 'Place' },
  notes: { zh: '备注', en: 'Notes' },
  ids: { zh: '证明', en: 'Certificates' },
  referredTo: { zh: '移送单位', en: 'Referred to' },
  // Services, supply and birth registration (issue 4).
  serviceKind: { zh: '服务类型', en: 'Service type' },
  serviceDate: { zh: '服务日期', en: 'Service date' },
  facilityId: { zh: '服务机构', en: 'Facility' },
  outreachEvent: { zh: '外展服务活动', en: 'Outreach event' },
  providerName: { zh: '服务人员', en: 'Provider' },
  outcome: { zh: '服务结果', en: 'Outcome' },
  contraceptiveInUse: { zh: '是否在用避孕措施', en: 'Using contraception' },
  nextDueOn: { zh: '下次服务日期', en: 'Next due date' },
  consent: { zh: '知情同意', en: 'Consent' },
  consentOn: { zh: '本人同意日期', en: 'Date the person agreed' },
  followUpOf: { zh: '随访的服务记录', en: 'Follow-up of' },
  // Technical services, payers, bookings and reminders (issue 26).
  payer: { zh: '费用承担方', en: 'Payer' },
  bookingId: { zh: '预约', en: 'Booking' },
  informedConsent: { zh: '知情同意书', en: 'Informed consent' },
  'informedConsent.textVersion': { zh: '知情同意书版本', en: 'Consent text version' },
  'informedConsent.checked': { zh: '知情同意事项', en: 'Consent points' },
  'informedConsent.dataBase64': { zh: '知情同意书文件', en: 'Signed consent file' },
  severity: { zh: '严重程度', en: 'Severity' },
  notedOn: { zh: '发现日期', en: 'Date noted' },
  reminders: { zh: '短信提醒', en: 'SMS reminders' },
  note: { zh: '说明', en: 'Note' },
  pointKind: { zh: '发放点类型', en: 'Point type' },
  location: { zh: '位置', en: 'Location' },
  keeper: { zh: '管理人', en: 'Keeper' },
  restockThreshold: { zh: '补货提醒线', en: 'Restock threshold' },
  movementKind: { zh: '出入库类型', en: 'Movement type' },
  item: { zh: '药具品种', en: 'Item' },
  quantity: { zh: '数量', en: 'Quantity' },
  direction: { zh: '调整方向', en: 'Direction' },
  recipients: { zh: '领取人数', en: 'Recipients' },
  toPointId: { zh: '调入发放点', en: 'Destination point' },
  spousePersonId: { zh: '配偶', en: 'Spouse' },
  placeBasis: { zh: '登记地', en: 'Place of registration' },
  channel: { zh: '办理渠道', en: 'Channel' },
  childOrder: { zh: '孩次', en: 'Child order' },
  childBornOn: { zh: '子女出生日期', en: 'Child birth date' },
  childName: { zh: '子女姓名', en: 'Child name' },
  childSex: { zh: '子女性别', en: 'Child sex' },
  expectedOn: { zh: '预产期', en: 'Expected date' },
  pledge: { zh: '承诺', en: 'Pledge' },
  action: { zh: '审核操作', en: 'Review action' },
  message: { zh: '说明', en: 'Message' },
  documentKind: { zh: '材料类型', en: 'Document type' },
  file: { zh: '上传文件', en: 'Upload' },
  registration: { zh: '生育登记', en: 'Birth registration' },
  // Complaints (issue 9).
  type: { zh: '类型', en: 'Type' },
  category: { zh: '类别', en: 'Category' },
  subject: { zh: '标题', en: 'Subject' },
  body: { zh: '内容', en: 'Details' },
  contactName: { zh: '联系人', en: 'Contact name' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
  receivedOn: { zh: '受理日期', en: 'Date received' },
  expiringBefore: { zh: '到期早于', en: 'Expiring before' },
  assigneeId: { zh: '承办人', en: 'Assignee' },
  reply: { zh: '答复', en: 'Reply' },
  rating: { zh: '评价', en: 'Rating' },
  comment: { zh: '评价意见', en: 'Comment' },
  knownOn: { zh: '知道行政行为之日', en: 'Date the act became known' },
  filedOn: { zh: '申请日期', en: 'Date filed' },
  divisionCode: { zh: '行政区划', en: 'Division' },
  from: { zh: '开始日期', en: 'From' },
  to: { zh: '结束日期', en: 'To' },
  overdue: { zh: '逾期', en: 'Overdue' },
  // Resident portal (issue 9).
  terms: { zh: '个人信息处理同意', en: 'Consent to processing' },
  health: { zh: '健康信息单独同意', en: 'Separate consent for health data' },
  purpose: { zh: '用途', en: 'Purpose' },
  slotId: { zh: '服务时段', en: 'Service slot' },
  startsAt: { zh: '开始时间', en: 'Start time' },
  capacity: { zh: '名额', en: 'Places' },
  facility: { zh: '服务机构', en: 'Facility' },
  decision: { zh: '处理结果', en: 'Decision' },
  applicant: { zh: '申请人', en: 'Applicant' },
  // Community grid work: households, groups, visits, employers, outreach (issue 9).
  address: { zh: '地址', en: 'Address' },
  members: { zh: '家庭成员', en: 'Members' },
  'members.personId': { zh: '家庭成员', en: 'Member' },
  'members.relation': { zh: '与户主关系', en: 'Relation' },
  representativeId: { zh: '联系村民代表', en: 'Village representative' },
  landlordId: { zh: '房东', en: 'Landlord' },
  employerId: { zh: '工作单位', en: 'Employer' },
  householdIds: { zh: '小组住户', en: 'Households' },
  leaderHouseholdId: { zh: '组长户', en: 'Leader household' },
  fromMonth: { zh: '起始月份', en: 'From month' },
  toMonth: { zh: '截止月份', en: 'To month' },
  months: { zh: '月数', en: 'Months' },
  dutyDate: { zh: '值班日期', en: 'Duty date' },
  activities: { zh: '值班情况', en: 'Activities' },
  issues: { zh: '发现的问题', en: 'Issues found' },
  visitedOn: { zh: '走访日期', en: 'Visit date' },
  householdId: { zh: '住户', en: 'Household' },
  industry: { zh: '行业', en: 'Industry' },
  signedOn: { zh: '签订日期', en: 'Signed on' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
  serviceDaysPerYear: { zh: '每年服务日', en: 'Service days a year' },
  title: { zh: '活动名称', en: 'Title' },
  heldOn: { zh: '活动日期', en: 'Date' },
  materialsCount: { zh: '发放宣传资料（份）', en: 'Materials handed out' },
  attendance: { zh: '参加人数', en: 'Attendance' },
  servicesCount: { zh: '现场服务人次', en: 'Services given' },
  serviceRecordIds: { zh: '关联服务记录', en: 'Linked services' },
  partyId: { zh: '举办单位', en: 'Host' },
};

const COMMUNITY = { divisionCode: { zh: '所属村（居）', en: 'Village' } };
const VISITS = {
  ...COMMUNITY,
  purpose: { zh: '走访目的', en: 'Purpose' },
  outcome: { zh: '走访结果', en: 'Outcome' },
};

/** Route-specific labels, by URL prefix (the longest matching prefix wins). */
type Labels = Readonly<Record<string, LocalizedText>>;
const ROUTE_LABELS: readonly (readonly [string, Labels])[] = (
  [
    ['/api/complaints', { channel: { zh: '来源', en: 'Channel' }, kind: { zh: '救济类型', en: 'Remedy' } }],
    ['/api/portal/auth', { code: { zh: '验证码', en: 'Code' } }],
    ['/api/facility/bookings', { attendance: { zh: '到场情况', en: 'Attendance' } }],
    ['/api/services/:id/complications', { kind: { zh: '并发症类型', en: 'Complication' } }],
    ['/api/households', COMMUNITY],
    ['/api/household-groups', COMMUNITY],
    ['/api/representatives', COMMUNITY],
    ['/api/visits', VISITS],
    ['/api/persons/:id/visits', VISITS],
    ['/api/employers', { ...COMMUNITY, kind: { zh: '类别', en: 'Kind' } }],
    ['/api/employers/:id/agreements', { kind: { zh: '协议类型', en: 'Agreement type' } }],
    [
      '/api/exchange/inquiries',
      {
        purpose: { zh: '协查事由', en: 'Purpose' },
        text: { zh: '备注', en: 'Note' },
      },
    ],
    ['/api/outreach-events', { ...COMMUNITY, kind: { zh: '活动类型', en: 'Event kind' } }],
    [
      '/api/users',
      {
        displayName: { zh: '姓名', en: 'Name' },
        role: { zh: '角色', en: 'Role' },
        divisionCode: { zh: '所属区划', en: 'Division' },
      },
    ],
    [
      '/api/persons/merge',
      {
        survivorId: { zh: '保留的记录', en: 'Record kept' },
        mergedId: { zh: '并入的记录', en: 'Record merged' },
        fieldChoices: { zh: '字段取舍', en: 'Field choices' },
      },
    ],
    [
      '/api/dept-keys',
      {
        department: { zh: '部门名称', en: 'Department' },
        divisionCode: { zh: '查询范围', en: 'Area' },
        scopes: { zh: '授权范围', en: 'Scopes' },
      },
    ],
    [
      '/api/dept/residence-permits',
      {
        registrations: { zh: '居住证登记', en: 'Registrations' },
        'registrations.idNumber': { zh: '身份证号', en: 'ID number' },
        'registrations.name': { zh: '姓名', en: 'Name' },
        'registrations.address': { zh: '居住地址', en: 'Address' },
        'registrations.registeredOn': { zh: '登记日期', en: 'Registration date' },
        'registrations.permitNumber': { zh: '居住证编号', en: 'Permit number' },
      },
    ],
    ['/api/residence-permits', { reason: { zh: '未找到的原因', en: 'Reason' }, status: { zh: '状态', en: 'Status' } }],
    [
      '/api/trainings',
      {
        title: { zh: '培训班名称', en: 'Session' },
        topic: { zh: '培训内容', en: 'Topic' },
        heldOn: { zh: '培训日期', en: 'Date' },
        hours: { zh: '学时', en: 'Hours' },
        divisionCode: { zh: '组织单位', en: 'Organiser' },
        attendeeIds: { zh: '参训人员', en: 'Attending staff' },
        year: { zh: '年度', en: 'Year' },
      },
    ],
  ] satisfies [string, Labels][]
).sort((a, b) => b[0].length - a[0].length);

function routeLabels(url: string | undefined): Labels {
  if (!url) return {};
  for (const [prefix, labels] of ROUTE_LABELS) if (url.startsWith(prefix)) return labels;
  return {};
}

/** The label of a field path (array indexes ignored), preferring the route's own label when a route is given. */
export function fieldLabel(path: string, url?: string): LocalizedText {
  const generic = path.replace(/\.\d+/g, '');
  const top = path.split('.')[0] ?? '';
  const own = routeLabels(url);
  return own[generic] ?? own[top] ?? FIELD_LABELS[generic] ?? FIELD_LABELS[top] ?? { zh: path, en: path };
}
