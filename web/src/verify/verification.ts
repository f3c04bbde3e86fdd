/** The verify page's answer from /api/verify and how each result is drawn. */
export interface Verification {
  result: 'valid' | 'expired' | 'revoked' | 'replaced' | 'forged' | 'not_found';
  label: string;
  reason: string | null;
  /** The holder fields are present only when `detailed` (QR code, or number plus the right birth date). */
  certificate: {
    number: string;
    kind: 'standard' | 'temporary';
    maskedName?: string;
    idNumberMasked?: string;
    childrenCount?: number;
    issuer: { name: string };
    issuedOn: string;
    expiresOn: string;
    replacedByNumber?: string | null;
  } | null;
  /** A birth registration's QR code or number (SY…), verified on the same page (issue 4). */
  registration?: {
    number: string;
    maskedName?: string;
    idNumberMasked?: string;
    office: { name: string | null };
    registeredOn: string;
    childOrder?: number;
  } | null;
  detailed: boolean;
}

/** How each result is drawn: the colour and icon of the banner. */
export const STATUS = {
  valid: 'success',
  expired: 'warning',
  revoked: 'error',
  replaced: 'warning',
  forged: 'error',
  not_found: 'error',
} as const;
