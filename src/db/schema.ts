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
  exchange_identity: ExchangeIdentityTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_inbox: ExchangeInboxTable;
  exchange_case: ExchangeCaseTable;
  exchange_dead_letter: ExchangeDeadLetterTable;
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

/** This deployment's Ed25519 exchange key (issue 5); the private key is AES-GCM encrypted like ID numbers. */
export interface ExchangeIdentityTable {
  kid: string;
  public_key: string;
  private_key_enc: string;
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
