/**
 * The purposes an inquiry (协查) may state: the closed list of src/core/exchange.ts INQUIRY_PURPOSES. Nothing here
 * asks about a pregnancy, contraception or compliance; the labels are the exchange namespace's `inquiry.purposes`.
 */
export const INQUIRY_PURPOSES = [
  'registration_pairing',
  'certificate_verification',
  'service_referral',
  'contact_update',
  'birth_registration_check',
] as const;
export type InquiryPurpose = (typeof INQUIRY_PURPOSES)[number];
