/** The resident portal: accounts, consents, applications, bookings and complaints. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';
import type { ServiceKind } from './services.ts';

/** Resident portal (issue 9): a resident's app_user row is bound to exactly one person. */
export interface ResidentAccountTable {
  user_id: string;
  person_id: string;
  division_code: string;
  created_at: Timestamp;
}

export interface ResidentOtpTable {
  id: Generated<string>;
  /** Blind index of the ID number the code was asked for. */
  id_hash: string;
  /** Keyed hash of the code; the code itself is never stored. */
  code_hash: string;
  ip: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Date | null;
}

export type ConsentKind = 'terms' | 'health' | 'reminders';

export interface ConsentEventTable {
  id: Generated<string>;
  person_id: string;
  division_code: string;
  kind: ConsentKind;
  granted: boolean;
  ip: string | null;
  at: Timestamp;
}

export interface CertificateApplicationTable {
  id: Generated<string>;
  person_id: string;
  /** The person's residence division when applying. */
  division_code: string;
  hukou_division: string;
  kind: 'standard' | 'temporary';
  purpose: string | null;
  status: ColumnType<'submitted' | 'issued' | 'rejected', 'submitted' | undefined, 'issued' | 'rejected'>;
  certificate_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Timestamp;
  /** Issue 26 part 1: sent to the origin (residence side), the inquiry it came by (origin side), what came back. */
  routed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  origin_inquiry_id: ColumnType<string | null, string | null | undefined, string | null>;
  origin_certificate: ColumnType<OriginCertificate | null, string | null | undefined, string | null>;
}

/** A certificate the origin issued for a routed application, as it travelled back over the exchange. */
export interface OriginCertificate {
  number: string;
  kind: 'standard' | 'temporary';
  issuedOn: string;
  expiresOn: string;
  issuer: string;
  payload: string;
  verifyUrl: string;
}

export interface ContactChangeTable {
  id: Generated<string>;
  person_id: string;
  division_code: string;
  /** AES-GCM ciphertext like person.phone. */
  phone_enc: string | null;
  residence_address: string | null;
  status: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | undefined, 'approved' | 'rejected'>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Timestamp;
}

export interface ServiceSlotTable {
  id: Generated<string>;
  division_code: string;
  kind: ServiceKind;
  facility: string;
  starts_at: Timestamp;
  capacity: number;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  cancelled_at: Date | null;
  /** Issue 26: the facility whose providers see the bookings (set from the name for slots before it). */
  facility_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface ServiceBookingTable {
  id: Generated<string>;
  slot_id: string;
  person_id: string;
  division_code: string;
  status: ColumnType<'booked' | 'cancelled', 'booked' | undefined, 'booked' | 'cancelled'>;
  created_at: Timestamp;
  cancelled_at: Date | null;
  /** Issue 26: marked by the provider's facility on the day. */
  attendance: ColumnType<'attended' | 'no_show' | null, never, 'attended' | 'no_show'>;
  attendance_marked_at: ColumnType<Date | null, never, Date>;
  attendance_marked_by: ColumnType<string | null, never, string>;
}

export type ReminderKind =
  | 'checkup_due'
  | 'certificate_expiring'
  | 'booking_tomorrow'
  | 'complaint_answered'
  | 'birth_needs_info';

/** One row per reminder event (issue 26 part 5): the unique event key makes sending idempotent. */
export interface ReminderLogTable {
  id: Generated<string>;
  person_id: string;
  division_code: string;
  kind: ReminderKind;
  event_key: string;
  phone_hash: string | null;
  outcome: 'sent' | 'rate_limited' | 'no_phone' | 'failed';
  text: string;
  at: Timestamp;
}

export type ComplaintChannel = 'hotline' | 'portal' | 'walk_in';
export type ComplaintType = 'consultation' | 'complaint';
export type ComplaintStatus = 'open' | 'replied' | 'closed';

/** 便民维权 (issue 9 §4). */
export interface ComplaintTable {
  id: Generated<string>;
  number: string;
  person_id: string | null;
  division_code: string;
  channel: ComplaintChannel;
  type: ComplaintType;
  category: string;
  subject: string;
  body: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  assignee_id: string | null;
  status: ColumnType<ComplaintStatus, ComplaintStatus | undefined, ComplaintStatus>;
  received_on: string;
  due_on: string;
  escalated_at: Date | null;
  reply: string | null;
  replied_at: Date | null;
  replied_on: string | null;
  replied_by: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ComplaintLegalRequestTable {
  id: Generated<string>;
  complaint_id: string;
  division_code: string;
  kind: 'administrative_review' | 'litigation';
  /** The day the person knew (or should have known) of the administrative act: the statutory clock starts here. */
  known_on: string;
  deadline_on: string;
  filed_on: string;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ComplaintAttachmentTable {
  id: Generated<string>;
  complaint_id: string;
  division_code: string;
  content_type: 'image/jpeg' | 'image/png' | 'application/pdf';
  file_name: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface PortalTables {
  resident_account: ResidentAccountTable;
  resident_otp: ResidentOtpTable;
  consent_event: ConsentEventTable;
  certificate_application: CertificateApplicationTable;
  contact_change: ContactChangeTable;
  service_slot: ServiceSlotTable;
  service_booking: ServiceBookingTable;
  reminder_log: ReminderLogTable;
  complaint: ComplaintTable;
  complaint_legal_request: ComplaintLegalRequestTable;
  complaint_attachment: ComplaintAttachmentTable;
}
