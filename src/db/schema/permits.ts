/** Migration 2026-12-09T18: residence-permit registrations from partner departments (issue 26 part 6), staff training. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export type ResidencePermitStatus = 'pending' | 'confirmed' | 'not_found';

/** A 居住证 registration as public security sent it; it waits for a staff confirmation before any person changes. */
export interface ResidencePermitTable {
  id: Generated<string>;
  dept_key_id: string;
  department: string;
  permit_number: string | null;
  id_number_enc: string;
  id_hash: string;
  id_masked: string;
  name: string;
  address: string;
  registered_on: string;
  /** The village the address resolved to, or the key's own area when it did not (address_resolved false). */
  division_code: string;
  address_resolved: boolean;
  status: ColumnType<ResidencePermitStatus, ResidencePermitStatus | undefined, ResidencePermitStatus>;
  person_id: string | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Timestamp;
}

/** A training session for staff (issue 26 part 7), counted in the annual summary. */
export interface StaffTrainingTable {
  id: Generated<string>;
  division_code: string;
  title: string;
  topic: string;
  held_on: string;
  /** numeric(5,1): read as text, written as a number. */
  hours: ColumnType<string, number, number>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface StaffTrainingAttendeeTable {
  training_id: string;
  user_id: string;
  division_code: string;
}

export interface PermitsTables {
  residence_permit: ResidencePermitTable;
  staff_training: StaffTrainingTable;
  staff_training_attendee: StaffTrainingAttendeeTable;
}
