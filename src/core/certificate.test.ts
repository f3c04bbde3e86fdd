import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateStatus,
  expiryDate,
  formatCertificateNumber,
  maskName,
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
import {
  formatLegacyNumber,
  formatRecordNumber,
  NUMBER_ALPHABET,
  randomNumberPart,
  withFreshNumber,
} from './record-number.ts';

const key = generateSigningKey();
const ring = publicKeyRing([key]);
const facts: PayloadFacts = {
  number: formatCertificateNumber('330205', 2026),
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
  it('keep the county and year readable, then 8 random characters and a check character', () => {
    const number = formatCertificateNumber('330205', 2026);
    expect(number).toMatch(/^HY33020526[0-9A-HJKMNP-TV-Z]{9}$/);
    expect(parseCertificateNumber(number)).toEqual({ ok: true, number });
  });

  it('differ in the random part between two consecutive issues', () => {
    const first = formatCertificateNumber('330205', 2026);
    const second = formatCertificateNumber('330205', 2026);
    expect(first.slice(10, 18)).not.toBe(second.slice(10, 18));
  });

  it('carry 40 random bits: every byte of the draw changes the number', () => {
    const zero = randomNumberPart(new Uint8Array(5));
    for (let i = 0; i < 5; i++) {
      const bytes = new Uint8Array(5);
      bytes[i] = 1;
      expect(randomNumberPart(bytes)).not.toBe(zero);
    }
    expect(randomNumberPart(new Uint8Array(5).fill(255))).toBe('ZZZZZZZZ');
  });

  it('accept spaces, hyphens, lower case, full-width input, and I/L/O read as 1/0', () => {
    const number = formatCertificateNumber('330205', 2026, '1A0B1C0D');
    expect(parseCertificateNumber(`hy ３30205-26-iaob-lcod${number.slice(-1).toLowerCase()}`)).toEqual({
      ok: true,
      number,
    });
  });

  it('reject a wrong check character with a message saying so', () => {
    const number = formatCertificateNumber('330205', 2026);
    const last = NUMBER_ALPHABET.indexOf(number.slice(-1));
    const wrong = number.slice(0, -1) + NUMBER_ALPHABET[(last + 1) % NUMBER_ALPHABET.length];
    const result = parseCertificateNumber(wrong);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.en).toContain('check character');
  });

  it('catch any single mistyped character', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 5, maxLength: 5 }),
        fc.integer({ min: 2, max: 17 }),
        fc.integer({ min: 1, max: NUMBER_ALPHABET.length - 1 }),
        (bytes, pos, delta) => {
          const number = formatCertificateNumber('330205', 2026, randomNumberPart(bytes));
          const swapped = NUMBER_ALPHABET[(NUMBER_ALPHABET.indexOf(number[pos] as string) + delta) % 32] as string;
          const changed = number.slice(0, pos) + swapped + number.slice(pos + 1);
          return !parseCertificateNumber(changed).ok;
        },
      ),
    );
  });

  it('keep numbers issued before December 2026 valid (serial with an ID-number check character)', () => {
    const old = formatLegacyNumber('HY', '330205', 2026, 12);
    expect(old).toBe('HY3302052600000124');
    expect(parseCertificateNumber(old)).toEqual({ ok: true, number: old });
    const wrong = old.slice(0, -1) + (old.endsWith('1') ? '2' : '1');
    expect(parseCertificateNumber(wrong).ok).toBe(false);
  });

  it('refuse letters that are never printed (U) and a birth-registration prefix', () => {
    expect(parseCertificateNumber('HY33020526UUUUUUUU0').ok).toBe(false);
    expect(parseCertificateNumber(formatRecordNumber('SY', '330205', 2026, '00000000')).ok).toBe(false);
  });
});

describe('fresh numbers', () => {
  it('draw again when the insert finds the number taken', async () => {
    const draws = ['AAAAAAAA', 'BBBBBBBB'];
    const taken = new Set([formatCertificateNumber('330205', 2026, 'AAAAAAAA')]);
    const tried: string[] = [];
    const got = await withFreshNumber(
      (random) => formatCertificateNumber('330205', 2026, random),
      async (number) => {
        tried.push(number);
        return taken.has(number) ? undefined : number;
      },
      () => draws.shift() as string,
    );
    expect(tried).toHaveLength(2);
    expect(got).toBe(formatCertificateNumber('330205', 2026, 'BBBBBBBB'));
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
