import { describe, expect, it } from 'vitest';
import { ageBandBirthRange, flowDirection, isChildbearingAge } from './person.ts';

describe('flowDirection', () => {
  const county = '330205000000';
  it('is inflow when living here with household registration elsewhere', () => {
    expect(flowDirection('341221100001', '330205005003', county)).toBe('inflow');
  });
  it('is outflow when registered here and living elsewhere', () => {
    expect(flowDirection('330205005003', '310115001000', county)).toBe('outflow');
  });
  it('is local when both are inside the jurisdiction', () => {
    expect(flowDirection('330205003001', '330205005003', county)).toBe('local');
  });
  it('depends on the viewer: a move between two streets is inflow for the receiving street', () => {
    expect(flowDirection('330205003001', '330205005003', '330205005000')).toBe('inflow');
  });
});

describe('isChildbearingAge', () => {
  const on = '2026-11-29';
  it('includes women aged 15 to 49', () => {
    expect(isChildbearingAge({ sex: 'F', birthDate: '1977-11-30', maritalStatus: 'unmarried' }, on)).toBe(true);
    expect(isChildbearingAge({ sex: 'F', birthDate: '1976-11-28', maritalStatus: 'unmarried' }, on)).toBe(false);
  });
  it('includes married men whose wife is in range', () => {
    expect(
      isChildbearingAge(
        { sex: 'M', birthDate: '1970-01-01', maritalStatus: 'first_marriage', spouseBirthDate: '1990-01-01' },
        on,
      ),
    ).toBe(true);
    expect(isChildbearingAge({ sex: 'M', birthDate: '1990-01-01', maritalStatus: 'unmarried' }, on)).toBe(false);
  });
  it('honours a configured range', () => {
    expect(
      isChildbearingAge({ sex: 'F', birthDate: '1975-01-01', maritalStatus: 'unmarried' }, on, {
        minAge: 15,
        maxAge: 55,
      }),
    ).toBe(true);
  });
});

describe('ageBandBirthRange', () => {
  it('gives inclusive birth-date bounds for a band', () => {
    expect(ageBandBirthRange('20-29', '2026-11-29')).toEqual({ from: '1996-11-30', to: '2006-11-29' });
    expect(ageBandBirthRange('60+', '2026-11-29')).toEqual({ from: null, to: '1966-11-29' });
  });
});
