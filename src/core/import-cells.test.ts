import { describe, expect, it } from 'vitest';
import { ID_AS_EXCEL_NUMBER, idCell, PHONE_AS_EXCEL_NUMBER, personName, phoneCell, sheetDate } from './import-cells.ts';

describe('idCell', () => {
  it.each([
    ['a numeric cell', Number('341221199001011231')],
    ['scientific text', '3.41221199001011E+17'],
    ['lower-case scientific text', '3.41221199001011e17'],
    ['18 digits ending in 000', '341221199001011000'],
  ])('refuses %s with the plain message', (_kind, value) => {
    expect(idCell(value)).toEqual({ ok: false, problem: ID_AS_EXCEL_NUMBER });
  });

  it.each([
    ['18 digits', '341221199001011231'],
    ['15 digits', '341221900101123'],
  ])('keeps %s as text', (_kind, value) => {
    expect(idCell(value)).toEqual({ ok: true, value });
  });
});

describe('phoneCell', () => {
  it('refuses scientific notation', () => {
    expect(phoneCell('1.38E+10')).toEqual({ ok: false, problem: PHONE_AS_EXCEL_NUMBER });
  });

  it('keeps a phone number stored as a whole number, without separators', () => {
    expect(phoneCell(13800001111)).toEqual({ ok: true, value: '13800001111' });
    expect(phoneCell('138-0000 1111')).toEqual({ ok: true, value: '13800001111' });
  });
});

describe('sheetDate', () => {
  const today = new Date('2026-12-07T00:00:00Z');
  it.each([
    ['2023年5月6日', '2023-05-06'],
    ['2023.5.6', '2023-05-06'],
    ['2023/5/6', '2023-05-06'],
    ['20230506', '2023-05-06'],
    ['23-5-6', '2023-05-06'],
    ['23.05.06', '2023-05-06'],
    ['85-3-4', '1985-03-04'],
    [45052, '2023-05-06'],
  ])('reads %s', (input, expected) => {
    expect(sheetDate(input, today)).toEqual({ ok: true, value: expected });
  });

  it('refuses a two-digit-year day that does not exist', () => {
    expect(sheetDate('23-2-30', today).ok).toBe(false);
  });
});

describe('personName', () => {
  it.each([
    ['张\u3000三', '张三'],
    ['张 三', '张三'],
    ['欧阳  小 明', '欧阳小明'],
    ['Li Ming', 'Li Ming'],
  ])('reads %s as %s', (input, expected) => {
    expect(personName(input.replace(/\u3000/g, ' '))).toBe(expected);
  });
});
