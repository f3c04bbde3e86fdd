/** Hostile inputs and the one-error-shape check, shared by the fuzz tests. */
import fc from 'fast-check';
import { expect } from 'vitest';

export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    "'; DROP TABLE person; --",
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '\u202Eevil',
    '𠀀𠀁𪚥',
    '\uFEFF',
    '%00',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose.
    '${7*7}',
    '../../etc/passwd',
    '9'.repeat(400),
    '1e309',
  ),
);
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, null, true, [], {}),
  fc.array(hostileString, { maxLength: 3 }),
  fc.letrec((tie) => ({
    deep: fc.oneof({ depthSize: 'small' }, fc.constant(1), fc.dictionary(fc.string({ maxLength: 3 }), tie('deep'))),
  })).deep,
);

/** Never a 5xx; any error in the one shape, without a stack trace. */
export function expectErrorShape(status: number, body: string) {
  expect(status, body.slice(0, 300)).toBeLessThan(500);
  if (status >= 400) {
    const parsed = JSON.parse(body);
    expect(typeof parsed.error.code).toBe('string');
    expect(typeof parsed.error.message).toBe('string');
    expect(Array.isArray(parsed.error.issues)).toBe(true);
    expect(body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }
}
