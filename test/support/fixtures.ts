/** Test data built from the same rules the product uses. */
import { checkCharacter } from '../../src/core/id-number.ts';

let counter = 0;

/** A valid ID number, unique within a test file, for an address code, birth date and sex. */
export function validIdNumber(county6 = '341221', birthDate = '1992-03-04', sex: 'M' | 'F' = 'F'): string {
  counter = (counter + 1) % 500;
  const seq = counter * 2 + (sex === 'M' ? 1 : 0);
  const first17 = `${county6}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export const VILLAGE = '330205005003'; // 梅堰社区, 甬江街道
export const ORIGIN_COUNTY = '341221000000'; // 安徽省阜阳市临泉县

export function personInput(overrides: Record<string, unknown> = {}) {
  return {
    idNumber: validIdNumber(),
    name: '测试人',
    hukouDivision: ORIGIN_COUNTY,
    residenceDivision: VILLAGE,
    maritalStatus: 'first_marriage',
    arrivedOn: '2026-10-01',
    phone: '13800001111',
    ...overrides,
  };
}
