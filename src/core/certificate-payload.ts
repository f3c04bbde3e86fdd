/**
 * The compact signed payload in a certificate's QR code, verifiable offline with the exported public keys.
 *
 *   LD1.<kid>.<body>.<signature>
 *
 * body = base64url(JSON of the masked facts), signature = Ed25519 over the ASCII bytes of "LD1.<kid>.<body>".
 * Every segment is decoded strictly (re-encoding must give back the same text), so no byte of the payload
 * can change without failing verification: base64url's unused low bits would otherwise let a changed last
 * character decode to the same signature.
 */
import crypto from 'node:crypto';
import { CERTIFICATE_KINDS, type CertificateKind, parseCertificateNumber } from './certificate.ts';
import type { LocalizedText } from './errors.ts';
import { MARITAL_STATUSES, type MaritalStatus } from './person.ts';

export const PAYLOAD_PREFIX = 'LD1';
/** Generous for a QR code (a real payload is ~300 characters); anything longer is not ours. */
export const MAX_PAYLOAD_LENGTH = 1200;
const B64URL = /^[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9_-]{10}$/;

/** What the QR code says: masked facts only, nothing that identifies a person by itself. */
export interface PayloadFacts {
  number: string;
  kind: CertificateKind;
  maskedName: string;
  /** SHA-256 of number + ID number, so an offline checker can compare with the ID card in front of them. */
  idHash: string;
  maritalStatus: MaritalStatus;
  childrenCount: number;
  issuerDivision: string;
  issuedOn: string;
  expiresOn: string;
}

export interface SigningKey {
  kid: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
  /** PKCS#8 DER, base64. Kept encrypted at rest by the caller. */
  privateKey: string;
}

export interface PublicKeyEntry {
  kid: string;
  publicKey: string;
}

export type PayloadCheck =
  | { ok: true; facts: PayloadFacts; kid: string }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature'; message: LocalizedText };

const REASONS: Record<'malformed' | 'unknown_key' | 'bad_signature', LocalizedText> = {
  malformed: { zh: '二维码内容不完整或格式不正确', en: 'The QR content is incomplete or malformed' },
  unknown_key: {
    zh: '签名密钥未知，不是本系统签发的证明',
    en: 'Signed with an unknown key; not issued by this system',
  },
  bad_signature: { zh: '签名不符，内容已被篡改', en: 'The signature does not match; the content was altered' },
};

function fail(reason: keyof typeof REASONS): PayloadCheck {
  return { ok: false, reason, message: REASONS[reason] };
}

/** Key id: the first 10 characters of base64url(SHA-256(raw public key)). */
export function keyIdOf(rawPublicKey: Buffer): string {
  return crypto.createHash('sha256').update(rawPublicKey).digest('base64url').slice(0, 10);
}

export function generateSigningKey(): SigningKey {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.from(jwk.x as string, 'base64url');
  return {
    kid: keyIdOf(raw),
    publicKey: raw.toString('base64url'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

export function idNumberHash(number: string, idNumber: string): string {
  return crypto.createHash('sha256').update(`liudong-cert:${number}:${idNumber}`).digest('base64url').slice(0, 22);
}

interface Wire {
  n: string;
  t: 's' | 't';
  nm: string;
  ih: string;
  ms: MaritalStatus;
  ch: number;
  of: string;
  is: string;
  ex: string;
}

export function signPayload(facts: PayloadFacts, key: { kid: string; privateKey: crypto.KeyObject }): string {
  const wire: Wire = {
    n: facts.number,
    t: facts.kind === 'standard' ? 's' : 't',
    nm: facts.maskedName,
    ih: facts.idHash,
    ms: facts.maritalStatus,
    ch: facts.childrenCount,
    of: facts.issuerDivision,
    is: facts.issuedOn,
    ex: facts.expiresOn,
  };
  const signed = `${PAYLOAD_PREFIX}.${key.kid}.${Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')}`;
  const signature = crypto.sign(null, Buffer.from(signed, 'ascii'), key.privateKey);
  return `${signed}.${signature.toString('base64url')}`;
}

function strictBase64url(text: string): Buffer | null {
  if (!B64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function toFacts(value: unknown): PayloadFacts | null {
  if (typeof value !== 'object' || value === null) return null;
  const w = value as Partial<Record<keyof Wire, unknown>>;
  const number = typeof w.n === 'string' ? parseCertificateNumber(w.n) : null;
  const ok =
    number?.ok === true &&
    (w.t === 's' || w.t === 't') &&
    typeof w.nm === 'string' &&
    typeof w.ih === 'string' &&
    MARITAL_STATUSES.includes(w.ms as MaritalStatus) &&
    Number.isInteger(w.ch) &&
    typeof w.of === 'string' &&
    /^\d{12}$/.test(w.of) &&
    typeof w.is === 'string' &&
    DATE.test(w.is) &&
    typeof w.ex === 'string' &&
    DATE.test(w.ex);
  if (!ok || !number?.ok) return null;
  return {
    number: number.number,
    kind: CERTIFICATE_KINDS[w.t === 's' ? 0 : 1],
    maskedName: w.nm as string,
    idHash: w.ih as string,
    maritalStatus: w.ms as MaritalStatus,
    childrenCount: w.ch as number,
    issuerDivision: w.of as string,
    issuedOn: w.is as string,
    expiresOn: w.ex as string,
  };
}

/** A scanned QR may hold the bare payload or a link to the verify page with the payload after '#'. */
export function extractPayload(scanned: string): string {
  const text = scanned.trim();
  const hash = text.lastIndexOf('#');
  return hash >= 0 ? text.slice(hash + 1) : text;
}

/** Public keys as KeyObjects, by key id; build once and reuse (creating KeyObjects dominates a verify). */
export function publicKeyRing(entries: readonly PublicKeyEntry[]): Map<string, crypto.KeyObject> {
  const ring = new Map<string, crypto.KeyObject>();
  for (const e of entries) {
    ring.set(e.kid, crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: e.publicKey }, format: 'jwk' }));
  }
  return ring;
}

/** Offline verification: signature and shape only. Revocation and replacement need the online lookup. */
export function verifyPayload(payload: string, keys: ReadonlyMap<string, crypto.KeyObject>): PayloadCheck {
  if (payload.length > MAX_PAYLOAD_LENGTH) return fail('malformed');
  const parts = payload.split('.');
  if (parts.length !== 4) return fail('malformed');
  const [prefix, kid, body, sig] = parts as [string, string, string, string];
  if (prefix !== PAYLOAD_PREFIX || !KID.test(kid)) return fail('malformed');
  const bodyBytes = strictBase64url(body);
  const signature = strictBase64url(sig);
  if (!bodyBytes || !signature || signature.length !== 64) return fail('malformed');
  const key = keys.get(kid);
  if (!key) return fail('unknown_key');
  const signed = Buffer.from(`${prefix}.${kid}.${body}`, 'ascii');
  if (!crypto.verify(null, signed, key, signature)) return fail('bad_signature');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyBytes.toString('utf8'));
  } catch {
    return fail('malformed');
  }
  const facts = toFacts(parsed);
  return facts ? { ok: true, facts, kid } : fail('malformed');
}

export function privateKeyObject(pkcs8Base64: string): crypto.KeyObject {
  return crypto.createPrivateKey({ key: Buffer.from(pkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' });
}
