/**
 * Encrypted exchange bodies: each message body is encrypted for the receiving deployment before it is
 * signed (encrypt-then-sign), so a receiver checks the signature before it decrypts anything, and NATS and
 * anyone reading the stream see no ID numbers.
 *
 * Each deployment has an X25519 key pair next to its Ed25519 signing key; peers list both public keys.
 * The AES-256-GCM key for one direction (sender → receiver) comes from X25519 between the sender's private
 * key and the receiver's public key, through HKDF-SHA256 bound to both public keys and the direction. It is
 * the same for every message in that direction, so it is derived once and cached; each message gets a
 * random 96-bit IV (far below GCM's 2^32-messages-per-key limit at our volumes). Pure: no I/O.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { ExchangeRejection } from './exchange.ts';

export const SEAL_ALG = 'X25519-HKDF-SHA256-A256GCM';
const RAW_KEY = /^[A-Za-z0-9_-]{43}$/;

export interface BoxKeyPair {
  /** Raw 32-byte X25519 public key, base64url. */
  publicKey: string;
  /** PKCS#8 DER, base64; kept encrypted at rest by the caller. */
  privateKey: string;
}

export function generateBoxKey(): BoxKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ format: 'jwk' }).x as string,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

export function boxPublicKeyObject(rawBase64url: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: rawBase64url }, format: 'jwk' });
}

export function isBoxPublicKey(raw: string): boolean {
  return RAW_KEY.test(raw);
}

/** One side's own key pair, as used to seal and open. */
export interface BoxSelf {
  publicKey: string;
  privateKey: crypto.KeyObject;
}

const derived = new Map<string, Buffer>();

/** The AES key for messages from `senderPublic` to `receiverPublic`; `ours` is the private half we hold. */
function directionKey(ours: crypto.KeyObject, theirs: string, senderPublic: string, receiverPublic: string): Buffer {
  const cacheKey = `${senderPublic}>${receiverPublic}`;
  const hit = derived.get(cacheKey);
  if (hit) return hit;
  const shared = crypto.diffieHellman({ privateKey: ours, publicKey: boxPublicKeyObject(theirs) });
  const key = Buffer.from(
    crypto.hkdfSync('sha256', shared, Buffer.from('liudong exchange'), `${SEAL_ALG} ${cacheKey}`, 32),
  );
  if (derived.size > 1000) derived.clear();
  derived.set(cacheKey, key);
  return key;
}

const aad = (senderPublic: string, receiverPublic: string) =>
  Buffer.from(`${SEAL_ALG}|${senderPublic}|${receiverPublic}`);

/** The bytes that travel: `{"v":2,"alg":…,"to":<receiver public key>,"iv":…,"ct":<ciphertext‖tag>}`. */
export function sealBody(plaintext: Uint8Array, self: BoxSelf, receiverPublic: string): Buffer {
  const key = directionKey(self.privateKey, receiverPublic, self.publicKey, receiverPublic);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(self.publicKey, receiverPublic));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return Buffer.from(
    JSON.stringify({
      v: 2,
      alg: SEAL_ALG,
      to: receiverPublic,
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
    }),
    'utf8',
  );
}

const Sealed = z.strictObject({
  v: z.literal(2),
  alg: z.literal(SEAL_ALG),
  to: z.string().regex(RAW_KEY),
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
  ct: z.string().regex(/^[A-Za-z0-9_-]{22,}$/),
});

/**
 * Opens a body sealed for us by a verified sender. Throws ExchangeRejection: 'not_encrypted' for a
 * plaintext envelope, 'malformed' for anything else that is not a sealed body, 'undecryptable' when it
 * was sealed for another key or its ciphertext does not authenticate.
 */
export function openBody(data: Uint8Array, self: BoxSelf, senderPublic: string | null): Buffer {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new ExchangeRejection('malformed', 'not JSON');
  }
  if (json && typeof json === 'object' && (json as { v?: unknown }).v === 1)
    throw new ExchangeRejection('not_encrypted');
  const parsed = Sealed.safeParse(json);
  if (!parsed.success) throw new ExchangeRejection('malformed', 'not a sealed body');
  const sealed = parsed.data;
  if (!senderPublic) throw new ExchangeRejection('undecryptable', 'no encryption key configured for the sending peer');
  if (sealed.to !== self.publicKey) throw new ExchangeRejection('undecryptable', 'sealed for another key');
  const key = directionKey(self.privateKey, senderPublic, senderPublic, self.publicKey);
  const bytes = Buffer.from(sealed.ct, 'base64url');
  if (bytes.length < 17) throw new ExchangeRejection('undecryptable', 'ciphertext too short');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(aad(senderPublic, self.publicKey));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
  } catch {
    throw new ExchangeRejection('undecryptable', 'the ciphertext does not authenticate');
  }
}
