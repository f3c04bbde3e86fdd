/**
 * Texts of the inquiry form (发起协查) and its purposes, zh first. The purposes are the closed list of
 * src/core/exchange.ts INQUIRY_PURPOSES; nothing here asks about a pregnancy, contraception or compliance.
 */
export const INQUIRY_PURPOSES = [
  'registration_pairing',
  'certificate_verification',
  'service_referral',
  'contact_update',
  'birth_registration_check',
] as const;
export type InquiryPurpose = (typeof INQUIRY_PURPOSES)[number];

const zh = {
  open: '发起协查',
  title: '发起协查',
  purpose: '协查事由',
  purposeHint: '协查只为登记、证明、经本人同意的服务转介、联系方式更新和生育登记核对，不询问孕情、避孕或生育是否合规。',
  consentOn: '本人同意转介的日期',
  consentHint: '转介须经本人同意；同意日期随协查一并发送。',
  urgent: '紧急（15日内答复）',
  note: '备注（可选）',
  notePlaceholder: '例如：转介：该居民需要孕产期保健服务，请协助联系',
  send: '发送',
  cancel: '取消',
  sent: '协查已发出',
  routing: '办理地',
  routedToOrigin: '已转户籍地办理（紧急协查）',
  routedHint: '正式证明由户籍地签发，现居住地可签发临时证明',
  fromResidence: '现居住地转来（紧急协查）',
  localApplication: '本地办理',
  purposes: {
    registration_pairing: '登记配对',
    certificate_verification: '证明核验',
    service_referral: '服务转介（本人同意）',
    contact_update: '联系方式或住址更新',
    birth_registration_check: '生育登记核对',
  } as Record<InquiryPurpose, string>,
};
export type InquiryText = typeof zh;

const en: InquiryText = {
  open: 'Send an inquiry',
  title: 'Send an inquiry (协查)',
  purpose: 'Purpose',
  purposeHint:
    'An inquiry is only for registration, certificates, a service referral the person agreed to, contact updates and birth registration checks. It never asks about a pregnancy, contraception or compliance.',
  consentOn: 'Date the person agreed to the referral',
  consentHint: 'A referral needs the person’s consent; the date travels with the inquiry.',
  urgent: 'Urgent (answer within 15 days)',
  note: 'Note (optional)',
  notePlaceholder: 'e.g. Referral: the resident needs perinatal care, please help to contact them',
  send: 'Send',
  cancel: 'Cancel',
  sent: 'Inquiry sent',
  routing: 'Handled by',
  routedToOrigin: 'Sent to the origin (urgent inquiry)',
  routedHint: 'The origin issues the standard certificate; the residence may issue a temporary one',
  fromResidence: 'From the residence (urgent inquiry)',
  localApplication: 'Here',
  purposes: {
    registration_pairing: 'Registration pairing',
    certificate_verification: 'Certificate verification',
    service_referral: 'Service referral (the person agreed)',
    contact_update: 'Contact or address update',
    birth_registration_check: 'Birth registration check',
  },
};

export const inquiryLocales = { zh, en };

export function inquiryText(lang: string): InquiryText {
  return lang.startsWith('en') ? en : zh;
}
