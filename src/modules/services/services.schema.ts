/**
 * Request schemas for services and supply (birth registration: births.schema.ts); messages name the field (labels
 * in core/person.ts). Response schemas of the services routes are at the end.
 */
import { z } from 'zod';
import type { LocalizedText } from '../../core/errors.ts';
import { SERVICE_KINDS, SERVICE_STATUSES } from '../../core/services.ts';
import { POINT_KINDS, SUPPLY_ITEMS } from '../../core/services-supply.ts';
import { COMPLICATION_KINDS, PAYERS } from '../../core/services-technical.ts';
import { Instant, Localized, paged } from '../../http/response-fields.ts';
import {
  cleanString,
  dateField,
  linesText,
  lineText,
  optionalLine,
  optionalLines,
  uuid,
} from '../../http/schema-fields.ts';

const msg = (text: LocalizedText) => ({ params: text });

export const isoDateString = dateField();

const text = optionalLine;

const outcomeValue = z.union([linesText(500, 0), z.number().finite(), z.boolean()]);

/**
 * The informed consent (知情同意) a technical service needs: every point of the consent text ticked, or the
 * signed form uploaded (JPEG, PNG or PDF, base64, up to 2 MB); with the version of the text shown.
 */
export const InformedConsent = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('checklist'),
    textVersion: lineText(20),
    checked: z.array(lineText(40)).max(20),
  }),
  z.strictObject({
    method: z.literal('document'),
    textVersion: lineText(20),
    fileName: lineText(100),
    contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
    dataBase64: z
      .string()
      .max(2_800_000)
      .refine(
        (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v),
        msg({ zh: '应为 base64 编码的文件', en: 'must be a base64-encoded file' }),
      ),
  }),
]);
export type InformedConsent = z.infer<typeof InformedConsent>;

export const ServiceCreate = z.strictObject({
  personId: uuid,
  serviceKind: z.enum(SERVICE_KINDS),
  status: z.enum(SERVICE_STATUSES),
  serviceDate: isoDateString,
  facilityId: uuid.nullish(),
  outreachEvent: text(100),
  providerName: text(50),
  outcome: z.record(cleanString('line').max(40), outcomeValue).default({}),
  contraceptiveInUse: z.boolean().nullish(),
  nextDueOn: isoDateString.nullish(),
  consent: z.boolean(),
  notes: optionalLines(500),
  followUpOf: uuid.nullish(),
  /** Who pays; required for a service given (a declined offer has none). */
  payer: z.enum(PAYERS).nullish(),
  /** The portal booking the service is given against (a provider reaches the booked person through it). */
  bookingId: uuid.nullish(),
  /** Technical services only (放取环, 皮埋, 结扎), and required for them when done. */
  informedConsent: InformedConsent.optional(),
  /** One per form instance: sending the same key again returns the first record instead of a second one. */
  idempotencyKey: uuid.optional(),
});
export type ServiceCreate = z.infer<typeof ServiceCreate>;

export const ReferralCreate = z.strictObject({
  personId: uuid,
  facilityId: uuid,
  serviceKind: z.enum(SERVICE_KINDS),
  note: text(200),
  /** The day the person agreed that the other county hears of the referral; without it nothing is sent there. */
  consentOn: dateField({ notAfter: 'today' }).optional(),
});
export type ReferralCreate = z.infer<typeof ReferralCreate>;

export const IdParam = z.strictObject({ id: uuid });

export const PointCreate = z.strictObject({
  name: lineText(100),
  pointKind: z.enum(POINT_KINDS),
  division: z
    .string()
    .refine((v) => /^\d{12}$/.test(v), msg({ zh: '应为12位区划代码', en: 'must be a 12-digit division code' })),
  location: lineText(200),
  keeper: lineText(50),
  restockThreshold: z.number().int().min(0).max(100_000).default(20),
});
export type PointCreate = z.infer<typeof PointCreate>;

export const PointListQuery = z.strictObject({
  division: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  alerts: z.enum(['true', 'false']).optional(),
});

export const MovementCreate = z.strictObject({
  movementKind: z.enum(['received', 'dispensed', 'adjusted']),
  item: z.enum(SUPPLY_ITEMS),
  quantity: z.number().int().min(1).max(100_000),
  /** Adjustments only: which way the count was corrected. */
  direction: z.enum(['increase', 'decrease']).optional(),
  reason: text(200),
  /** Dispensing to a person who consents to it being recorded; otherwise anonymous with a count of recipients. */
  personId: uuid.nullish(),
  recipients: z.number().int().min(1).max(10_000).nullish(),
  /** Required with personId: the person agreed that the dispensing is recorded against them. */
  consent: z.boolean().optional(),
});
export type MovementCreate = z.infer<typeof MovementCreate>;

export const TransferCreate = z.strictObject({
  toPointId: uuid,
  item: z.enum(SUPPLY_ITEMS),
  quantity: z.number().int().min(1).max(100_000),
  reason: text(200),
});
export type TransferCreate = z.infer<typeof TransferCreate>;

