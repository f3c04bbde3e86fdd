/** Table types, declared once; Selectable/Insertable/Updateable are derived where used. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DivisionTable {
  code: string;
  parent_code: string | null;
  name: string;
  full_name: string;
  level: number;
  initials: string;
  has_children: Generated<boolean>;
}

export type Role =
  | 'county_admin'
  | 'township_officer'
  | 'village_manager'
  | 'provider'
  | 'dept_verifier'
  | 'auditor'
  | 'resident';

export interface UserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  role: Role;
  division_code: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  password_changed_at: Date | null;
  /** TOTP secret, AES-GCM encrypted like ID numbers. */
  totp_secret_enc: string | null;
  /** A secret being enrolled, until the user confirms a first code. */
  totp_pending_enc: string | null;
  /** Last accepted TOTP time step, so a code cannot be replayed. */
  totp_last_counter: string | null;
  recovery_code_hashes: ColumnType<string[], string[] | undefined, string[]>;
  /** Provider accounts: the facility they work at (issue 4). */
  facility_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Failed sign-in attempts per subject (`password:<username>`, `totp:<user id>`), migration 2026-12-07T01. */
export interface LoginAttemptTable {
  subject: string;
  failures: number;
  locked_until: Date | null;
  updated_at: Date;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  stage: ColumnType<SessionStage, SessionStage | undefined, SessionStage>;
}

/** 'full' sessions may use the product; the others may only finish their login step. */
export type SessionStage = 'full' | 'totp' | 'enrol_totp' | 'change_password';

