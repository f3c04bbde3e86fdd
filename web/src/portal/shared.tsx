/** Pieces the portal's pages share. */

export interface PortalMe {
  consent: { terms: boolean; health: boolean; reminders?: boolean };
  person?: {
    name: string;
    idNumberMasked: string;
    sex: 'M' | 'F';
    birthDate: string;
    hukouDivision: string;
    residenceDivision: string;
    residenceAddress: string | null;
    arrivedOn: string | null;
    maritalStatus: string;
    children: { name: string; sex: string; birthDate: string }[];
    phoneMasked: string | null;
    employer: string | null;
  };
  contactChanges?: { id: string; status: string; phoneMasked: string | null; residenceAddress: string | null }[];
}

export const PORTAL_ME = ['portal', 'me'] as const;
