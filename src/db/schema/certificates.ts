/** Certificates, their signing keys and checks, and department API keys. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

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
  /** Migration 2026-12-08T03. */
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Migration 2026-12-09T18: what the key may do (DEPT_SCOPES in src/core/dept-scopes.ts). */
  scopes: ColumnType<string[], string[] | undefined, string[]>;
}

export interface CertificatesTables {
  signing_key: SigningKeyTable;
  certificate: CertificateTable;
  certificate_event: CertificateEventTable;
  certificate_check: CertificateCheckTable;
  misuse_incident: MisuseIncidentTable;
  dept_api_key: DeptApiKeyTable;
}