export interface BreakGlassGrantTable {
  id: Generated<string>;
  user_id: string;
  person_id: string;
  reason: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ChildRecord {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
}

export interface PersonTable {
  id: Generated<string>;
  /** AES-GCM ciphertext of the ID number (iv.tag.data, base64). */
  id_number_enc: string;
  /** HMAC blind index of the full ID number, for equality lookup. */
  id_hash: string;
  /** HMAC blind indexes of ID-number prefixes (lengths 6..17), for prefix search without plaintext. */
  id_prefix_hashes: string[];
  id_masked: string;
  name: string;
  name_initials: string;
  name_pinyin: string;
  sex: 'M' | 'F';
  birth_date: string;
  hukou_division: string;
  residence_division: string;
  residence_address: string | null;
  arrived_on: string | null;
  departed_on: string | null;
  marital_status: string;
  spouse_id: string | null;
  spouse_name: string | null;
  spouse_id_enc: string | null;
  spouse_id_masked: string | null;
  spouse_birth_date: string | null;
  children: JSONColumnType<ChildRecord[], string, string>;
  /** AES-GCM ciphertext of the phone number (see persons.columns.ts), never clear text. */
  phone: string | null;
  employer: string | null;
  landlord: string | null;
  housing_type: string | null;
  /** Links to the employer / landlord registry (issue 9); the free-text columns above stay as entered. */
  employer_id: ColumnType<string | null, string | null | undefined, string | null>;
  landlord_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonHistoryTable {
  id: Generated<string>;
  person_id: string;
  /** Kept for Citus-style distribution by province. */
  division_code: string;
  version: number;
  /** 'certificate': a certificate was issued, replaced or revoked (the person row itself is unchanged). */
  kind: 'create' | 'update' | 'move' | 'certificate';
  changes: JSONColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  actor_id: string | null;
  at: Timestamp;
}

export interface PersonEpisodeTable {
  id: Generated<string>;
  person_id: string;
  residence_division: string;
  residence_address: string | null;
  arrived_on: string | null;
  departed_on: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  seq: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_division: string | null;
  action: string;
  outcome: string;
  entity: string | null;
  entity_id: string | null;
  /** The person this row is about; an action on several people writes one row per person. */
  person_id: string | null;
  ip: string | null;
  details: JSONColumnType<Record<string, unknown>, string, string> | null;
  /** Position in the hash chain, assigned by the sealer (commit order can differ from seq order). */
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditSealTable {
  id: number;
  last_seq: string;
  last_hash: string;
  sealed_at: Timestamp;
  /** First chain position linked by HMAC; earlier ones by plain SHA-256 (migration 2026-12-07T00). */
  keyed_from: Generated<string>;
}

export interface ImportJobTable {
  id: Generated<string>;
  kind: Generated<string>;
  file_name: string;
  file_sha256: string;
  file_format: 'csv' | 'xlsx';
  update_existing: boolean;
  actor_id: string;
  division_code: string;
  status: Generated<'running' | 'done' | 'failed'>;
  header: JSONColumnType<string[], string, string> | null;
  /** Checkpoint: every source row up to this number is committed (persons and errors alike). */
  rows_done: Generated<number>;
  rows_read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  duplicates: Generated<number>;
  /** Imported rows that look like another person (same name and birth date); migration T11. */
  warnings: Generated<number>;
  message: JSONColumnType<{ zh: string; en: string }, string, string> | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ImportErrorTable {
  job_id: string;
  row_number: number;
  division_code: string;
  /** warning: the row was imported; the issue is only worth a look (a possible duplicate person). */
  issues: JSONColumnType<{ column: string; zh: string; en: string; warning?: boolean }[], string, string>;
  /** AES-GCM ciphertext of the row's original cells (JSON), which include ID numbers. */
  cells_enc: string;
}

export interface Database {
  division: DivisionTable;
  app_user: UserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  person: PersonTable;
  person_history: PersonHistoryTable;
  person_episode: PersonEpisodeTable;
  audit_log: AuditLogTable;
  audit_seal: AuditSealTable;
  import_job: ImportJobTable;
  import_error: ImportErrorTable;
  stat_person: StatPersonTable;
  /** People whose facts a deferring transaction left for stat_merge_deltas (migration 2026-12-03T01). */
  stat_person_delta: StatPersonTable & { sign: number };
  stat_rollup: StatRollupTable;
  /** Person facts a bulk import deferred (2026-12-02T02) until stat_merge_deltas(); a cell may repeat. */
  stat_rollup_delta: StatRollupTable;
  stat_snapshot: StatSnapshotTable;
  stat_snapshot_month: {
    month: string;
    computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
    /** Whether the month holds the rates' numerators too (migration 2026-12-07T04; false: population only). */
    rates: Generated<boolean>;
  };
  /** Every fill of the month-end history: when, why and how many cells (migration 2026-12-07T04). */
  stat_snapshot_run: {
    id: Generated<string>;
    month_from: string;
    month_to: string;
    reason: string;
    cells: ColumnType<string, string | number, string | number>;
    ran_at: Generated<Date>;
  };
  stat_target: StatTargetTable;
  /** Every change of a unit's targets for a year (migration 2026-12-07T04). */
  stat_target_history: {
    id: Generated<string>;
    division_code: string;
    year: number;
    targets: JSONColumnType<{ indicator: string; comparator: '>=' | '<='; value: number }[], string, string>;
    source: 'api' | 'xlsx';
    set_by: string | null;
    set_by_division: string;
    set_at: Generated<Date>;
  };
  staff_assessment: StaffAssessmentTable;
  exchange_identity: ExchangeIdentityTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_inbox: ExchangeInboxTable;
  exchange_case: ExchangeCaseTable;
  exchange_dead_letter: ExchangeDeadLetterTable;
  break_glass_grant: BreakGlassGrantTable;
  signing_key: SigningKeyTable;
  facility: FacilityTable;
  service_referral: ServiceReferralTable;
  distribution_point: DistributionPointTable;
  stock_balance: StockBalanceTable;
  stock_movement: StockMovementTable;
  birth_registration: BirthRegistrationTable;
  birth_registration_event: BirthRegistrationEventTable;
  birth_registration_document: BirthRegistrationDocumentTable;
  resident_account: ResidentAccountTable;
  resident_otp: ResidentOtpTable;
  consent_event: ConsentEventTable;
  certificate_application: CertificateApplicationTable;
  contact_change: ContactChangeTable;
  service_slot: ServiceSlotTable;
  service_booking: ServiceBookingTable;
  complaint: ComplaintTable;
  complaint_legal_request: ComplaintLegalRequestTable;
  complaint_attachment: ComplaintAttachmentTable;
  certificate: CertificateTable;
  certificate_event: CertificateEventTable;
  certificate_check: CertificateCheckTable;
  misuse_incident: MisuseIncidentTable;
  dept_api_key: DeptApiKeyTable;
  service_record: ServiceRecordTable;
  village_representative: VillageRepresentativeTable;
  employer_landlord: EmployerLandlordTable;
  cooperation_agreement: CooperationAgreementTable;
  household_group: HouseholdGroupTable;
  household: HouseholdTable;
  household_member: HouseholdMemberTable;
  household_absence: HouseholdAbsenceTable;
  duty_roster: DutyRosterTable;
  duty_log: DutyLogTable;
  visit: VisitTable;
  outreach_event: OutreachEventTable;
  outreach_event_service: OutreachEventServiceTable;
  data_key: DataKeyTable;
}

/** Ed25519 certificate signing keys (issue 3); the private key is AES-GCM encrypted like ID numbers. */
export interface SigningKeyTable {
  kid: string;
  public_key: string;
  private_key_enc: string;
  created_at: Timestamp;
  retired_at: Date | null;
}

export interface CertificateFactsColumn {
  number: string;
  kind: 'standard' | 'temporary';
  name: string;
  maskedName: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  maritalStatus: string;
  children: { sex: 'M' | 'F'; birthYear: number }[];
  issuerDivision: string;
  issuerName: string;
  issuedOn: string;
  expiresOn: string;
}

export interface CertificateTable {
  id: Generated<string>;
  number: string;
  person_id: string;
  /** The issuing office's division: scope for revocation, and distribution by province. */
  division_code: string;
  kind: 'standard' | 'temporary';
  status: ColumnType<'valid' | 'revoked' | 'replaced', 'valid' | undefined, 'revoked' | 'replaced'>;
  issued_on: string;
  expires_on: string;
  facts: JSONColumnType<CertificateFactsColumn, string, string>;
  payload: string;
  key_id: string;
  issued_by: string | null;
  replaces_id: string | null;
  replaced_by_id: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: Timestamp;
}

export interface CertificateEventTable {
  id: Generated<string>;
  certificate_id: string;
  person_id: string;
  division_code: string;
  kind: 'issued' | 'replaced' | 'revoked' | 'printed';
  reason: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export interface CertificateCheckTable {
  id: Generated<string>;
  division_code: string;
  person_id: string | null;
  certificate_id: string | null;
  number_presented: string | null;
  method: 'qr' | 'number' | 'none_held';
  result: string;
  checked_by: string;
  checked_at: Timestamp;
  notes: string | null;
}

export interface MisuseIncidentTable {
  id: Generated<string>;
  check_id: string;
  division_code: string;
  presented: string;
  reason: string;
  place: string | null;
  status: ColumnType<'open' | 'referred' | 'closed', 'open' | undefined, 'referred' | 'closed'>;
  referred_to: string | null;
  referred_at: Date | null;
  referred_by: string | null;
  notes: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface DeptApiKeyTable {
  id: Generated<string>;
  department: string;
  division_code: string;
  key_hash: string;
  key_prefix: string;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export type ServiceKind =
  | 'reproductive_checkup'
  | 'prenatal_care'
  | 'contraceptive_counselling'
  | 'mental_health_counselling'
  | 'health_education';

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

// Community work (issue 9, part B): migration 2026-11-29T10-community.

/** A village representative (村民代表) responsible for some households (联户). */
export interface VillageRepresentativeTable {
  id: Generated<string>;
  division_code: string;
  name: string;
  phone: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export type PartyKind = 'employer' | 'landlord';

/** Employers and landlords of floating residents. No fields for pregnancies or incomes, ever (MISSION.md). */
export interface EmployerLandlordTable {
  id: Generated<string>;
  kind: PartyKind;
  division_code: string;
  name: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  industry: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export type AgreementKind = 'distribution_point' | 'pays_free_services' | 'onsite_service_days';

export interface CooperationAgreementTable {
  id: Generated<string>;
  party_id: string;
  division_code: string;
  kind: AgreementKind;
  signed_on: string;
  valid_until: string | null;
  service_days_per_year: number | null;
  details: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface HouseholdGroupTable {
  id: Generated<string>;
  division_code: string;
  name: string;
  leader_household_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface HouseholdTable {
  id: Generated<string>;
  division_code: string;
  address: string;
  group_id: string | null;
  group_position: number | null;
  representative_id: string | null;
  landlord_id: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export type HouseholdRelation = 'head' | 'spouse' | 'child' | 'relative' | 'other';

export interface HouseholdMemberTable {
  person_id: string;
  household_id: string;
  division_code: string;
  relation: HouseholdRelation;
  added_at: Timestamp;
}

export interface HouseholdAbsenceTable {
  id: Generated<string>;
  household_id: string;
  division_code: string;
  from_month: string;
  to_month: string;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DutyRosterTable {
  group_id: string;
  month: string;
  division_code: string;
  household_id: string | null;
  skipped: ColumnType<string[], string[] | undefined, string[]>;
  generated_by: string | null;
  generated_at: Timestamp;
}

export interface DutyLogTable {
  id: Generated<string>;
  group_id: string;
  household_id: string | null;
  division_code: string;
  duty_date: string;
  activities: string;
  issues: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export type VisitPurpose =
  | 'arrival_registration'
  | 'service_reminder'
  | 'health_education'
  | 'contraceptive_supply'
  | 'certificate'
  | 'follow_up'
  | 'other';
export type VisitOutcome = 'met' | 'not_home' | 'moved_away' | 'service_booked' | 'declined' | 'referred' | 'other';

export interface VisitTable {
  id: Generated<string>;
  division_code: string;
  person_id: string | null;
  household_id: string | null;
  representative_id: string | null;
  visited_on: string;
  purpose: VisitPurpose;
  outcome: VisitOutcome;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export type OutreachKind =
  | 'regulation_month'
  | 'holiday'
  | 'womens_day'
  | 'onsite_service_day'
  | 'health_talk'
  | 'other';

export interface OutreachEventTable {
  id: Generated<string>;
  division_code: string;
  kind: OutreachKind;
  title: string;
  place: string;
  held_on: string;
  materials_count: Generated<number>;
  materials: string | null;
  attendance: Generated<number>;
  services_count: Generated<number>;
  party_id: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface OutreachEventServiceTable {
  event_id: string;
  service_record_id: string;
  division_code: string;
}

/** The data-key ring (migration T11, src/modules/keys): wrapped AES-256-GCM keys for data at rest. */
export interface DataKeyTable {
  kid: string;
  /** The key wrapped under the master key (see src/security/pii.ts); null once retired. */
  wrapped: string | null;
  state: 'staged' | 'current' | 'active' | 'retired';
  created_at: Timestamp;
  activated_at: Date | null;
  retired_at: Date | null;
  /** Where an unfinished re-encryption stopped: { table, after: primary-key values }. */
  rotation_checkpoint: JSONColumnType<RotationCheckpoint, string, string> | null;
  rotated_rows: ColumnType<string, string | number | undefined, string | number>;
  rotation_finished_at: Date | null;
}

export interface RotationCheckpoint {
  table: string;
  after: string[];
}

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

export type ConsentKind = 'terms' | 'health';

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
}

export interface ServiceBookingTable {
  id: Generated<string>;
  slot_id: string;
  person_id: string;
  division_code: string;
  status: ColumnType<'booked' | 'cancelled', 'booked' | undefined, 'booked' | 'cancelled'>;
  created_at: Timestamp;
  cancelled_at: Date | null;
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

/** This deployment's Ed25519 exchange key (issue 5); the private key is AES-GCM encrypted like ID numbers. */
export interface ExchangeIdentityTable {
  kid: string;
  public_key: string;
  private_key_enc: string;
  /** X25519 key pair for encrypted bodies (null until first use). */
  box_public_key: string | null;
  box_private_key_enc: string | null;
  created_at: Timestamp;
}

export type ExchangeKind = 'inquiry' | 'notification' | 'feedback' | 'pairing';
export type ExchangeTransport = 'local' | 'nats';
export type ExchangeCaseState =
  | 'unconfirmed'
  | 'needs_reconfirmation'
  | 'registered_inflow'
  | 'registered_outflow'
  | 'moving'
  | 'settled';

/** Columns the outbox and the inbox share: one message as its sender or its receiver sees it. */
interface ExchangeMessageColumns {
  id: string;
  idempotency_key: string;
  kind: ExchangeKind;
  event: string | null;
  case_id: string;
  from_side: 'residence' | 'origin';
  person_id: string | null;
  /** Our side of the exchange: the sender's division in the outbox, the receiver's in the inbox. */
  division_code: string;
  from_division: string;
  to_division: string;
  urgent: ColumnType<boolean, boolean | undefined, boolean>;
  needs_reply: ColumnType<boolean, boolean | undefined, boolean>;
  due_on: string | null;
  in_reply_to: string | null;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  reply_id: string | null;
  replied_at: Date | null;
}

export interface ExchangeOutboxTable extends ExchangeMessageColumns {
  /** Decided when dispatched: 'local' when this deployment serves the receiver, else 'nats'. */
  transport: ExchangeTransport | null;
  status: ColumnType<
    'pending' | 'sent' | 'delivered' | 'rejected',
    'pending' | undefined,
    'pending' | 'sent' | 'delivered' | 'rejected'
  >;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
}

export interface ExchangeInboxTable extends ExchangeMessageColumns {
  transport: ExchangeTransport;
  /** Sender key id for messages from another deployment. */
  peer: string | null;
  /** What applying it did, e.g. 'paired', 'not_found', 'answered', 'recorded'. */
  outcome: string;
  /** When the sender committed it (the sender's clock). */
  sent_at: Date | string;
  applied_at: Timestamp;
}

export interface ExchangeCaseTable {
  id: string;
  side: 'residence' | 'origin';
  person_id: string | null;
  division_code: string;
  counterpart_division: string;
  state: ExchangeCaseState;
  paired_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeDeadLetterTable {
  id: Generated<string>;
  source: ExchangeTransport;
  subject: string | null;
  peer: string | null;
  message_id: string | null;
  division_code: string | null;
  reason_code: string;
  reason: JSONColumnType<{ zh: string; en: string }, string, string>;
  /** The message as received, AES-GCM encrypted (it may hold an ID number). */
  raw_enc: string;
  headers: JSONColumnType<Record<string, string>, string, string>;
  status: ColumnType<'open' | 'retried', 'open' | undefined, 'open' | 'retried'>;
  retries: Generated<number>;
  received_at: Timestamp;
  retried_at: Date | null;
}

/** Per person, only the facts statistics need (issue 6); kept current by triggers, see migration T09. */
export interface StatPersonTable {
  person_id: string;
  hukou_division: string;
  residence_division: string;
  sex: 'M' | 'F';
  birth_year: number;
  married: boolean;
  spouse_birth_year: number | null;
  departed: boolean;
  arrived_month: string | null;
  has_certificate: boolean;
  certificate_expires_on: string | null;
  verified: boolean;
  contraception: boolean;
  checkup_year: number | null;
}

/** Counts per measure, division (every ancestor level), period ('' = now, or 'YYYY-MM'), sex, birth year, detail. */
export interface StatRollupTable {
  measure: string;
  division_code: string;
  period: string;
  sex: string;
  birth_year: number;
  detail: string;
  value: ColumnType<string, string | number, string | number>;
}

/** Month-end person counts (migration T19): the point cells of stat_rollup, per month 'YYYY-MM'. */
export interface StatSnapshotTable {
  measure: string;
  division_code: string;
  month: string;
  sex: string;
  birth_year: number;
  detail: string;
  value: ColumnType<string, string | number, string | number>;
}

/** Responsibility targets per unit and year, e.g. 办证率 ≥ 95. */
export interface StatTargetTable {
  division_code: string;
  year: number;
  indicator: string;
  comparator: '>=' | '<=';
  value: ColumnType<string, string | number, string | number>;
  set_by: string | null;
  updated_at: Timestamp;
}

/** Staff assessment scores as in report 4 (discipline 40%, work 60%). */
export interface StaffAssessmentTable {
  id: Generated<string>;
  division_code: string;
  year: number;
  staff_name: string;
  user_id: string | null;
  discipline_score: ColumnType<string, string | number, string | number>;
  work_score: ColumnType<string, string | number, string | number>;
  notes: string | null;
  entered_by: string | null;
  updated_at: Timestamp;
}
