/**
 * Request schemas for employers and landlords. By design there is no field through which an employer or a
 * landlord could report a pregnancy or an income (MISSION.md, "What we do not build"); strict objects refuse
 * any field not listed here.
 */
import { z } from 'zod';
import { AGREEMENT_KINDS, PARTY_KINDS } from '../../core/community.ts';
import { cleanString, lineText, optionalLines, uuid } from '../../http/schema-fields.ts';
import { isoDay, optionalText, requiredText } from '../households/index.ts';
import { divisionCode } from '../persons/index.ts';

const phone = cleanString('line')
  .max(30)
  .refine((v) => v === '' || /^[0-9+\-() ]{5,30}$/.test(v), {
    params: { zh: '只能包含数字、空格和+-()', en: 'may contain only digits, spaces and +-()' },
  })
  .nullish()
  .transform((v) => (v ? v : null));

export const PartyCreate = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  divisionCode,
  name: requiredText(100),
  address: optionalText(200),
  contactName: optionalText(50),
  contactPhone: phone,
  industry: optionalText(50),
  notes: optionalLines(500),
});
export type PartyCreate = z.infer<typeof PartyCreate>;

export const PartyUpdate = z.strictObject({
  version: z.number().int().min(1),
  name: requiredText(100).optional(),
  address: optionalText(200).optional(),
  contactName: optionalText(50).optional(),
  contactPhone: phone.optional(),
  industry: optionalText(50).optional(),
  notes: optionalLines(500).optional(),
});
export type PartyUpdate = z.infer<typeof PartyUpdate>;

export const PartyQuery = z.strictObject({
  kind: z.enum(PARTY_KINDS).optional(),
  q: lineText(50, 0).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type PartyQuery = z.infer<typeof PartyQuery>;

export const AgreementCreate = z
  .strictObject({
    kind: z.enum(AGREEMENT_KINDS),
    signedOn: isoDay,
    validUntil: isoDay.nullish().transform((v) => v ?? null),
    serviceDaysPerYear: z
      .number()
      .int()
      .min(1)
      .max(366)
      .nullish()
      .transform((v) => v ?? null),
    details: optionalLines(500),
  })
  .refine((v) => v.validUntil === null || v.validUntil >= v.signedOn, {
    path: ['validUntil'],
    params: { zh: '不能早于签订日期', en: 'must not be before the signing date' },
  });
export type AgreementCreate = z.infer<typeof AgreementCreate>;

export const OutreachListQuery = z.strictObject({ kind: z.enum(PARTY_KINDS).optional() });

export const PersonLinks = z.strictObject({
  employerId: uuid.nullable(),
  landlordId: uuid.nullable(),
});
export type PersonLinks = z.infer<typeof PersonLinks>;
