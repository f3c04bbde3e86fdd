import { ageOn } from '../../core/id-number.ts';
import { type ChildbearingAgeRule, flowDirection, isChildbearingAge, type MaritalStatus } from '../../core/person.ts';
import type { PiiCipher } from '../../security/pii.ts';
import type { DivisionRef } from '../divisions/index.ts';
import { decryptPhone } from './persons.columns.ts';
import type { PersonRow } from './persons.repository.ts';

export interface ViewContext {
  jurisdiction: string;
  pii: PiiCipher;
  divisions: Map<string, DivisionRef>;
  childbearing: ChildbearingAgeRule;
  today: string;
}

function ref(ctx: ViewContext, code: string): DivisionRef {
  return ctx.divisions.get(code) ?? { code, name: code, fullName: code, level: 0 };
}

export function personSummary(row: PersonRow, ctx: ViewContext) {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: row.id_masked,
    sex: row.sex,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, ctx.today),
    flow: flowDirection(row.hukou_division, row.residence_division, ctx.jurisdiction),
    maritalStatus: row.marital_status as MaritalStatus,
    hukouDivision: ref(ctx, row.hukou_division),
    residenceDivision: ref(ctx, row.residence_division),
    arrivedOn: row.arrived_on,
    childbearingAge: isChildbearingAge(
      {
        sex: row.sex,
        birthDate: row.birth_date,
        maritalStatus: row.marital_status as MaritalStatus,
        spouseBirthDate: row.spouse_birth_date,
      },
      ctx.today,
      ctx.childbearing,
    ),
  };
}

export function personDetail(row: PersonRow, ctx: ViewContext) {
  return {
    ...personSummary(row, ctx),
    residenceAddress: row.residence_address,
    departedOn: row.departed_on,
    spouseId: row.spouse_id,
    spouseName: row.spouse_name,
    spouseIdNumberMasked: row.spouse_id_masked,
    children: row.children,
    phone: decryptPhone(ctx.pii, row.phone),
    employer: row.employer,
    landlord: row.landlord,
    housingType: row.housing_type,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
