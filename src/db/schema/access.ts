/** Divisions, staff accounts, sessions, the audit trail and the data-key ring. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Role } from '../../core/roles.ts';
import type { Timestamp } from './columns.ts';

export interface DivisionTable {
  code: string;
  parent_code: string | null;
  name: string;
  full_name: string;
  level: number;
  initials: string;
  has_children: Generated<boolean>;
}

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
  /** Set by an administrator; sign-in is refused until one unlocks (migration 2026-12-08T03). */
  locked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
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

export interface AccessTables {
  division: DivisionTable;
  app_user: UserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  audit_seal: AuditSealTable;
  break_glass_grant: BreakGlassGrantTable;
  data_key: DataKeyTable;
}
