/**
 * Request schemas for employers and landlords. By design there is no field through which an employer or a
 * landlord could report a pregnancy or an income (MISSION.md, "What we do not build"); strict objects refuse
 * any field not listed here.
 */
import { z } from 'zod';
import { AGREEMENT_KINDS, PARTY_KINDS } from '../../core/community.ts';
import { DateText, Items } from '../../http/response-fields.ts';
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

// Answers (employers.service.ts); the serializer refuses a field not declared here.

const Party = z.object({
  id: z.string(),
  kind: z.enum(PARTY_KINDS),
  divisionCode: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  industry: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
});

const Agreement = z.object({
  id: z.string(),
  partyId: z.string(),
  kind: z.enum(AGREEMENT_KINDS),
  signedOn: DateText,
  validUntil: DateText.nullable(),
  serviceDaysPerYear: z.number().nullable(),
  details: z.string().nullable(),
});

export const PartyPageBody = z.object({
  items: z.array(Party.extend({ residents: z.number(), agreements: z.array(z.enum(AGREEMENT_KINDS)) })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const PartyBody = z.object({ party: Party });
export const PartyDetailBody = z.object({
  party: Party,
  agreements: z.array(Agreement),
  residents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sex: z.enum(['M', 'F']),
      idNumberMasked: z.string(),
      residenceDivision: z.string(),
      arrivedOn: DateText.nullable(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      heldOn: DateText,
      attendance: z.number(),
      materialsCount: z.number(),
    }),
  ),
});
export const AgreementBody = z.object({ agreement: Agreement });
export const OutreachListBody = Items(
  Party.extend({
    residents: z.number(),
    residentsWithServicesDue: z.number(),
    agreements: z.array(z.enum(AGREEMENT_KINDS)),
    lastEventOn: DateText.nullable(),
  }),
);
const LinkedParty = z
  .object({ id: z.string(), name: z.string(), contactName: z.string().nullable(), contactPhone: z.string().nullable() })
  .nullable();
export const PersonLinksBody = z.object({ employer: LinkedParty, landlord: LinkedParty });
