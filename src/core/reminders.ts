/**
 * SMS reminders to residents (issue 26 part 5): the kinds, their texts and the per-phone limit. A text says only
 * that something is waiting in the portal: no service, certificate or registration detail, no name, no place
 * (a phone's lock screen is not private). Every text ends with how to stop them.
 */
import type { LocalizedText } from './errors.ts';

export const REMINDER_KINDS = [
  'checkup_due',
  'certificate_expiring',
  'booking_tomorrow',
  'complaint_answered',
  'birth_needs_info',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_OUTCOMES = ['sent', 'rate_limited', 'no_phone', 'failed'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];

export const REMINDER_KIND_LABELS: Record<ReminderKind, LocalizedText> = {
  checkup_due: { zh: '检查服务即将到期', en: 'Check-up coming due' },
  certificate_expiring: { zh: '证明30天内到期', en: 'Certificate expiring within 30 days' },
  booking_tomorrow: { zh: '明天有预约', en: 'Booking tomorrow' },
  complaint_answered: { zh: '反映事项已答复', en: 'Complaint answered' },
  birth_needs_info: { zh: '登记需补充材料', en: 'Registration needs information' },
};

/** At most this many reminders reach one phone in 24 hours; the rest are logged as rate-limited, not sent. */
export const REMINDERS_PER_PHONE_PER_DAY = 3;

/** Days ahead a check-up reminder goes out; certificates are reminded within 30 days of expiry. */
export const CHECKUP_NOTICE_DAYS = 7;
export const CERTIFICATE_NOTICE_DAYS = 30;

const SIGN = '【流动人口服务】';
const STOP = '回复TD退订。';

/** The plain Chinese text of a reminder; `time` (HH:mm) only for a booking. */
export function reminderText(kind: ReminderKind, time?: string): string {
  const body: Record<ReminderKind, string> = {
    checkup_due: '您有一项健康服务近期可以预约，详情请登录居民服务平台查看。',
    certificate_expiring: '您办理的证明将在30天内到期，如需继续使用，可登录居民服务平台申请。',
    booking_tomorrow: `您明天${time ?? ''}有一项已预约的服务，详情请登录居民服务平台查看。`,
    complaint_answered: '您反映的事项已有答复，请登录居民服务平台查看。',
    birth_needs_info: '您提交的登记申请需要补充材料，请登录居民服务平台查看。',
  };
  return `${SIGN}${body[kind]}${STOP}`;
}

/** Whether an inbound SMS asks to stop (回复TD, T, 退订, STOP), ignoring case and spaces. */
export function isStopReply(text: string): boolean {
  return /^(td|t|退订|stop|unsubscribe)$/i.test(text.replace(/\s+/g, ''));
}
