import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateStatus,
  expiryDate,
  formatCertificateNumber,
  maskName,
  numberCheckCharacter,
  parseCertificateNumber,
} from './certificate.ts';
import {
  extractPayload,
  generateSigningKey,
  idNumberHash,
  type PayloadFacts,
  privateKeyObject,
  publicKeyRing,
  signPayload,
  verifyPayload,
} from './certificate-payload.ts';

const key = generateSigningKey();
const ring = publicKeyRing([key]);
const facts: PayloadFacts = {
  number: formatCertificateNumber('330205', 2026, 123),
  kind: 'standard',
  maskedName: maskName('欧阳晓薇'),
  idHash: idNumberHash('HY', '341221199001011231'),
  maritalStatus: 'first_marriage',
  childrenCount: 2,
  issuerDivision: '330205005000',
  issuedOn: '2026-11-29',
  expiresOn: '2027-11-28',
};
const payload = signPayload(facts, { kid: key.kid, privateKey: privateKeyObject(key.privateKey) });

describe('certificate numbers', () => {
  it('carry a check character that the parser accepts', () => {
    const number = formatCertificateNumber('330205', 2026, 42);
    expect(number).toMatch(/^HY33020526000004\d[\dX]$/);
    expect(parseCertificateNumber(number)).toEqual({ ok: true, number });
  });

  it('accept spaces, hyphens, lower case and full-width input', () => {
    const number = formatCertificateNumber('330205', 2026, 7);
    const typed = `hy ${number.slice(2, 8)}-${number.slice(8)}`.replace('3', '３');
    expect(parseCertificateNumber(typed)).toEqual({ ok: true, number });
  });

  it('reject a wrong check character with a message saying so', () => {
    const number = formatCertificateNumber('330205', 2026, 42);
    const wrong = number.slice(0, -1) + (number.endsWith('1') ? '2' : '1');
    const result = parseCertificateNumber(wrong);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.en).toContain('check character');
  });

  it('catch any single mistyped digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1, max: 9 }),
        (serial, pos, delta) => {
          const number = formatCertificateNumber('330205', 2026, serial);
          const digits = number.slice(2, 17);
          const changed = digits.slice(0, pos) + ((Number(digits[pos]) + delta) % 10) + digits.slice(pos + 1);
          return numberCheckCharacter(changed) !== number[17];
        },
      ),
    );
  });
});

describe('certificate status', () => {
  it('is expired after the expiry date only when otherwise valid', () => {
    expect(certificateStatus({ status: 'valid', expiresOn: '2026-01-01' }, '2026-01-01')).toBe('valid');
    expect(certificateStatus({ status: 'valid', expiresOn: '2026-01-01' }, '2026-01-02')).toBe('expired');
    expect(certificateStatus({ status: 'revoked', expiresOn: '2026-01-01' }, '2026-01-02')).toBe('revoked');
  });

  it('runs to the day before the same date a period later', () => {
    expect(expiryDate('2026-03-01', 12)).toBe('2027-02-28');
    expect(expiryDate('2026-01-31', 1)).toBe('2026-02-27');
  });

  it('masks names keeping the first and last character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳晓薇')).toBe('欧**薇');
  });
});

describe('signed payloads', () => {
  it('verify offline with the public key and return the masked facts', () => {
    const result = verifyPayload(payload, ring);
    expect(result).toEqual({ ok: true, facts, kid: key.kid });
  });

  it('fail when any single byte is changed', () => {
    fc.assert(
      fc.property(fc.nat({ max: payload.length - 1 }), fc.integer({ min: 0, max: 0xffff }), (index, code) => {
        const replacement = String.fromCharCode(code);
        fc.pre(replacement !== payload[index]);
        const tampered = payload.slice(0, index) + replacement + payload.slice(index + 1);
        return verifyPayload(tampered, ring).ok === false;
      }),
      { numRuns: 3000 },
    );
  });

  it('fail at every position when the character is swapped for any other base64url character', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < payload.length; i++) {
      const other = alphabet[(alphabet.indexOf(payload[i] as string) + 1) % alphabet.length] as string;
      expect(verifyPayload(payload.slice(0, i) + other + payload.slice(i + 1), ring).ok, `position ${i}`).toBe(false);
    }
  });

  it('fail when signed by a key that is not in the ring', () => {
    const stranger = generateSigningKey();
    const forged = signPayload(facts, { kid: stranger.kid, privateKey: privateKeyObject(stranger.privateKey) });
    expect(verifyPayload(forged, ring)).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('fail when another key signs under this key id', () => {
    const stranger = generateSigningKey();
    const forged = signPayload(facts, { kid: key.kid, privateKey: privateKeyObject(stranger.privateKey) });
    expect(verifyPayload(forged, ring)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('fail when truncated', () => {
    for (const cut of [1, 10, payload.length / 2, payload.length - 1]) {
      expect(verifyPayload(payload.slice(0, Math.floor(cut)), ring).ok).toBe(false);
    }
  });

  it('fail when oversized', () => {
    expect(verifyPayload(payload + 'A'.repeat(5000), ring)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('stay verifiable after a key rotation through their key id', () => {
    const next = generateSigningKey();
    const both = publicKeyRing([key, next]);
    expect(verifyPayload(payload, both).ok).toBe(true);
  });

  it('are found inside a link to the verify page', () => {
    expect(extractPayload(` https://example.org/verify#${payload}\n`)).toBe(payload);
  });
});
