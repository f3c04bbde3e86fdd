/** Response schemas of public verification and staff certificate checks (verify.routes.ts, checks.routes.ts). */
import { z } from 'zod';
import { CERTIFICATE_KINDS } from '../../core/certificate.ts';
import { Instant } from '../../http/response-fields.ts';

const Method = z.enum(['number', 'qr', 'none_held']);
const Issuer = z.object({ code: z.string(), name: z.string() });

/** The status only: what anyone holding the number may learn. */
const CertificateStatusOnly = z.object({
  number: z.string(),
  kind: z.enum(CERTIFICATE_KINDS),
  issuer: Issuer,
  issuedOn: z.string(),
  expiresOn: z.string(),
});
/** The masked details, shown for a QR payload or a matching birth date. */
const CertificateDetails = CertificateStatusOnly.extend({
  maskedName: z.string(),
  idNumberMasked: z.string(),
  maritalStatus: z.string(),
  childrenCount: z.number(),
  replacedByNumber: z.string().nullable(),
});

const Common = { label: z.string(), reason: z.string().nullable(), detailed: z.boolean(), checkedAt: z.string() };

/** A certificate's verification (verify.service publicView). */
export const CertificateVerification = z.object({
  result: z.enum(['valid', 'revoked', 'replaced', 'expired', 'forged', 'not_found']),
  ...Common,
  // Details first: the serializer keeps the first branch that fits.
  certificate: z.union([CertificateDetails, CertificateStatusOnly]).nullable(),
});

const RegistrationStatusOnly = z.object({
  number: z.string(),
  office: z.object({ code: z.string(), name: z.string().nullable() }),
  registeredOn: z.string(),
});
/** A birth registration's verification (births.verify publicBirthView), on the same endpoints. */
export const BirthVerification = z.object({
  result: z.enum(['valid', 'forged', 'not_found']),
  ...Common,
  certificate: z.null(),
  registration: z
    .union([
      RegistrationStatusOnly.extend({ maskedName: z.string(), idNumberMasked: z.string(), childOrder: z.number() }),
      RegistrationStatusOnly,
    ])
    .nullable(),
});

// Birth first: a certificate answer has no `registration`, so it falls through to the second branch.
export const VerifyAnswer = z.union([BirthVerification, CertificateVerification]);

/** A staff check at the residence: the check, the full masked view, and the misuse incident it opened. */
export const CheckAnswer = z.object({
  check: z.object({
    id: z.string(),
    method: Method,
    result: z.string(),
    checkedAt: Instant,
    personId: z.string().nullable(),
  }),
  verification: CertificateVerification.nullable(),
  incident: z.object({ id: z.string() }).nullable(),
});

export const CheckList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      method: Method,
      result: z.string(),
      number: z.string().nullable(),
      personId: z.string().nullable(),
      checkedAt: Instant,
      division: z.string(),
      checkedBy: z.string().nullable(),
    }),
  ),
});

const IncidentStatus = z.enum(['open', 'closed', 'referred']);
export const IncidentList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: IncidentStatus,
      reason: z.string(),
      place: z.string().nullable(),
      presented: z.string(),
      method: Method,
      referredTo: z.string().nullable(),
      referredAt: Instant.nullable(),
      notes: z.string().nullable(),
      detectedAt: Instant,
      detectedBy: z.string().nullable(),
      division: z.string().nullable(),
    }),
  ),
});
export const IncidentAnswer = z.object({
  incident: z.object({
    id: z.string(),
    status: IncidentStatus,
    referredTo: z.string().nullable(),
    referredAt: Instant.nullable(),
  }),
});
