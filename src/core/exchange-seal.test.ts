import { describe, expect, it } from 'vitest';
import { privateKeyObject } from './certificate-payload.ts';
import { ExchangeRejection } from './exchange.ts';
import { type BoxSelf, generateBoxKey, openBody, sealBody } from './exchange-seal.ts';

const self = (): BoxSelf => {
  const k = generateBoxKey();
  return { publicKey: k.publicKey, privateKey: privateKeyObject(k.privateKey) };
};

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof ExchangeRejection ? err.reason : String(err);
  }
  return 'opened';
};

describe('sealed exchange bodies', () => {
  const sender = self();
  const receiver = self();
  const body = Buffer.from('{"v":1,"payload":{"idNumber":"341221199001011231"}}');

  it('opens what was sealed for it, and shows no plaintext on the wire', () => {
    const sealed = sealBody(body, sender, receiver.publicKey);
    expect(sealed.toString()).not.toContain('341221199001011231');
    expect(openBody(sealed, receiver, sender.publicKey).equals(body)).toBe(true);
  });

  it('uses a fresh IV for every message', () => {
    expect(sealBody(body, sender, receiver.publicKey).equals(sealBody(body, sender, receiver.publicKey))).toBe(false);
  });

  it('refuses a body sealed for another key', () => {
    const other = self();
    expect(reason(() => openBody(sealBody(body, sender, other.publicKey), receiver, sender.publicKey))).toBe(
      'undecryptable',
    );
  });

  it('refuses a body from a sender other than the one it claims', () => {
    const impostor = self();
    const sealed = sealBody(body, impostor, receiver.publicKey);
    expect(reason(() => openBody(sealed, receiver, sender.publicKey))).toBe('undecryptable');
  });

  it('refuses an altered ciphertext or IV', () => {
    const sealed = JSON.parse(sealBody(body, sender, receiver.publicKey).toString()) as { ct: string; iv: string };
    const flip = (s: string) => `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    const ct = Buffer.from(JSON.stringify({ ...sealed, ct: flip(sealed.ct) }));
    const iv = Buffer.from(JSON.stringify({ ...sealed, iv: flip(sealed.iv) }));
    expect(reason(() => openBody(ct, receiver, sender.publicKey))).toBe('undecryptable');
    expect(reason(() => openBody(iv, receiver, sender.publicKey))).toBe('undecryptable');
  });

  it('tells a plaintext envelope and garbage apart', () => {
    expect(reason(() => openBody(body, receiver, sender.publicKey))).toBe('not_encrypted');
    expect(reason(() => openBody(Buffer.from('{"v":2}'), receiver, sender.publicKey))).toBe('malformed');
    expect(reason(() => openBody(Buffer.from('nope'), receiver, sender.publicKey))).toBe('malformed');
  });

  it('cannot open without the sender’s encryption key', () => {
    const sealed = sealBody(body, sender, receiver.publicKey);
    expect(reason(() => openBody(sealed, receiver, null))).toBe('undecryptable');
  });
});
