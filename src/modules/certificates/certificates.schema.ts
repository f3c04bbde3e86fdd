/** Request and response schemas for certificates; messages name the field (labels in core/person.ts FIELD_LABELS). */
import { z } from 'zod';
import { CERTIFICATE_KINDS, type CertificateStatus } from '../../core/certificate.ts';
import { type Describes, fileBody, Instant, paged } from '../../http/response-fields.ts';
import { dateField, lineText, uuid } from '../../http/schema-fields.ts';
import type { CertificateEventView, CertificateView } from './certificates.view.ts';

const reason = lineText(200, 0).refine((v) => [...v].length >= 2, {
  params: { zh: '请填写原因（至少2个字）', en: 'give a reason (at least 2 characters)' },
});

/**
 * Issuing. When the person holds a current certificate the request must say `replace: true` and give a
 * reason, so an officer never replaces one without knowing (the service answers 409 otherwise).
 */
export const CertificateIssue = z
  .strictObject({
    personId: uuid,
    kind: z.enum(CERTIFICATE_KINDS),
    validMonths: z.number().int().min(1).max(60).optional(),
    reason: lineText(200, 0).optional(),
    replace: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.replace && [...(v.reason ?? '')].length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'give a reason (at least 2 characters)',
        params: { zh: '换发须填写原因（至少2个字）', en: 'give a reason for replacing (at least 2 characters)' },
      });
    }
  });
export type CertificateIssue = z.infer<typeof CertificateIssue>;

export const CertificateIdParam = z.strictObject({ id: uuid });
export const PersonIdParam = z.strictObject({ id: uuid });
export const ReasonBody = z.strictObject({ reason });
export const ReissueBody = z.strictObject({ reason, validMonths: z.number().int().min(1).max(60).optional() });

export const CertificateListQuery = z.strictObject({
  status: z.enum(['valid', 'revoked', 'replaced']).optional(),
  expiringBefore: dateField().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;

export const PrintJobBody = z.strictObject({ ids: z.array(uuid).min(1).max(500) });
export const JobIdParam = z.strictObject({ jobId: uuid });

// Responses.

const Sex = z.enum(['M', 'F']);

export const CertificateEvent = z.object({
  kind: z.string(),
  reason: z.string().nullable(),
  at: Instant,
  actor: z.object({ username: z.string().nullable(), displayName: z.string().nullable() }),
});
true satisfies Describes<typeof CertificateEvent, CertificateEventView>;

/** A certificate as staff see it (certificates.view.ts): full name in scope, the ID number masked. */
export const Certificate = z.object({
  id: z.string(),
  number: z.string(),
  personId: z.string(),
  kind: z.enum(CERTIFICATE_KINDS),
  status: z.enum(['valid', 'revoked', 'replaced', 'expired'] satisfies CertificateStatus[]),
  issuedOn: z.string(),
  expiresOn: z.string(),
  issuer: z.object({ code: z.string(), name: z.string() }),
  name: z.string(),
  maskedName: z.string(),
  idNumberMasked: z.string(),
  sex: Sex,
  maritalStatus: z.string(),
  children: z.array(z.object({ sex: Sex, birthYear: z.number() })),
  keyId: z.string(),
  payload: z.string(),
  replacesId: z.string().nullable(),
  replacedById: z.string().nullable(),
  revokedAt: Instant.nullable(),
  revokeReason: z.string().nullable(),
  createdAt: Instant,
  events: z.array(CertificateEvent),
});
true satisfies Describes<typeof Certificate, CertificateView>;

export const CertificateAnswer = z.object({ certificate: Certificate });
export const CertificatePage = paged(Certificate);
export const CertificateList = z.object({ items: z.array(Certificate) });

export const PrintJob = z.object({
  id: z.string(),
  total: z.number(),
  done: z.number(),
  state: z.enum(['running', 'done', 'failed']),
});
export const PrintJobAnswer = z.object({ job: PrintJob });

export const CertificatePdf = fileBody('The certificate(s) as PDF, with QR codes', 'application/pdf');
