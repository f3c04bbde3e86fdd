/**
 * ID-number comparison for duplicate finding. The check character catches one wrong digit and a swap of
 * neighbours, so numbers of the same person that both passed it differ in two or more places, or in the
 * birth-date part, or one is a legacy 15-digit number. Plain text only: callers decrypt before comparing.
 */
import { checkCharacter, normalizeIdInput } from '../id-number.ts';

/** An 18-character number, a 15-digit one converted (19 + check character added), or null when neither. */
export function toId18(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const id = normalizeIdInput(raw);
  if (/^\d{15}$/.test(id)) {
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    return first17 + checkCharacter(first17);
  }
  return /^\d{17}[\dX]$/.test(id) ? id : null;
}

/**
 * Edit distance of two equal-length numbers: differing places, with a swap of neighbours counted once
 * (optimal string alignment restricted to substitutions and transpositions, since the length is fixed).
 */
export function idEditDistance(a: string, b: string): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i]) i++;
    d++;
  }
  return d;
}

export type IdLevel = 'same' | 'near' | 'birthPart' | 'differ' | 'missing';

/** The 6-digit area part, the 8-digit birth-date part and the 3-digit sequence of an 18-character number. */
export const idParts = (id: string) => ({ area: id.slice(0, 6), birth: id.slice(6, 14), seq: id.slice(14, 17) });

/**
 * How two numbers agree: the same (after 15→18), within two edits, the same except the birth-date part (a wrong
 * date typed into the number: area and sequence kept), or not.
 */
export function compareIds(a: string | null, b: string | null): IdLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'same';
  if (idEditDistance(a, b) <= 2) return 'near';
  const pa = idParts(a);
  const pb = idParts(b);
  if (pa.area === pb.area && pa.seq === pb.seq) return 'birthPart';
  return 'differ';
}
