/**
 * Division names as sheets write them (issue 20): the official name (梅堰社区, 威宁彝族回族苗族自治县) and
 * the short forms people type (梅堰, 威宁, 威宁县, 路林村 for 路林村委会). Pure: no I/O.
 */

/** The 55 recognised minorities, longest first, for names like 威宁彝族回族苗族自治县. */
const ETHNIC = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '哈萨克',
  '达斡尔',
  '俄罗斯',
  '鄂温克',
  '塔吉克',
  '塔塔尔',
  '鄂伦春',
  '蒙古',
  '布依',
  '朝鲜',
  '土家',
  '哈尼',
  '傈僳',
  '高山',
  '拉祜',
  '东乡',
  '纳西',
  '景颇',
  '仫佬',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '德昂',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '白',
  '黎',
  '佤',
  '畲',
  '水',
  '羌',
  '土',
  '怒',
  '京',
  '傣',
];

/** 威宁彝族回族苗族 → 威宁: drops trailing "X族" groups. */
function withoutEthnic(text: string): string {
  let rest = text;
  for (;;) {
    if (!rest.endsWith('族')) return rest;
    const body = rest.slice(0, -1);
    const group = ETHNIC.find((e) => body.endsWith(e) && body.length > e.length);
    if (!group) return rest;
    rest = body.slice(0, -group.length);
  }
}

/** Suffix → what else the same place is written as (core = the name without the suffix). */
const SUFFIX_FORMS: readonly [string, (core: string) => string[]][] = [
  ['街道办事处', (c) => [c, `${c}街道`]],
  ['村民委员会', (c) => [c, `${c}村`]],
  ['居民委员会', (c) => [c, `${c}社区`]],
  ['村委会', (c) => [c, `${c}村`]],
  ['居委会', (c) => [c, `${c}社区`]],
  ['社区', (c) => [c]],
  ['街道', (c) => [c]],
  ['地区', (c) => [c]],
];
const SINGLE_SUFFIX = /[省市区县旗镇乡村盟州]$/;
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** The short forms of a division's name (not the name itself), each of two or more characters. */
export function shortForms(name: string): string[] {
  if (PLACEHOLDERS.has(name)) return [];
  const out: string[] = [];
  const autonomous = /自治([区州县旗])$/.exec(name);
  if (autonomous) {
    const core = withoutEthnic(name.slice(0, -3));
    const kind = autonomous[1] as string;
    out.push(core);
    if (kind !== '区') out.push(`${core}${kind}`);
  } else {
    const pair = SUFFIX_FORMS.find(([suffix]) => name.endsWith(suffix));
    if (pair) out.push(...pair[1](name.slice(0, -pair[0].length)));
    else if (SINGLE_SUFFIX.test(name)) out.push(name.slice(0, -1));
  }
  return [...new Set(out)].filter((s) => s.length >= 2 && s !== name);
}

/** The level a written suffix names: 社区 a village (5), 街道 a township (4) … */
const SUFFIX_LEVEL: readonly [RegExp, number][] = [
  [/(社区|居委会|村委会|村)$/, 5],
  [/(街道|镇|乡)$/, 4],
  [/[区县旗]$/, 3],
  [/市$/, 2],
  [/省$/, 1],
];

/** Words that end like a division but name a housing estate or a site. */
const NOT_A_DIVISION = /(小区|园区|厂区|校区|景区|新村)$/;

/**
 * The first words of an unresolved remainder when they look like a division (梅岩社区某某路20号 → 梅岩社区,
 * level 5), else null (某某路12号). A road or house number before the suffix makes it an address.
 */
export function divisionLikeSegment(rest: string): { segment: string; level: number } | null {
  const match = /^([\u4e00-\u9fff]{1,10}?)(社区|居委会|村委会|街道|镇|乡|村|县|区|旗|市|省)/.exec(rest);
  if (!match) return null;
  const segment = match[0];
  if (NOT_A_DIVISION.test(segment) || /[路街巷弄道号幢栋楼室]/.test(match[1] as string)) return null;
  const level = SUFFIX_LEVEL.find(([re]) => re.test(segment))?.[1];
  return level === undefined ? null : { segment, level };
}

/** The name without its level suffix, for comparing a misspelling with candidates. */
export function nameCore(name: string): string {
  const short = shortForms(name);
  return short.length > 0 ? (short[0] as string) : name;
}

/** Shared characters of two names' cores over the longer core: 梅岩社区 ~ 梅堰社区 = 0.5. */
export function nameSimilarity(a: string, b: string): number {
  const x = [...nameCore(a)];
  const y = [...nameCore(b)];
  const pool = [...y];
  let common = 0;
  for (const ch of x) {
    const at = pool.indexOf(ch);
    if (at >= 0) {
      common++;
      pool.splice(at, 1);
    }
  }
  return common / Math.max(x.length, y.length, 1);
}

/**
 * A short form is not the division when these follow it: a road or an estate (湾头路 is a road, not 湾头社区),
 * or another level's suffix (城关镇 is not 城关区).
 */
export const NOT_AFTER_SHORT =
  /^(路|街|巷|弄|道|号|里|胡同|大道|小区|花园|大厦|广场|新村|公寓|苑|省|市|区|县|旗|镇|乡|村|社区|盟|州|居委会|村委会)/;
