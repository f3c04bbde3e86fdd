/** Request schemas for the resident portal and the staff queues it feeds. */
import { z } from 'zod';
import { SERVICE_KINDS } from '../../core/services.ts';
import { BIRTH_STATUSES } from '../../core/services-birth.ts';
import { DateText, Instant, Items, Localized } from '../../http/response-fields.ts';
import { dateTimeField, linesText, lineText, uuid } from '../../http/schema-fields.ts';
import { reasonWhen } from '../../http/schema-reason.ts';
import { birthCreateFields, birthReplaceReason } from '../births/index.ts';
import { AttachmentBody, minText, ResidentComplaintView } from '../complaints/index.ts';
import { personFields } from '../persons/index.ts';

export const CodeRequestBody = z.strictObject({ idNumber: personFields.idNumber });
export const CodeVerifyBody = z.strictObject({
  idNumber: personFields.idNumber,
  code: z
    .string()
    .trim()
    .refine((v) => /^\d{6}$/.test(v), { params: { zh: '应为6位数字', en: 'must be 6 digits' } }),
});

/** `reminders` (SMS reminders, a separate consent; issue 26) is left as it is when not sent. */
export const ConsentBody = z.strictObject({
  terms: z.boolean(),
  health: z.boolean(),
  reminders: z.boolean().optional(),
});

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

export const SlotBody = z.strictObject({
  kind: z.enum(SERVICE_KINDS),
  facility: minText('line', 2, 100),
  /** The facility whose providers see the bookings; a provider's own slots are always its facility's. */
  facilityId: uuid.optional(),
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

// Answers (portal.service.ts, portal.auth.ts); a resident sees only their own record. The serializer refuses a
// field not declared here, so nothing reaches the portal by accident.

const Sex = z.enum(['M', 'F']);
const ServiceKind = z.enum(SERVICE_KINDS);

export const CodeSentBody = z.object({ sent: z.boolean(), expiresInMinutes: z.number() });
export const SignedInBody = z.object({ signedIn: z.boolean() });

const Consent = z.object({ terms: z.boolean(), health: z.boolean(), reminders: z.boolean() });
const ContactChange = z.object({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  createdAt: Instant,
});

/** The record appears once the terms are accepted. */
export const PortalMeBody = z.object({
  consent: Consent,
  person: z
    .object({
      name: z.string(),
      idNumberMasked: z.string(),
      sex: Sex,
      birthDate: DateText,
      hukouDivision: z.string(),
      residenceDivision: z.string(),
      residenceAddress: z.string().nullable(),
      arrivedOn: DateText.nullable(),
      maritalStatus: z.string(),
      children: z.array(z.object({ sex: Sex, birthDate: DateText, name: z.string() })),
      phoneMasked: z.string().nullable(),
      employer: z.string().nullable(),
    })
    .optional(),
  contactChanges: z
    .array(
      ContactChange.extend({
        phoneMasked: z.string().nullable(),
        residenceAddress: z.string().nullable(),
        decidedAt: Instant.nullable(),
        note: z.string().nullable(),
      }),
    )
    .optional(),
});
export const ConsentStateBody = z.object({ consent: Consent });

export const PortalCertificatesBody = Items(
  z.object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(['standard', 'temporary']),
    status: z.enum(['valid', 'revoked', 'replaced', 'expired']),
    issuedOn: DateText,
    expiresOn: DateText,
    issuer: z.string(),
    verifyUrl: z.string(),
    qrDataUrl: z.string().nullable(),
  }),
);

const Booking = z.object({
  id: z.string(),
  status: z.enum(['booked', 'cancelled']),
  kind: ServiceKind,
  facility: z.string(),
  startsAt: Instant,
});
/** The resident's own booking with its outcome: attendance as the facility marked it, and the service given. */
const BookingWithOutcome = Booking.extend({
  attendance: z.enum(['attended', 'no_show']).nullable(),
  service: z.object({ kind: ServiceKind, status: z.enum(['done', 'declined']), date: DateText }).nullable(),
});

export const PortalServicesBody = z.object({
  hidden: z.boolean(),
  items: z.array(
    z.object({
      id: z.string(),
      kind: ServiceKind,
      status: z.enum(['done', 'declined']),
      date: DateText,
      facility: z.string().nullable(),
      nextDueOn: DateText.nullable(),
    }),
  ),
  bookings: z.array(BookingWithOutcome),
});

