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
  /** A tombstone: merged into this survivor (issue 24); it leaves lists and statistics, its id resolves there. */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  merged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  merged_by: ColumnType<string | null, string | null | undefined, string | null>;
  merge_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The trail of one merge, which an unmerge restores from (persons.merge.ts). */
export interface PersonMergeTable {
  id: Generated<string>;
  survivor_id: string;
  merged_id: string;
  /** The survivor's residence at the merge, for scope. */
  division_code: string;
  reason: string;
  field_choices: JSONColumnType<Record<string, 'survivor' | 'merged'>, string, string>;
  /** The merge fields' columns of each record before the merge (ciphertexts as stored). */
  survivor_before: JSONColumnType<Record<string, unknown>, string, string>;
  merged_before: JSONColumnType<Record<string, unknown>, string, string>;
  survivor_version_before: number;
  survivor_version_after: number;
  merged_version_before: number;
  merged_version_after: number;
  /** Table (or table.column) → keys of the rows moved from the merged record to the survivor. */
  moved: JSONColumnType<Record<string, string[]>, string, string>;
  actor_id: string | null;
  at: Timestamp;
  undone_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PersonHistoryTable {
  id: Generated<string>;
  person_id: string;
  /** Kept for Citus-style distribution by province. */
  division_code: string;
  version: number;
  /** 'certificate': a certificate was issued, replaced or revoked (the person row itself is unchanged). */
  kind: 'create' | 'update' | 'move' | 'certificate' | 'merge' | 'unmerge';
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
  person_merge: PersonMergeTable;
  import_job: ImportJobTable;
  import_error: ImportErrorTable;
  import_mapping: ImportMappingTable;
}
