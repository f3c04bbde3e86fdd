/** Reading a resident ID number (GB 11643) for a hint beside the field; the server stays the judge. */
import type { Sex } from '../types';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** Birth date and sex for a well-formed 18-character number with a correct check character, else null. */
export function describeIdNumber(raw: string): { birthDate: string; sex: Sex } | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || checkCharacter(id.slice(0, 17)) !== id[17]) return null;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { birthDate, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' };
}
