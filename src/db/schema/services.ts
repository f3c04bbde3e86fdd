/** Services, referrals, contraceptive supply and birth service registrations. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

export type ServiceKind =
  | 'reproductive_checkup'
  | 'prenatal_care'
  | 'contraceptive_counselling'
  | 'mental_health_counselling'
  | 'health_education'
  | 'iud_insertion'
  | 'iud_removal'
  | 'implant_insertion'
  | 'implant_removal'
  | 'tubal_ligation'
  | 'vasectomy'
  | 'technical_follow_up';

/** Who pays for a service given (issue 26 part 3); null only on a declined offer. */
export type ServicePayer = 'public_health_funds' | 'county_finance' | 'employer' | 'medical_insurance' | 'self';

/** A service given or offered (issue 4). `contraceptive_in_use` is the person's own answer at counselling. */
export interface ServiceRecordTable {
  id: Generated<string>;
  person_id: string;
  /** Where the service was given: scope, and statistics by division. */
  division_code: string;
  kind: ServiceKind;
  status: 'done' | 'declined';
  service_date: string;
  facility: string | null;
  provider_name: string | null;
  outcome: JSONColumnType<Record<string, unknown>, string, string>;
  contraceptive_in_use: boolean | null;
  next_due_on: string | null;
  consent: boolean;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
  /** Issue 4: the facility (or outreach event) where it was given, and the case it follows up. */
  facility_id: ColumnType<string | null, string | null | undefined, string | null>;
  outreach_event: ColumnType<string | null, string | null | undefined, string | null>;
  follow_up_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** Issue 21: the form instance's key; the same key from the same user returns the first record. */
  idempotency_key: ColumnType<string | null, string | null | undefined, never>;
  /** Issue 26: who pays (required when done; services before it were set to public_health_funds). */
  payer: ColumnType<ServicePayer | null, ServicePayer | null | undefined, ServicePayer | null>;
  /** Issue 26: the portal booking this service was given against. */
  booking_id: ColumnType<string | null, string | null | undefined, never>;
}

/** The informed consent (知情同意) signed for a technical service: a ticked checklist or an uploaded form. */
export interface ServiceConsentTable {
  service_record_id: string;
  method: 'checklist' | 'document';
  text_version: string;
  text_sha256: string;
  checklist: JSONColumnType<string[], string, string> | null;
  document: Buffer | null;
  document_name: string | null;
  document_type: 'image/jpeg' | 'image/png' | 'application/pdf' | null;
  document_sha256: string | null;
  signed_on: string;
}

export type ComplicationKind = 'bleeding' | 'infection' | 'pain' | 'displacement' | 'other';

export interface ServiceComplicationTable {
  id: Generated<string>;
  service_record_id: string;
  person_id: string;
  division_code: string;
  kind: ComplicationKind;
  severity: 'mild' | 'serious';
  noted_on: string;
  note: string | null;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface FacilityTable {
  id: Generated<string>;
  name: string;
  division_code: string;
  kind: 'health_centre' | 'service_station' | 'maternal_child_hospital' | 'hospital';
  created_at: Timestamp;
}

/** A person referred to a facility: with the facility's own service records, what its providers may see. */
export interface ServiceReferralTable {
  id: Generated<string>;
  person_id: string;
  division_code: string;
  facility_id: string;
  kind: ServiceKind;
  note: string | null;
  referred_by: string | null;
  referred_at: Timestamp;
}

export type DistributionPointKind = 'community' | 'employer' | 'construction_site' | 'bus_terminus';
export type SupplyItem = 'male_condom' | 'female_condom' | 'oral_pill' | 'topical_gel';
export type StockMovementKind = 'received' | 'dispensed' | 'transferred_in' | 'transferred_out' | 'adjusted';

export interface DistributionPointTable {
  id: Generated<string>;
  division_code: string;
  name: string;
  kind: DistributionPointKind;
  location: string;
  keeper: string;
  restock_threshold: Generated<number>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface StockBalanceTable {
  point_id: string;
  item: SupplyItem;
  division_code: string;
  /** CHECK (balance >= 0): the database refuses any movement that would go below zero. */
  balance: Generated<number>;
  updated_at: Timestamp;
}

export interface StockMovementTable {
  id: Generated<string>;
  point_id: string;
  item: SupplyItem;
  division_code: string;
  kind: StockMovementKind;
  /** Always positive; `delta` carries the direction (an adjustment may go either way). */
  quantity: number;
  delta: number;
  balance_after: number;
  reason: string | null;
  /** A consenting person the supplies went to; null for an anonymous dispensing. */
  person_id: string | null;
  /** Anonymous dispensing: how many people were served. */
  recipients: number | null;
  transfer_id: string | null;
  counterpart_point_id: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export type BirthRegistrationStatus = 'submitted' | 'needs_info' | 'registered' | 'withdrawn';

export interface BirthRegistrationTable {
  id: Generated<string>;
  number: string;
  person_id: string;
  spouse_person_id: string | null;
  /** The reviewing office's division (the household-registration place or the place of residence). */
  division_code: string;
  place_basis: 'hukou' | 'residence';
  channel: 'online' | 'counter';
  status: ColumnType<BirthRegistrationStatus, BirthRegistrationStatus | undefined, BirthRegistrationStatus>;
  child_order: number;
  child_born_on: string | null;
  child_name: string | null;
  child_sex: 'M' | 'F' | null;
  expected_on: string | null;
  pledge: Generated<boolean>;
  prefilled: JSONColumnType<Record<string, unknown>, string, string>;
  message: string | null;
  payload: string | null;
  key_id: string | null;
  submitted_at: Timestamp;
  registered_at: Date | null;
  withdrawn_at: Date | null;
  /** Set when the result has gone to the other area through the exchange; null = queued. */
  exchange_notified_at: Date | null;
  created_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface BirthRegistrationEventTable {
  id: Generated<string>;
  registration_id: string;
  division_code: string;
  action: string;
  from_status: string | null;
  to_status: string;
  message: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export interface BirthRegistrationDocumentTable {
  id: Generated<string>;
  registration_id: string;
  division_code: string;
  kind: 'id_card' | 'household_register' | 'marriage_certificate' | 'birth_certificate' | 'other';
  file_name: string;
  media_type: 'image/jpeg' | 'image/png' | 'application/pdf';
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface ServicesTables {
  facility: FacilityTable;
  service_referral: ServiceReferralTable;
  distribution_point: DistributionPointTable;
  stock_balance: StockBalanceTable;
  stock_movement: StockMovementTable;
  birth_registration: BirthRegistrationTable;
  birth_registration_event: BirthRegistrationEventTable;
  birth_registration_document: BirthRegistrationDocumentTable;
  service_record: ServiceRecordTable;
  service_consent: ServiceConsentTable;
  service_complication: ServiceComplicationTable;
}
