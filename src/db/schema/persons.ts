/** Persons, their history and residence episodes, and import jobs. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

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

/** A confirmed column mapping per division and header set (migration 2026-12-07T13). */
export interface ImportMappingTable {
  division_code: string;
  header_hash: string;
  headers: JSONColumnType<string[], string, string>;
  /** Header text → field name, or null for a column not imported. */
  mapping: JSONColumnType<Record<string, string | null>, string, string>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PersonsTables {
  person: PersonTable;
  person_history: PersonHistoryTable;
  person_episode: PersonEpisodeTable;
  import_job: ImportJobTable;
  import_error: ImportErrorTable;
  import_mapping: ImportMappingTable;
}
