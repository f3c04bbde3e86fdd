import { describe, expect, it } from 'vitest';
import { fieldForHeader, readHeader } from './import-columns.ts';
import { cellText, idNumberCell, parseLooseDate, parseMarital } from './import-values.ts';

describe('parseLooseDate', () => {
  it.each([
    ['2023.5.6', '2023-05-06'],
    ['2023/05/06', '2023-05-06'],
    ['20230506', '2023-05-06'],
    ['2023年5月6日', '2023-05-06'],
    ['２０２３－０５－０６', '2023-05-06'],
    [45052, '2023-05-06'],
    [20230506, '2023-05-06'],
  ])('reads %s', (input, expected) => {
    expect(parseLooseDate(input)).toEqual({ ok: true, value: expected });
  });

  it('refuses a day that does not exist', () => {
    expect(parseLooseDate('2023.2.30').ok).toBe(false);
  });
});

describe('cells', () => {
  it('turns full-width digits and the ideographic space into plain text', () => {
    expect(cellText('\u3000１３８００００１１１１ ')).toBe('13800001111');
  });

  it('says plainly that an ID number stored as a number lost digits', () => {
    const parsed = idNumberCell(Number('341221199001011231'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.zh).toContain('存成了数字');
  });

  it('reads 已婚 as a first marriage', () => {
    expect(parseMarital('已婚')).toEqual({ ok: true, value: 'first_marriage' });
  });
});

describe('headers', () => {
  it('recognises decorated headers such as 姓名* and 出生日期（yyyy-mm-dd）', () => {
    expect(fieldForHeader('姓名*')).toBe('name');
    expect(fieldForHeader(' 出生日期（yyyy-mm-dd）')).toBe('birthDate');
  });

  it('does not take a merged title row for the header', () => {
    expect(readHeader(['2026年流动人口登记表', null, null])).toBeNull();
  });
});
