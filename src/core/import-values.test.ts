import { describe, expect, it } from 'vitest';
import { fieldForHeader, readHeader } from './import-columns.ts';
import {
  cellText,
  formatChildren,
  idNumberCell,
  parseChildren,
  parseLooseDate,
  parseMarital,
} from './import-values.ts';

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

describe('parseChildren', () => {
  it('reads children separated by semicolons, each with name, sex and a loose date', () => {
    expect(parseChildren('张三 男 2015-03-02;李四 女 2018.6.1')).toEqual({
      ok: true,
      value: [
        { name: '张三', sex: 'M', birthDate: '2015-03-02' },
        { name: '李四', sex: 'F', birthDate: '2018-06-01' },
      ],
    });
  });

  it.each([
    ['张三（男，2015.3.2）', { name: '张三', sex: 'M', birthDate: '2015-03-02' }],
    ['张三男20150302', { name: '张三', sex: 'M', birthDate: '2015-03-02' }],
    ['2015年3月2日 女儿 王小红', { name: '王小红', sex: 'F', birthDate: '2015-03-02' }],
    ['Ｌｉ　Ｍ　２０１５／３／２', { name: 'Li', sex: 'M', birthDate: '2015-03-02' }],
  ])('reads %s', (input, child) => {
    expect(parseChildren(input)).toEqual({ ok: true, value: [child] });
  });

  it('reads 无 as no children and an empty cell as not given', () => {
    expect(parseChildren('无')).toEqual({ ok: true, value: [] });
    expect(parseChildren('')).toEqual({ ok: true, value: null });
  });

  it('names the child that lacks a sex', () => {
    const parsed = parseChildren('张三 男 2015-03-02；李四 2018.6.1');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.zh).toBe('第2个子女“李四 2018.6.1”缺少性别（男或女）');
  });

  it('refuses a child without a real birth date', () => {
    expect(parseChildren('张三 男 2015-02-30').ok).toBe(false);
  });

  it('writes children back in a form it reads', () => {
    const value = [
      { name: '张三', sex: 'M' as const, birthDate: '2015-03-02' },
      { name: '李四', sex: 'F' as const, birthDate: '2018-06-01' },
    ];
    expect(parseChildren(formatChildren(value))).toEqual({ ok: true, value });
  });
});
