/** The residence-permit work list's answers (GET /api/residence-permits). */
export type PermitStatus = 'pending' | 'confirmed' | 'not_found';

interface DivisionRef {
  code: string;
  name: string;
  fullName: string;
  level: number;
}

export interface Permit {
  id: string;
  department: string;
  permitNumber: string | null;
  name: string;
  idNumberMasked: string;
  address: string;
  registeredOn: string;
  division: DivisionRef | null;
  addressResolved: boolean;
  status: PermitStatus;
  reason: string | null;
  personId: string | null;
  decidedAt: string | null;
  createdAt: string;
  match: { id: string; name: string; version: number; residenceDivision: DivisionRef | null } | null;
}

export interface PermitPage {
  items: Permit[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<PermitStatus, number>;
  note: { zh: string; en: string };
}

export const PERMITS_KEY = ['residence-permits'] as const;
