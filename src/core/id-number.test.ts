import { describe, expect, it } from 'vitest';
import { ageOn, checkCharacter, maskIdNumber, parseIdNumber } from './id-number.ts';

const TODAY = new Date('2026-11-29T00:00:00Z');

describe('parseIdNumber', () => {
  it('accepts a number whose check digit matches and derives sex and birth date', () => {
    const first17 = '11010519491231002';
    const result = parseIdNumber(first17 + checkCharacter(first17), TODAY);
    expect(result).toMatchObject({ ok: true, value: { birthDate: '1949-12-31', sex: 'F', addressCode: '110105' } });
  });

  it('knows the published example 11010519491231002X', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check digit', () => {
    const result = parseIdNumber('110105194912310021', TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.zh).toContain('校验位');
  });

  it('accepts a lower-case x, full-width digits and spaces', () => {
    const result = parseIdNumber(' １１０１０５１９４９１２３１００２x ', TODAY);
    expect(result).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
  });

  it('converts a 15-digit legacy number to 18 digits', () => {
    const result = parseIdNumber('110105491231002', TODAY);
    expect(result).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X', convertedFromLegacy: true } });
  });

  it('rejects an impossible birth date', () => {
    const first17 = '11010519490230002';
    expect(parseIdNumber(first17 + checkCharacter(first17), TODAY).ok).toBe(false);
  });

  it('rejects a birth date in the future', () => {
    const first17 = '11010520300101002';
    const result = parseIdNumber(first17 + checkCharacter(first17), TODAY);
    expect(result.ok).toBe(false);
  });

  it('rejects the wrong length', () => {
    expect(parseIdNumber('1234', TODAY).ok).toBe(false);
  });
});

describe('maskIdNumber', () => {
  it('keeps the region code and last four only', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});

describe('ageOn', () => {
  it('counts a birthday only once it has passed', () => {
    expect(ageOn('1990-12-01', '2026-11-30')).toBe(35);
    expect(ageOn('1990-12-01', '2026-12-01')).toBe(36);
  });
});
