/** Types and small helpers for the community screens. */
import { ApiError } from '../api';
import { errorLine } from '../components/errorText';
import { formatDate } from '../format';

export interface Member {
  personId: string;
  name: string;
  relation: string;
  sex: 'M' | 'F';
  idNumberMasked: string;
}
export interface Household {
  id: string;
  divisionCode: string;
  address: string;
  groupId: string | null;
  position: number | null;
  representativeId: string | null;
  landlordId: string | null;
  version: number;
  members: Member[];
  absences: { id: string; fromMonth: string; toMonth: string; reason: string | null }[];
}
export interface GroupSummary {
  id: string;
  divisionCode: string;
  divisionName: string;
  name: string;
  leaderHouseholdId: string | null;
  leaderAddress: string | null;
  households: number;
  rosterUntil: string | null;
  version: number;
}
export interface GroupDetail {
  group: {
    id: string;
    divisionCode: string;
    divisionName: string;
    name: string;
    leaderHouseholdId: string | null;
    version: number;
  };
  households: Household[];
  representatives: { id: string; name: string; phone: string | null }[];
  roster: { month: string; householdId: string | null; skipped: string[] }[];
  rules: string[];
}
export interface Visit {
  id: string;
  personId: string | null;
  personName: string | null;
  personIdMasked: string | null;
  householdId: string | null;
  householdAddress: string | null;
  representativeName: string | null;
  visitedOn: string;
  purpose: string;
  outcome: string;
  notes: string | null;
  recordedBy: string | null;
}
export interface DueItem {
  kind: 'arrival_check' | 'first_checkup' | 'periodic_checkup' | 'certificate_expiry';
  dueOn: string;
  status: 'due' | 'overdue' | 'done';
}
export interface Party {
  id: string;
  kind: 'employer' | 'landlord' | 'property_manager';
  divisionCode: string;
  name: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  industry: string | null;
  notes: string | null;
  version: number;
  residents?: number;
  agreements?: string[];
}
export interface OutreachEvent {
  id: string;
  divisionCode: string;
  kind: string;
  title: string;
  place: string;
  heldOn: string;
  materialsCount: number;
  materials: string | null;
  attendance: number;
  servicesCount: number;
  linkedServices: number;
  partyName: string | null;
}

/** Today in China time (the offices' calendar), whatever the browser's zone. */
export function todayIso(): string {
  return formatDate(new Date());
}

/** The API's message and each field issue, so a refusal says why. */
export function problem(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) return errorLine(error);
  return error instanceof Error ? error.message : String(error);
}
