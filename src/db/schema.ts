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
  failed_logins: Generated<number>;
  locked_until: Date | null;
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
  message: JSONColumnType<{ zh: string; en: string }, string, string> | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ImportErrorTable {
  job_id: string;
  row_number: number;
  division_code: string;
  issues: JSONColumnType<{ column: string; zh: string; en: string }[], string, string>;
  /** AES-GCM ciphertext of the row's original cells (JSON), which include ID numbers. */
  cells_enc: string;
}

export interface Database {
  division: DivisionTable;
  app_user: UserTable;
  session: SessionTable;
  person: PersonTable;
  person_history: PersonHistoryTable;
  person_episode: PersonEpisodeTable;
  audit_log: AuditLogTable;
  audit_seal: AuditSealTable;
  import_job: ImportJobTable;
  import_error: ImportErrorTable;
  break_glass_grant: BreakGlassGrantTable;
  signing_key: SigningKeyTable;
  certificate: CertificateTable;
  certificate_event: CertificateEventTable;
  certificate_check: CertificateCheckTable;
  misuse_incident: MisuseIncidentTable;
  dept_api_key: DeptApiKeyTable;
  service_record: ServiceRecordTable;
  stat_person: StatPersonTable;
  stat_rollup: StatRollupTable;
  stat_target: StatTargetTable;
  staff_assessment: StaffAssessmentTable;
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
