/** Realistic, deterministic demo people: names, ID numbers, families, arrivals. */

import type { SeededRandom } from './demo-random.ts';
import { checkCharacter } from './id-number.ts';
import type { MaritalStatus } from './person.ts';

/** The password of every demo account; the server warns at start while those accounts exist. */
export const DEMO_PASSWORD = 'Liudong-demo-2026';

/** A child as the person record stores it (db/schema/persons.ts ChildRecord). */
interface ChildRecord {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文斌海峰亮成';
const GIVEN_F = '芳娜敏静丽艳娟霞秀英慧莹雪琳洁玲婷倩颖梅兰凤红燕萍佳欣悦晶彤丹璐月露蓉';

export function chineseName(rng: SeededRandom, sex: 'M' | 'F'): string {
  const pool = sex === 'M' ? GIVEN_M : GIVEN_F;
  const given = rng.chance(0.7) ? rng.pick([...pool]) + rng.pick([...pool]) : rng.pick([...pool]);
  return rng.pick([...SURNAMES]) + given;
}

function pad(n: number, len: number): string {
  return String(n).padStart(len, '0');
}

export function isoFromDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function birthDateForAge(rng: SeededRandom, age: number, today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - age, today.getUTCMonth(), today.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - rng.int(1, 364));
  return isoFromDate(d);
}

/** A valid 18-digit number; `used` keeps them unique within one run. */
export function makeIdNumber(
  rng: SeededRandom,
  county6: string,
  birthDate: string,
  sex: 'M' | 'F',
  used: Set<string>,
): string {
  for (;;) {
    let seq = rng.int(0, 999);
    if ((seq % 2 === 1) !== (sex === 'M')) seq = (seq + 1) % 1000;
    const first17 = county6 + birthDate.replaceAll('-', '') + pad(seq, 3);
    const id = first17 + checkCharacter(first17);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

export function adultAge(rng: SeededRandom): number {
  return rng.weighted([
    [rng.int(16, 19), 6],
    [rng.int(20, 29), 34],
    [rng.int(30, 39), 30],
    [rng.int(40, 49), 18],
    [rng.int(50, 62), 12],
  ]);
}

export function maritalFor(rng: SeededRandom, age: number): MaritalStatus {
  if (age < 22) return rng.chance(0.9) ? 'unmarried' : 'first_marriage';
  if (age < 30)
    return rng.weighted([
      ['unmarried', 40],
      ['first_marriage', 56],
      ['divorced', 3],
      ['remarried', 1],
    ]);
  return rng.weighted([
    ['unmarried', 8],
    ['first_marriage', 78],
    ['remarried', 5],
    ['divorced', 6],
    ['widowed', 3],
  ]);
}

export function childrenFor(rng: SeededRandom, motherAge: number, today: Date): ChildRecord[] {
  if (motherAge < 21) return [];
  const count = rng.weighted([
    [0, 18],
    [1, 45],
    [2, 32],
    [3, 5],
  ]);
  const out: ChildRecord[] = [];
  for (let i = 0; i < count; i++) {
    const maxChildAge = Math.max(0, motherAge - 20);
    const age = rng.int(0, Math.min(maxChildAge, 25));
    const sex = rng.chance(0.51) ? 'M' : 'F';
    out.push({ name: chineseName(rng, sex), sex, birthDate: birthDateForAge(rng, age, today) });
  }
  return out.sort((a, b) => a.birthDate.localeCompare(b.birthDate));
}

export function phoneNumber(rng: SeededRandom): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${pad(rng.int(0, 999_999_999), 9)}`;
}

export const EMPLOYERS = [
  '宁波江北某某模具有限公司',
  '宁波甬江电器有限公司',
  '江北区某某建筑工程公司（工地）',
  '宁波北站物流园',
  '宁波某某服装厂',
  '江北万达广场某餐饮店',
  '宁波某某汽车零部件有限公司',
  '个体经营',
  '宁波某某快递网点',
  '宁波某某电子科技有限公司',
];

export const STREETS = [
  '人民路',
  '大庆南路',
  '康庄南路',
  '北环东路',
  '槐树路',
  '育才路',
  '庆丰路',
  '丽江西路',
  '宝庆路',
  '环城北路',
];
