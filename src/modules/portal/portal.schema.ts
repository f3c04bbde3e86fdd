/** Request schemas for the resident portal and the staff queues it feeds. */
import { z } from 'zod';
import { dateTimeField, linesText, lineText, uuid } from '../../http/schema-fields.ts';
import { reasonWhen } from '../../http/schema-reason.ts';
import { birthCreateFields, birthReplaceReason } from '../births/index.ts';
import { minText } from '../complaints/index.ts';
import { personFields } from '../persons/index.ts';

export const CodeRequestBody = z.strictObject({ idNumber: personFields.idNumber });
export const CodeVerifyBody = z.strictObject({
  idNumber: personFields.idNumber,
  code: z
    .string()
    .trim()
    .refine((v) => /^\d{6}$/.test(v), { params: { zh: '应为6位数字', en: 'must be 6 digits' } }),
});

export const ConsentBody = z.strictObject({ terms: z.boolean(), health: z.boolean() });

export const ApplicationBody = z.strictObject({
  kind: z.enum(['standard', 'temporary']),
  purpose: lineText(200, 0).optional(),
});

/** `replace: true` confirms cancelling an upcoming booking of the same service (409 BOOKING_EXISTS without it). */
export const BookingBody = z.strictObject({ slotId: uuid, replace: z.boolean().optional() });
export const IdParam = z.strictObject({ id: uuid });

export const ContactChangeBody = z
  .strictObject({
    phone: personFields.phone.optional(),
    residenceAddress: personFields.residenceAddress.optional(),
  })
  .refine((v) => Boolean(v.phone || v.residenceAddress), {
    path: ['phone'],
    params: { zh: '请至少填写新的电话或地址', en: 'give a new phone number or address' },
  });

/** A refusal carries its reason, which the resident sees in the portal. */
function reasonForRefusal(v: { decision: string; note?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.decision === 'reject' && [...(v.note ?? '')].length < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['note'],
      message: 'give the reason for refusing; the resident sees it',
      params: {
        zh: '请填写不予办理的原因（至少2个字），居民可以看到',
        en: 'give the reason for refusing; the resident sees it',
      },
    });
  }
}

export const DecisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: linesText(200, 0).optional(),
  })
  .superRefine(reasonForRefusal);

export const ApplicationDecisionBody = z
  .strictObject({
    decision: z.enum(['issue', 'reject']),
    note: linesText(200, 0).optional(),
  })
  .superRefine(reasonForRefusal);

export const SERVICE_KINDS = [
  'reproductive_checkup',
  'prenatal_care',
  'contraceptive_counselling',
  'mental_health_counselling',
  'health_education',
] as const;

export const SlotBody = z.strictObject({
  kind: z.enum(SERVICE_KINDS),
  facility: minText('line', 2, 100),
  startsAt: dateTimeField(),
  capacity: z.number().int().min(1).max(500),
  notes: linesText(200, 0).optional(),
});

export const ResidentComplaintBody = z.strictObject({
  type: z.enum(['consultation', 'complaint']),
  category: lineText(40),
  subject: minText('line', 2, 100),
  body: minText('lines', 5, 4000),
});

export const RatingBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: linesText(500, 0).optional(),
});

export const StatusQuery = z.strictObject({
  status: lineText(20, 0).optional(),
});

/**
 * A resident's own birth registration (生育登记): for themself or their spouse, never for anybody else; the
 * person comes from the session. A signed pledge (承诺) may stand in for a missing document.
 */
export const PortalBirthBody = z
  .strictObject(birthCreateFields)
  .omit({ personId: true, spousePersonId: true, channel: true })
  .extend({ applicant: z.enum(['self', 'spouse']).default('self') })
  .superRefine(
    reasonWhen(
      (v: { replace?: boolean | undefined; reason?: string | undefined }) => Boolean(v.replace),
      birthReplaceReason,
    ),
  );
export type PortalBirthBody = z.infer<typeof PortalBirthBody>;
