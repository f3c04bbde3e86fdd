/** Statistics: person facts, rollups, month-end history, targets and assessments. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

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

export interface StatSubmissionTable {
  id: Generated<string>;
  division_code: string;
  parent_code: string;
  period_kind: 'month';
  period_key: string;
  version: number;
  status: 'submitted' | 'superseded';
  submitted_by: string | null;
  submitter_name: string;
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  reason: string | null;
  /** The frozen report table (FrozenReport in src/core/stats-submission.ts). */
  cells: JSONColumnType<object, string, string>;
  content_hash: string;
  /** The signing peer's key id for a submission received from another deployment; null for local ones. */
  origin: string | null;
  delivery: 'none' | 'pending' | 'sent' | 'local';
  delivery_attempts: Generated<number>;
  delivery_error: string | null;
  next_attempt_at: Generated<Date>;
  received_at: Date | null;
}

export interface StatsTables {
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
  /** Reports submitted to the level above, frozen (migration 2026-12-07T11); see stats.submission.ts. */
  stat_submission: StatSubmissionTable;
}
