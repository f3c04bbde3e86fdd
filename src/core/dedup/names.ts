/**
 * Name comparison for duplicate finding: the same characters after 繁→简, the same pinyin (homophones 峰/丰),
 * a common form confusion (形近字, table below), surname and given name swapped (two-character surnames
 * included), a near pinyin (dialect confusions z/zh, n/ng, l/n), or one character different.
 */
import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

let converter: ((text: string) => string) | null = null;
/** 繁 → 简; the dictionaries load on first use, not when the module is imported. */
function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return converter(text);
}

/**
 * Characters registrars mistake for one another when copying handwriting or a blurred card (形近字). Each group
 * is one equivalence class. Homophones need no entry: pinyin catches them. Chosen from common lists of
 * confusable characters, restricted to characters that occur in names; not fitted to any test data.
 */
export const FORM_CONFUSIONS: readonly string[] = [
  '己已巳',
  '王玉壬',
  '未末',
  '土士',
  '日曰',
  '人入',
  '干千于',
  '大太犬',
  '天夭',
  '刁习',
  '候侯',
  '贝见',
  '折析',
  '栗粟',
  '嬴赢',
  '微徽',
  '晴睛',
  '辩辨辫',
  '戊戌戍',
  '汩汨',
  '茶荼',
  '免兔',
  '鸟乌',
  '今令',
  '白自',
  '住往',
  '治冶',
  '浩皓',
  '姗珊',
  '娟涓',
  '凤风',
  '红虹',
  '怡恰',
  '婷停',
  '苗笛',
  '彬杉',
  '斌赋',
  '媛缓',
  '倩情',
  '琪棋',
];

const FORM_CLASS = new Map<string, string>();
for (const group of FORM_CONFUSIONS) for (const ch of group) FORM_CLASS.set(ch, group[0] as string);

/** Two-character surnames (复姓): the swap test must keep them whole. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '太叔',
  '申屠',
  '钟离',
  '闻人',
  '赫连',
  '万俟',
];

/** Syllable spellings merged by dialect speakers and careless listeners (平翘舌, 前后鼻音, l/n). */
function nearSyllable(s: string): string {
  return s
    .replace(/^([zcs])h/, '$1')
    .replace(/^l/, 'n')
    .replace(/ng$/, 'n');
}

export interface PreparedName {
  /** Simplified characters, spaces and dots removed. */
  chars: string;
  /** Toneless pinyin, one syllable per character, ü as u. */
  syllables: string[];
  /** The surname's length: 2 for a compound surname, else 1. */
  surnameLength: number;
}

export function prepareName(raw: string): PreparedName {
  const chars = toSimplified(raw).replace(/[\s·.•]/g, '');
  const syllables = pinyin(chars, { toneType: 'none', type: 'array', surname: 'head' }).map((s) =>
    s.toLowerCase().replace(/[üv]/g, 'u'),
  );
  const surnameLength = COMPOUND_SURNAMES.some((s) => chars.startsWith(s)) && chars.length > 2 ? 2 : 1;
  return { chars, syllables, surnameLength };
}

/** The name with given name first: 三张 for 张三, 修欧阳 for 欧阳修. */
export function swapped(n: PreparedName): { chars: string; syllables: string[] } {
  const k = n.surnameLength;
  return {
    chars: n.chars.slice(k) + n.chars.slice(0, k),
    syllables: [...n.syllables.slice(k), ...n.syllables.slice(0, k)],
  };
}

export type NameLevel = 'same' | 'pinyin' | 'form' | 'swapped' | 'nearPinyin' | 'oneChar' | 'differ' | 'missing';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const formKey = (chars: string) => [...chars].map((c) => FORM_CLASS.get(c) ?? c).join('');

export function compareNames(a: PreparedName | null, b: PreparedName | null): NameLevel {
  if (!a || !b || !a.chars || !b.chars) return 'missing';
  if (a.chars === b.chars) return 'same';
  if (sameList(a.syllables, b.syllables)) return 'pinyin';
  if (a.chars.length === b.chars.length && formKey(a.chars) === formKey(b.chars)) return 'form';
  const s = swapped(b);
  if (s.chars === a.chars || sameList(s.syllables, a.syllables) || swapped(a).chars === b.chars) return 'swapped';
  if (sameList(a.syllables.map(nearSyllable), b.syllables.map(nearSyllable))) return 'nearPinyin';
  if (a.chars.length === b.chars.length && a.chars.length > 2) {
    let diff = 0;
    for (let i = 0; i < a.chars.length; i++) if (a.chars[i] !== b.chars[i]) diff++;
    if (diff === 1) return 'oneChar';
  }
  return 'differ';
}

/** Pinyin initials of a name written given-name first (for the blocking key of a swapped name). */
export function swappedInitials(n: PreparedName): string {
  return swapped(n)
    .syllables.map((s) => s[0] ?? '')
    .join('');
}
