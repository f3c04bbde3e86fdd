import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../id-number.ts';
import { compareIds, idEditDistance, toId18 } from './id.ts';
import { compareNames, prepareName, swappedInitials } from './names.ts';
import { compareBirthDates, type MatchRecord, prepareRecord, scorePair, verdict } from './score.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

const id = (first17: string) => first17 + checkCharacter(first17);
const BASE = id('34122119900512301');
const name = (a: string, b: string) => compareNames(prepareName(a), prepareName(b));

const record = (over: Partial<MatchRecord> = {}): MatchRecord => ({
  idNumber: BASE,
  name: '张三丰',
  birthDate: '1990-05-12',
  sex: 'M',
  hukouDivision: '341221101002',
  ...over,
});
const score = (a: MatchRecord, b: MatchRecord) => scorePair(prepareRecord(a), prepareRecord(b));

describe('ID numbers', () => {
  it('converts a legacy 15-digit number to 18 digits with its check character', () => {
    expect(toId18('341221900512301')).toBe(BASE);
  });

  it('counts differing places, a swap of neighbours once', () => {
    expect(idEditDistance('341221199005123011', '341221199005123011')).toBe(0);
    expect(idEditDistance('341221199005123011', '341221199005213011')).toBe(1);
    expect(idEditDistance('341221199005123011', '341221199105123021')).toBe(2);
  });

  it('finds two numbers within two edits near', () => {
    expect(compareIds(BASE, id('34122119900512307'))).toBe('near');
  });

  it('finds a number with only the birth-date part changed', () => {
    expect(compareIds(BASE, id('34122119930812301'))).toBe('birthPart');
  });

  it('finds a number with another sequence different', () => {
    expect(compareIds(BASE, id('34122119900512789'))).toBe('differ');
  });

  it('finds the 15- and 18-digit forms the same', () => {
    expect(compareIds(toId18('341221900512301'), BASE)).toBe('same');
  });
});

describe('names', () => {
  it('matches homophones by pinyin', () => expect(name('张三丰', '张三峰')).toBe('pinyin'));
  it('matches traditional and simplified characters', () => expect(name('张三丰', '張三豐')).toBe('same'));
  it('matches a look-alike character from the table', () => expect(name('王小明', '玉小明')).toBe('form'));
  it('matches the surname and given name swapped', () => expect(name('张三丰', '三丰张')).toBe('swapped'));
  it('keeps a two-character surname whole when swapping', () => expect(name('欧阳修', '修欧阳')).toBe('swapped'));
  it('matches dialect pinyin (n/ng)', () => expect(name('李玲', '李琳')).toBe('nearPinyin'));
  it('tells one different character of three', () => expect(name('张大伟', '张小伟')).toBe('oneChar'));
  it('tells different names', () => expect(name('张伟', '张磊')).toBe('differ'));
  it('gives the initials of a swapped name', () => expect(swappedInitials(prepareName('张三丰'))).toBe('sfz'));
});

describe('birth dates', () => {
  it('matches the same date', () => expect(compareBirthDates('1990-05-12', '1990-05-12')).toBe('same'));
  it('matches day and month swapped', () => expect(compareBirthDates('1990-05-12', '1990-12-05')).toBe('swapped'));
  it('matches a date within a few days', () => expect(compareBirthDates('1990-05-30', '1990-06-02')).toBe('near'));
  it('matches one digit wrong', () => expect(compareBirthDates('1990-05-12', '1980-05-12')).toBe('near'));
  it('tells different dates', () => expect(compareBirthDates('1990-05-12', '1991-08-30')).toBe('differ'));
});

describe('the score', () => {
  it('returns its parts with Chinese and English labels', () => {
    const s = score(record(), record({ idNumber: id('34122119900512307'), name: '张三峰' }));
    expect(s.label.zh).toBe('身份证号仅差两位以内 · 拼音相同 · 户籍同一乡镇');
    expect(s.label.en).toContain('same pinyin');
    expect(s.score).toBe(s.parts.reduce((sum, p) => sum + p.weight, 0));
  });

  it('counts birth date and sex apart from the number only when the numbers differ', () => {
    const s = score(record(), record({ idNumber: id('34122119900512789') }));
    expect(s.parts.map((p) => p.field)).toEqual(['idNumber', 'name', 'birthDate', 'sex', 'hukou']);
  });

  it('adds a shared spouse, child and phone', () => {
    const family = {
      spouseIdNumber: id('34122119910203302'),
      spouseName: '李四',
      children: [{ name: '张小明', birthDate: '2015-01-01' }],
      phone: '13800001111',
    };
    const s = score(
      record(family),
      record({ ...family, idNumber: id('34122119900512789'), phone: '+86 138 0000 1111' }),
    );
    expect(s.parts.filter((p) => p.weight > 0).map((p) => p.field)).toEqual(
      expect.arrayContaining(['spouse', 'children', 'phone']),
    );
  });

  it('makes a duplicate with two typos a candidate and a twin not', () => {
    const dup = score(record(), record({ idNumber: id('34122119900512307') }));
    const twin = score(record(), record({ idNumber: id('34122119900512303'), name: '张三明' }));
    expect(verdict(dup.score, DEFAULT_THRESHOLDS)).not.toBe('none');
    expect(verdict(twin.score, DEFAULT_THRESHOLDS)).toBe('none');
  });

  it('does not make two people with the same name and birth date but other numbers a candidate', () => {
    const s = score(record(), record({ idNumber: id('34122119900512789') }));
    expect(verdict(s.score, DEFAULT_THRESHOLDS)).toBe('none');
  });
});
