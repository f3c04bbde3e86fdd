/**
 * What an audited action means to the resident whose record it touched, in their words, and which actions
 * are not an access to their data at all. A staff member opening a list of complaints, applications or
 * households writes one audit row per person in it; telling each of those residents "staff handled your
 * complaint" was untrue, so list reads are left out of the portal's 谁看过 (the auditor still sees them).
 * Plain data: the portal bundle imports it too.
 */
import type { LocalizedText } from './errors.ts';

/** List and batch reads: the person was one row among many, their own record was not opened. */
const LIST_READS = new Set([
  'person.list',
  'worklist.list',
  'complaint.list',
  'certificate.list',
  'certificate_application.list',
  'contact_change.list',
  'birth_registration.list',
  'service.client_list',
  'household.list',
  'household_group.roster',
  'visit.list',
  'exchange.list',
  'party.read',
  'reminders.list',
]);

/** First matching prefix wins, so specific actions come before their family. */
const WORDS: [string, LocalizedText][] = [
  ['person.read_id_number', { zh: '查看了您的完整身份证号', en: 'viewed your full ID number' }],
  [
    'person.break_glass',
    { zh: '因紧急情况查看了您的信息（已登记理由）', en: 'viewed your record in an emergency (reason recorded)' },
  ],
  ['person.lookup', { zh: '用身份证号查找了您的信息', en: 'looked you up by ID number' }],
  ['person.create', { zh: '为您办理了登记', en: 'registered you' }],
  ['person.update', { zh: '修改了您的登记信息', en: 'changed your record' }],
  ['person.import', { zh: '通过批量导入登记了您的信息', en: 'registered you in a bulk import' }],
  ['person.export', { zh: '导出了包含您的名单', en: 'exported a list that includes you' }],
  ['person.merge_preview', { zh: '核对重复记录时查看了您的信息', en: 'viewed your record to check for a duplicate' }],
  ['person.merge', { zh: '把您的两条重复记录合并为一条', en: 'merged two duplicate records of yours into one' }],
  ['person.unmerge', { zh: '撤销了对您记录的合并', en: 'undid the merge of your records' }],
  ['person.link_party', { zh: '登记了您的用工单位或房东', en: 'recorded your employer or landlord' }],
  [
    'person.birth_prefill',
    { zh: '为您填写生育登记时调取了您的信息', en: 'used your record to fill in a birth registration' },
  ],
  ['person.read_certificates', { zh: '查看了您的婚育证明', en: 'viewed your certificates' }],
  ['person.read_services', { zh: '查看了您的服务记录', en: 'viewed your service records' }],
  ['person.read_timeline', { zh: '查看了您的服务记录', en: 'viewed your service records' }],
  ['person.read_visits', { zh: '查看了对您的走访记录', en: 'viewed the visits to you' }],
  ['person.read_history', { zh: '查看了您信息的修改记录', en: 'viewed the change history of your record' }],
  ['person.read_episodes', { zh: '查看了您的居住经历', en: 'viewed where you have lived' }],
  ['person.read_access_log', { zh: '查看了您信息的访问记录', en: 'viewed who accessed your record' }],
  ['person', { zh: '查看了您的登记信息', en: 'viewed your record' }],
  ['certificate.verify', { zh: '扫码核验了您的证明', en: 'checked your certificate by its QR code' }],
  ['certificate.check', { zh: '核验了您的证明', en: 'checked your certificate' }],
  ['dept.certificate_status', { zh: '核验了您的证明状态', en: 'checked your certificate status' }],
  ['certificate.revoke', { zh: '注销了您的证明', en: 'revoked your certificate' }],
  ['certificate.print_batch', { zh: '打印了您的证明', en: 'printed your certificate' }],
  ['certificate_application', { zh: '处理了您的证明申请', en: 'handled your certificate application' }],
  ['certificate', { zh: '办理了您的婚育证明', en: 'issued or handled your certificate' }],
  ['complaint.reply', { zh: '回复了您的咨询投诉', en: 'replied to your request' }],
  ['complaint.assign', { zh: '把您的咨询投诉交给了经办人', en: 'assigned your request to a case worker' }],
  ['complaint.escalate', { zh: '把您的咨询投诉转交上级', en: 'escalated your request' }],
  ['complaint.legal_request', { zh: '登记了您的复议或诉讼请求', en: 'recorded your legal request' }],
  ['complaint', { zh: '查看了您的咨询投诉', en: 'viewed your request' }],
  ['contact_change', { zh: '审核了您的信息变更申请', en: 'reviewed your change request' }],
  ['birth_registration.verify', { zh: '扫码核验了您的生育登记', en: 'checked your birth registration by its QR code' }],
  [
    'birth_registration.read_document',
    { zh: '查看了您上传的生育登记材料', en: 'viewed a document of your birth registration' },
  ],
  ['birth_registration.read', { zh: '查看了您的生育登记', en: 'viewed your birth registration' }],
  ['birth_registration', { zh: '办理了您的生育登记', en: 'handled your birth registration' }],
  ['service.client_read', { zh: '查看了您的服务记录', en: 'viewed your service records' }],
  ['service.booking', { zh: '服务机构查看或登记了您的预约', en: 'the facility viewed or marked your booking' }],
  ['service.read_technical', { zh: '查看了您的技术服务记录', en: 'viewed your technical service record' }],
  ['service.complication', { zh: '记录了您术后的身体情况', en: 'recorded how you were after a procedure' }],
  ['service.refer', { zh: '为您办理了转诊', en: 'referred you to a service' }],
  ['service', { zh: '记录了为您提供的服务', en: 'recorded a service for you' }],
  ['supply', { zh: '记录了为您发放的药具', en: 'recorded supplies given to you' }],
  ['visit', { zh: '记录了对您的走访', en: 'recorded a visit to you' }],
  ['outreach', { zh: '记录了为您开展的宣传服务', en: 'recorded an outreach service for you' }],
  ['household_group', { zh: '查看或调整了您所在的十户联组', en: 'viewed or changed your twelve-household group' }],
  ['household', { zh: '查看或修改了您的住户信息', en: 'viewed or changed your household' }],
  ['representative', { zh: '登记了您所在住户的联系人', en: 'recorded your household contact' }],
  ['exchange.receive', { zh: '收到了关于您的跨地区信息', en: 'received information about you from another county' }],
  [
    'exchange',
    { zh: '与您户籍地或现居住地交换了您的信息', en: 'exchanged your information with your home or host county' },
  ],
  ['reminders.stop', { zh: '按您的短信回复停止了提醒', en: 'stopped reminders as you replied' }],
  ['portal.code_request', { zh: '用您的身份证号申请了登录验证码', en: 'asked for a sign-in code with your ID number' }],
  ['portal.login', { zh: '登录了服务平台', en: 'signed in to the portal' }],
  ['portal.consent', { zh: '更改了同意设置', en: 'changed your consent' }],
  ['portal', { zh: '使用了服务平台', en: 'used the portal' }],
  ['demo', { zh: '载入了演示数据', en: 'loaded the demo data' }],
];

const FALLBACK: LocalizedText = { zh: '访问了您的信息', en: 'accessed your record' };

/** True when the row is a real access to the resident's data (not one line of a staff list). */
export function isResidentAccess(action: string): boolean {
  return !LIST_READS.has(action);
}

/** The action in the resident's words. */
export function residentAccessWords(action: string): LocalizedText {
  return (
    WORDS.find(
      ([prefix]) => action === prefix || action.startsWith(`${prefix}.`) || action.startsWith(`${prefix}_`),
    )?.[1] ?? FALLBACK
  );
}
