/** Request schemas for certificates; messages name the field (labels in core/person.ts FIELD_LABELS). */
import { z } from 'zod';
import { CERTIFICATE_KINDS } from '../../core/certificate.ts';
import { dateField, lineText, uuid } from '../../http/schema-fields.ts';

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