export const PortalAccessLogBody = Items(
  z.object({
    at: Instant,
    action: z.string(),
    role: z.string().nullable(),
    office: z.string().nullable(),
    self: z.boolean(),
    who: Localized,
    what: Localized,
    /** An inquiry's purpose (协查事由), so the resident sees why another county asked about them. */
    purpose: Localized.nullable(),
  }),
);

const Application = z.object({
  id: z.string(),
  kind: z.string(),
  purpose: z.string().nullable(),
  status: z.string(),
  createdAt: z.union([Instant, z.string()]),
  decidedAt: Instant.nullable(),
  note: z.string().nullable(),
  certificateId: z.string().nullable(),
  routedToOrigin: z.boolean(),
  fromResidence: z.boolean(),
  originCertificate: z.object({ number: z.string(), expiresOn: DateText, issuer: z.string() }).nullable(),
});
export const ApplicationListBody = Items(Application);
export const ApplicationCreatedBody = z.object({ application: Application });

export const PortalBirthListBody = Items(
  z.object({
    id: z.string(),
    number: z.string(),
    status: z.enum(BIRTH_STATUSES),
    statusLabel: Localized,
    placeBasis: z.enum(['hukou', 'residence']),
    childOrder: z.number(),
    childBornOn: DateText.nullable(),
    expectedOn: DateText.nullable(),
    pledge: z.boolean(),
    message: z.string().nullable(),
    submittedAt: Instant,
    registeredAt: Instant.nullable(),
    verifyUrl: z.string().nullable(),
    qrDataUrl: z.string().nullable(),
  }),
);
export const PortalBirthCreatedBody = z.object({
  registration: z.object({
    id: z.string(),
    number: z.string(),
    status: z.enum(BIRTH_STATUSES),
    division: z.string(),
  }),
});

export const ContactChangeCreatedBody = z.object({ change: ContactChange });

export const SlotListBody = Items(
  z.object({
    id: z.string(),
    kind: ServiceKind,
    facility: z.string(),
    startsAt: Instant,
    capacity: z.number(),
    left: z.number(),
    notes: z.string().nullable(),
  }),
);
export const BookingCreatedBody = z.object({ booking: Booking });
export const BookingCancelledBody = z.object({
  booking: z.object({ id: z.string(), status: z.enum(['booked', 'cancelled']) }),
});

const ResidentAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number(),
  contentType: z.string(),
});
export const PortalComplaintListBody = Items(ResidentComplaintView.extend({ attachments: z.array(AttachmentBody) }));
export const PortalComplaintBody = z.object({ complaint: ResidentComplaintView });
export const AttachmentCreatedBody = z.object({ attachment: ResidentAttachment });

// Answers of the staff side of the portal (portal.staff.routes.ts).

export const StaffApplicationListBody = Items(
  Application.extend({
    personId: z.string(),
    name: z.string(),
    idNumberMasked: z.string(),
    residenceDivision: z.string(),
    hukouDivision: z.string(),
  }),
);
export const StaffApplicationBody = ApplicationCreatedBody;

const FromTo = z.object({ from: z.string().nullable(), to: z.string().nullable() });
export const StaffContactChangeListBody = Items(
  z.object({
    id: z.string(),
    personId: z.string(),
    name: z.string(),
    idNumberMasked: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    createdAt: Instant,
    phone: FromTo,
    residenceAddress: FromTo,
    note: z.string().nullable(),
  }),
);
export const StaffContactChangeBody = z.object({
  change: z.object({ id: z.string(), status: z.enum(['pending', 'approved', 'rejected']) }),
});

export const SlotAdminListBody = Items(
  z.object({
    id: z.string(),
    kind: z.enum(SERVICE_KINDS),
    facility: z.string(),
    startsAt: Instant,
    capacity: z.number(),
    booked: z.number(),
    notes: z.string().nullable(),
    divisionCode: z.string(),
    cancelled: z.boolean(),
  }),
);
export const SlotCreatedBody = z.object({ slot: z.object({ id: z.string() }) });
