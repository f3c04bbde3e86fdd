/**
 * The one rule for text people type (API and import alike): text that looks the same must be the same string.
 * `测\u200b试人` looks like `测试人` but matched none of its possible duplicates, so invisible characters are
 * refused, and compatibility forms (full-width letters and digits, Kangxi radicals, the ideographic space) are
 * folded by NFKC. NFKC leaves the unified CJK ideographs of names alone (〇, 𠀀, 𪚥 and the like).
 */
import type { LocalizedText } from './errors.ts';

/** Single-line fields (names, addresses, numbers) or multi-line ones (complaint text, notes). */
export type TextKind = 'line' | 'lines';

/**
 * Never visible in any field: controls (C0 and C1, DEL), format characters (zero-width space and joiners,
 * bidi marks and overrides, BOM, soft hyphen), line/paragraph separators, lone surrogates, the combining
 * grapheme joiner and the Hangul fillers that render as blanks. TAB, CR and LF are judged per kind below.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0]|\u034F/u;
// A zero-width joiner between two pictographs is visible: it draws one emoji (👨‍👩‍👧) instead of three.
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;

export const TEXT_PROBLEMS = {
  line: {
    zh: '含有换行、制表符或不可见字符（如零宽空格、方向控制符），请删除后重新输入',
    en: 'contains a line break, tab or invisible character (such as a zero-width space or direction mark); remove it',
  },
  lines: {
    zh: '含有不可见字符（如零宽空格、方向控制符、制表符），请删除后重新输入',
    en: 'contains an invisible character (such as a zero-width space, direction mark or tab); remove it',
  },
} satisfies Record<TextKind, LocalizedText>;

/**
 * Single lines get NFKC (full-width ＡＢ１ → AB1, ⼈ → 人); prose gets only NFC, since NFKC would turn a list
 * numbered ①②③ into 123 and ㎡ into m2. Line endings in prose become LF. Both are trimmed.
 */
export function normaliseText(text: string, kind: TextKind): string {
  if (kind === 'line') return text.normalize('NFKC').trim();
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Whether normalised text holds a character that may not stand in a field of this kind. */
export function hasInvisible(text: string, kind: TextKind): boolean {
  const visible = text.replace(EMOJI_JOINER, '');
  if (kind === 'line') return INVISIBLE.test(visible);
  return INVISIBLE.test(visible.replaceAll('\n', ''));
}

/** Whether a raw value holds a character no field of any kind accepts (TAB, CR and LF are left to the field). */
export function hasForbiddenAnywhere(text: string): boolean {
  return hasInvisible(text.replace(/[\t\r\n]/g, ''), 'line');
}

export type CleanText = { ok: true; value: string } | { ok: false; problem: LocalizedText };

/** Normalises, then refuses what is still invisible: the rule the API schemas and the importer share. */
export function cleanText(raw: string, kind: TextKind): CleanText {
  const value = normaliseText(raw, kind);
  if (hasInvisible(value, kind)) return { ok: false, problem: TEXT_PROBLEMS[kind] };
  return { ok: true, value };
}
