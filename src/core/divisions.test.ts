import { describe, expect, it } from 'vitest';
import { isWithin, levelOf, parentCode, scopePrefix, toFullCode } from './divisions.ts';

describe('division codes', () => {
  it('pads short codes to 12 digits', () => {
    expect(toFullCode('330205')).toBe('330205000000');
    expect(toFullCode('330205005')).toBe('330205005000');
    expect(toFullCode('33020')).toBeNull();
  });

  it('derives the level from the code', () => {
    expect(levelOf('330000000000')).toBe(1);
    expect(levelOf('330200000000')).toBe(2);
    expect(levelOf('330205000000')).toBe(3);
    expect(levelOf('330205005000')).toBe(4);
    expect(levelOf('330205005003')).toBe(5);
  });

  it('finds the parent one level up', () => {
    expect(parentCode('330205005003')).toBe('330205005000');
    expect(parentCode('330205005000')).toBe('330205000000');
    expect(parentCode('330000000000')).toBeNull();
  });

  it('defines a subtree by the significant prefix', () => {
    expect(scopePrefix('330205005000')).toBe('330205005');
    expect(isWithin('330205005003', '330205000000')).toBe(true);
    expect(isWithin('330205003001', '330205005000')).toBe(false);
  });
});
