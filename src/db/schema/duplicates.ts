/** Duplicate candidates and the background pass's cursor (issue 24, migration 2026-12-09T10). */
import type { Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

export type DuplicateStatus = 'open' | 'not_duplicate' | 'referred' | 'merged';

/** One scored part as stored (src/core/dedup/score.ts ScorePart). */
export interface StoredScorePart {
  field: string;
  level: string;
  weight: number;
  label: { zh: string; en: string };
}

export interface DuplicatePairTable {
  id: Generated<string>;
  /** The smaller id of the two. */
  person_a: string;
  person_b: string;
  /** Both records' divisions, for scope: the pair belongs to every jurisdiction holding either record. */
  a_hukou: string;
  a_residence: string;
  b_hukou: string;
  b_residence: string;
  score: number;
  parts: JSONColumnType<StoredScorePart[], string, string>;
  status: Generated<DuplicateStatus>;
  /** The division of the user who referred it, and the record's division it was referred to. */
  referred_from: string | null;
  referred_to: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  found_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DuplicatePassTable {
  name: string;
  cursor_at: Timestamp | null;
  cursor_id: string | null;
  persons_done: Generated<string>;
  pairs_compared: Generated<string>;
  updated_at: Generated<Date>;
}

export interface DuplicatesTables {
  duplicate_pair: DuplicatePairTable;
  duplicate_pass: DuplicatePassTable;
}
