import { describe, expect, it } from 'vitest';
import { birthRegistered } from './births/index.ts';
import { certificateIssued } from './certificates/index.ts';
import { wireModules } from './wiring.ts';

describe('wireModules', () => {
  it('registers the exchange on what certificates and births announce, once however often it runs', () => {
    wireModules();
    const sizes = [certificateIssued.size, birthRegistered.size];
    wireModules();
    expect([certificateIssued.size, birthRegistered.size]).toEqual(sizes);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
  });
});
