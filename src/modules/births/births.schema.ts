/** Request schemas for birth registration; messages name the field (labels in core/person.ts). */
import { z } from 'zod';
import { BIRTH_ACTIONS, BIRTH_STATUSES } from '../../core/services-birth.ts';
import { dateField, optionalLine, optionalLines, uuid } from '../../http/schema-fields.ts';
import { optionalReason, reasonWhen } from '../../http/schema-reason.ts';

const isoDateString = dateField();
const text = optionalLine;

export const IdParam = z.strictObject({ id: uuid });
export const DocParam = z.strictObject({ id: uuid, docId: uuid });

const birthFields = {
  personId: uuid,
  spousePersonId: uuid.nullish(),
  placeBasis: z.enum(['hukou', 'residence']),
  channel: z.enum(['online', 'counter']).default('counter'),
  childOrder: z.number().int().min(1).max(20),
  childBornOn: isoDateString.nullish(),
  childName: text(50),
  childSex: z.enum(['M', 'F']).nullish(),
  expectedOn: isoDateString.nullish(),
  pledge: z.boolean().default(false),
  /** Confirms withdrawing the person's open registration(s) in favour of this one (409 without it). */
  replace: z.boolean().optional(),
  reason: optionalReason,
};
const REPLACE_REASON = {
  zh: '请填写撤回原登记的原因（至少2个字）',
  en: 'give the reason for withdrawing the earlier registration (at least 2 characters)',
};
export const BirthCreate = z
  .strictObject(birthFields)
  .superRefine(
    reasonWhen(
      (v: { replace?: boolean | undefined; reason?: string | undefined }) => Boolean(v.replace),
      REPLACE_REASON,
    ),
  );
export type BirthCreate = z.infer<typeof BirthCreate>;
export const birthCreateFields = birthFields;
export const birthReplaceReason = REPLACE_REASON;

export const BirthTransitionBody = z
  .strictObject({
    action: z.enum(BIRTH_ACTIONS),
    message: optionalLines(500),
    reason: optionalReason,
  })
  .superRefine(
    reasonWhen((v) => v.action === 'withdraw', {
      zh: '撤回须填写原因（至少2个字），申请人可以看到',
      en: 'give the reason for withdrawing (at least 2 characters); the applicant sees it',
    }),
  );

export const BirthListQuery = z.strictObject({
  status: z.enum(BIRTH_STATUSES).optional(),
  personId: uuid.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const UploadQuery = z.strictObject({
  documentKind: z.enum(['id_card', 'household_register', 'marriage_certificate', 'birth_certificate', 'other']),
});