export const StockReportQuery = z.strictObject({
  division: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

/** The services page's list: the jurisdiction's recent services, newest first. */
export const ServiceListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

// Responses of the services routes (services.routes.ts).

/** A service record as staff see it (services.service serviceView). */
export const ServiceView = z.object({
  id: z.string(),
  personId: z.string(),
  division: z.string(),
  serviceKind: z.enum(SERVICE_KINDS),
  kindLabel: Localized,
  status: z.enum(SERVICE_STATUSES),
  serviceDate: z.string(),
  facilityId: z.string().nullable(),
  facilityName: z.string().nullable(),
  outreachEvent: z.string().nullable(),
  providerName: z.string().nullable(),
  outcome: z.record(z.string(), z.unknown()),
  contraceptiveInUse: z.boolean().nullable(),
  nextDueOn: z.string().nullable(),
  consent: z.boolean(),
  notes: z.string().nullable(),
  followUpOf: z.string().nullable(),
  payer: z.enum(PAYERS).nullable(),
  bookingId: z.string().nullable(),
  createdAt: Instant,
});
/** What a provider sees: no free-text notes written elsewhere. */
export const ProviderServiceView = ServiceView.omit({ notes: true });

/** The saved record; `repeated` when the idempotency key had already saved it (200 instead of 201). */
export const ServiceSaved = z.object({ service: z.union([ServiceView, ProviderServiceView]), repeated: z.boolean() });

const PersonLabel = z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string() });
export const ServicePage = paged(ServiceView.extend({ person: PersonLabel }));
export const ServiceList = z.object({ items: z.array(ServiceView) });

export const Timeline = z.object({
  items: z.array(
    z.object({
      type: z.enum(['service', 'birth_registration', 'supply']),
      id: z.string(),
      date: z.string(),
      title: Localized,
      status: z.string(),
      detail: Localized.nullable(),
    }),
  ),
});

export const ReferralAnswer = z.object({
  referral: z.object({
    id: z.string(),
    personId: z.string(),
    facility: z.object({ id: z.string(), name: z.string() }),
    serviceKind: z.enum(SERVICE_KINDS),
    note: z.string().nullable(),
    referredAt: Instant,
    exchangeMessageId: z.string().nullable(),
  }),
});

export const FacilityList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      division: z.string(),
      facilityKind: z.enum(['health_centre', 'service_station', 'maternal_child_hospital', 'hospital']),
    }),
  ),
});

const ClientPerson = PersonLabel.extend({ sex: z.enum(['M', 'F']), birthDate: z.string() });
/** A provider's clients: people referred to or served by their facility (null facility: none assigned). */
export const ClientList = z.object({
  facility: z.object({ id: z.string(), name: z.string(), division: z.string() }).nullable(),
  items: z.array(ClientPerson.extend({ referredFor: z.array(z.string()) })),
});
export const ClientAnswer = z.object({ person: ClientPerson, services: z.array(ProviderServiceView) });

export const ComplicationCreate = z.strictObject({
  kind: z.enum(COMPLICATION_KINDS),
  severity: z.enum(['mild', 'serious']),
  notedOn: isoDateString,
  note: optionalLines(500),
});
export type ComplicationCreate = z.infer<typeof ComplicationCreate>;

const Complication = z.object({
  id: z.string(),
  kind: z.enum(COMPLICATION_KINDS),
  kindLabel: Localized,
  severity: z.enum(['mild', 'serious']),
  notedOn: z.string(),
  note: z.string().nullable(),
  createdAt: Instant,
});
export const ComplicationAnswer = z.object({ complication: Complication });

/** A technical service with its consent (never the uploaded file itself), follow-ups and complications. */
export const TechnicalAnswer = z.object({
  service: z.union([ServiceView, ProviderServiceView]),
  consent: z
    .object({
      method: z.enum(['checklist', 'document']),
      textVersion: z.string(),
      textSha256: z.string(),
      checked: z.array(z.string()).nullable(),
      documentName: z.string().nullable(),
      documentSha256: z.string().nullable(),
      signedOn: z.string(),
    })
    .nullable(),
  followUps: z.array(z.object({ id: z.string(), serviceDate: z.string(), nextDueOn: z.string().nullable() })),
  nextFollowUpOn: z.string().nullable(),
  complications: z.array(Complication),
});

/** Services given, per payer and kind, in the user's area (statistics; issue 26 part 3). */
export const PayerReportQuery = z.strictObject({
  from: isoDateString.optional(),
  to: isoDateString.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export const PayerReport = z.object({
  from: z.string(),
  to: z.string(),
  payers: z.array(z.object({ payer: z.enum(PAYERS), label: Localized })),
  rows: z.array(
    z.object({
      serviceKind: z.enum(SERVICE_KINDS),
      kindLabel: Localized,
      counts: z.record(z.enum([...PAYERS, 'unrecorded']), z.number()),
      total: z.number(),
    }),
  ),
  totals: z.record(z.enum([...PAYERS, 'unrecorded']), z.number()),
});

const BookingStatus = z.enum(['booked', 'cancelled']);
const Attendance = z.enum(['attended', 'no_show']);
/** A booking as the provider's facility sees it: who, masked ID number, the slot, attendance, the service. */
export const FacilityBooking = z.object({
  id: z.string(),
  status: BookingStatus,
  attendance: Attendance.nullable(),
  serviceId: z.string().nullable(),
  person: z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string() }),
  slot: z.object({ id: z.string(), kind: z.enum(SERVICE_KINDS), kindLabel: Localized, startsAt: Instant }),
});
export const FacilityBookingList = z.object({
  facility: z.object({ id: z.string(), name: z.string() }).nullable(),
  items: z.array(FacilityBooking),
});
export const FacilityBookingQuery = z.strictObject({
  from: isoDateString.optional(),
  to: isoDateString.optional(),
});
export const AttendanceBody = z.strictObject({ attendance: Attendance });
export const AttendanceAnswer = z.object({ booking: FacilityBooking });

/** The consent text in use, for the form to show and tick (its SHA-256 is stored with each consent). */
export const ConsentTextAnswer = z.object({
  version: z.string(),
  text: z.string(),
  sha256: z.string(),
  items: z.array(z.object({ key: z.string(), text: z.string() })),
});
