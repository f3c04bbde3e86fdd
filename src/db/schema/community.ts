/** Community work: representatives, employers and landlords, households, duty, visits and outreach. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

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

export type PartyKind = 'employer' | 'landlord' | 'property_manager';

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

export interface CommunityTables {
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
}
