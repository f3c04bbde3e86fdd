/**
 * Origin ↔ residence information exchange (信息交换反馈制度): message kinds, case states, deadlines, the
 * signed wire envelope and the rules that decide where a message goes. Pure: no I/O.
 *
 * Kinds: 协查 inquiry (asks a question, has a deadline), 通报 notification (tells the other side something),
 * 反馈 feedback (answers an inquiry), 配对/核实 pairing (the origin's answer to an inflow notification).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { isRealDay } from './calendar-date.ts';
import { addDays } from './certificate.ts';
import { isWithin, levelOf, scopePrefix } from './divisions.ts';
import type { LocalizedText } from './errors.ts';

export const EXCHANGE_KINDS = ['inquiry', 'notification', 'feedback', 'pairing'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

/**
 * What a notification is about. 'birth' and 'referral' are sent by the birth-registration and services modules;
 * 'service' tells the origin that one of its people received a check-up or counselling elsewhere.
 */
export const NOTIFICATION_EVENTS = [
  'inflow',
  'departure',
  'move',
  'marriage',
  'birth',
  'certificate',
  'referral',
  'settled',
  // Two records of one person merged (issue 24), or the merge undone: the other deployment's offices are told.
  'merge',
  'unmerge',
  'service',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Why a 协查 is sent: a closed list of lawful purposes, each a service to the person or the upkeep of their
 * record. Nothing here asks about a pregnancy, contraception or whether a birth complied with anything
 * (MISSION.md; test/excluded-features.test.ts keeps the list honest). Free text is only a note within one.
 */
export const INQUIRY_PURPOSES = [
  'registration_pairing', // 登记配对: the two sides' records of one person
  'certificate_verification', // 证明核验: a certificate the person showed, or an application routed to the origin
  'service_referral', // 服务转介: a service the person agreed to be referred for (consent recorded with it)
  'contact_update', // 联系方式或住址更新
  'birth_registration_check', // 生育登记核对: the facts of a registration the family filed
] as const;
export type InquiryPurpose = (typeof INQUIRY_PURPOSES)[number];

export const INQUIRY_PURPOSE_NAMES: Record<InquiryPurpose, LocalizedText> = {
  registration_pairing: { zh: '登记配对', en: 'Registration pairing' },
  certificate_verification: { zh: '证明核验', en: 'Certificate verification' },
  service_referral: { zh: '服务转介（本人同意）', en: 'Service referral (the person agreed)' },
  contact_update: { zh: '联系方式或住址更新', en: 'Contact or address update' },
  birth_registration_check: { zh: '生育登记核对', en: 'Birth registration check' },
};

/** The purpose's name, or null for a value that is not a purpose (a message that carries none). */
export function inquiryPurposeName(purpose: string | null | undefined): LocalizedText | null {
  return purpose && (INQUIRY_PURPOSES as readonly string[]).includes(purpose)
    ? INQUIRY_PURPOSE_NAMES[purpose as InquiryPurpose]
    : null;
}

/** A purpose that needs the person's recorded consent before the inquiry leaves. */
export function purposeNeedsConsent(purpose: InquiryPurpose): boolean {
  return purpose === 'service_referral';
}

/**
 * The fact of a service received away from home that travels to the origin (issue 26 part 4): a coarse kind, the
 * date and the type of place, never a clinical detail, and never which check-up or counselling it was (so no
 * message says a woman is pregnant or what contraception anyone uses).
 */
export const SERVICE_FACT_KINDS = ['checkup', 'counselling'] as const;
export type ServiceFactKind = (typeof SERVICE_FACT_KINDS)[number];
export const SERVICE_PLACE_TYPES = [
  'health_centre',
  'service_station',
  'maternal_child_hospital',
  'hospital',
  'outreach',
  'community',
] as const;
export type ServicePlaceType = (typeof SERVICE_PLACE_TYPES)[number];

/** Case states as on the national platform. */
export const CASE_STATES = [
  'unconfirmed', // 未确认: the residence registered an inflow, the origin has not confirmed it
  'needs_reconfirmation', // 需再确认: the origin could not pair it, or the facts differ
  'registered_inflow', // 已登记流入: paired and confirmed, seen from the residence
  'registered_outflow', // 已登记流出: paired and confirmed, seen from the origin
  'moving', // 流动中: left or moved on, not yet registered at a new residence
  'settled', // 已定居: settled at the residence (household registration moved)
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export type CaseSide = 'residence' | 'origin';

/** National-platform deadlines: 15 days for an urgent inquiry (e.g. a prenatal-care referral), 30 otherwise. */
export const URGENT_REPLY_DAYS = 15;
export const NORMAL_REPLY_DAYS = 30;

export function replyDueOn(sentOn: string, urgent: boolean): string {
  return addDays(sentOn, urgent ? URGENT_REPLY_DAYS : NORMAL_REPLY_DAYS);
}

/** Kinds and events that expect an answer: inquiries, and inflow notifications (answered by pairing). */
export function needsReply(kind: ExchangeKind, event: string | null): boolean {
  return kind === 'inquiry' || (kind === 'notification' && event === 'inflow');
}

export function isReply(kind: ExchangeKind): boolean {
  return kind === 'feedback' || kind === 'pairing';
}

export function otherSide(side: CaseSide): CaseSide {
  return side === 'residence' ? 'origin' : 'residence';
}

/** The state a case moves to when a message is applied on one side; null leaves it unchanged. */
export function nextCaseState(
  side: CaseSide,
  kind: ExchangeKind,
  event: string | null,
  found: boolean | null,
): CaseState | null {
  if (kind === 'notification') {
    if (event === 'inflow')
      return side === 'origin' ? (found ? 'registered_outflow' : 'needs_reconfirmation') : 'unconfirmed';
    if (event === 'move' || event === 'departure') return 'moving';
    if (event === 'settled') return 'settled';
    return null;
  }
  if (kind === 'pairing') return found ? 'registered_inflow' : 'needs_reconfirmation';
  return null;
}

/** A floating person: household registration and residence in different counties. Only they are exchanged. */
export function isFloating(p: { hukou_division: string; residence_division: string }): boolean {
  return p.hukou_division.slice(0, 6) !== p.residence_division.slice(0, 6);
}

/** 流入登记 → 通报: a floating person registered by an office whose area includes their residence. */
export function needsInflowNotification(
  registeredBy: string,
  p: { hukou_division: string; residence_division: string },
): boolean {
  return isFloating(p) && isWithin(p.residence_division, registeredBy);
}

/** The state a residence case starts in when an inflow is registered. */
export const INITIAL_RESIDENCE_STATE: CaseState = 'unconfirmed';

/**
 * The divisions a deployment serves: a list of code prefixes (LIUDONG_DEPLOYMENT_DIVISIONS, e.g. "34" or
 * "330205"). An empty list means "everything": a single deployment exchanges only through its own outbox.
 */
export function parseServedDivisions(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  return raw
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((code) => {
      if (!/^\d{2,12}$/.test(code)) throw new Error(`LIUDONG_DEPLOYMENT_DIVISIONS: "${code}" is not a division code`);
      return code.length === 12 ? scopePrefix(code) : code;
    });
}

export function serves(served: readonly string[], division: string): boolean {
  return served.length === 0 || served.some((prefix) => division.startsWith(prefix));
}

/** Province part of a code: the subject a message for that division is published to. */
export function provinceOf(division: string): string {
  return division.slice(0, 2);
}

/** `<prefix>.<province>.<county6>`: a province deployment consumes `<prefix>.34.>`, a county one `<prefix>.34.341221`. */
export function subjectFor(prefix: string, toDivision: string): string {
  return `${prefix}.${provinceOf(toDivision)}.${toDivision.slice(0, 6)}`;
}

export function consumeSubjects(prefix: string, served: readonly string[]): string[] {
  if (served.length === 0) return [`${prefix}.>`];
  return served.map((p) =>
    p.length >= 6 ? `${prefix}.${p.slice(0, 2)}.${p.slice(0, 6)}` : `${prefix}.${p.slice(0, 2)}.>`,
  );
}

/** Retry delays for a message that could not be applied or published: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}

/** After this many failed deliveries a message is poison: it goes to the dead letters. */
export const MAX_DELIVERIES = 6;

// ---------------------------------------------------------------------------------------------------------
// The wire envelope
// ---------------------------------------------------------------------------------------------------------

const code12 = z.string().regex(/^\d{12}$/);
const idNumber = z.string().regex(/^\d{17}[\dX]$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A date the statistics cast to `date`: a real calendar day, so a peer cannot make the rollup fail. */
const realDate = isoDate.refine((v) => isRealDay(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))));

/** Facts a message may carry about its person. Free text is short; nothing here is a fee, a penalty or a permit. */
export const MessagePayload = z.strictObject({
  idNumber: idNumber.optional(),
  name: z.string().min(1).max(50).optional(),
  residenceDivision: code12.optional(),
  hukouDivision: code12.optional(),
  arrivedOn: isoDate.optional(),
  departedOn: isoDate.optional(),
  movedOn: isoDate.optional(),
  maritalStatus: z.string().max(40).optional(),
  childrenCount: z.number().int().min(0).max(20).optional(),
  certificateNumber: z.string().max(40).optional(),
  certificateExpiresOn: isoDate.optional(),
  found: z.boolean().optional(),
  text: z.string().max(1000).optional(),
  /** An inquiry's purpose (required on inquiries) and, for a referral, the day the person's consent was recorded. */
  purpose: z.enum(INQUIRY_PURPOSES).optional(),
  consentOn: isoDate.optional(),
  /**
   * A certificate application routed to the origin (an inquiry with event 'certificate'), and the origin's
   * decision in the feedback: the issued certificate travels back with its signed payload and its check link.
   */
  application: z
    .strictObject({
      id: z.uuid(),
      kind: z.enum(['standard']).optional(),
      purpose: z.string().max(100).optional(),
      decision: z.enum(['issued', 'declined']).optional(),
    })
    .optional(),
  certificate: z
    .strictObject({
      number: z.string().min(1).max(40),
      kind: z.enum(['standard', 'temporary']),
      issuedOn: realDate,
      expiresOn: realDate,
      issuer: z.string().max(100),
      payload: z.string().max(4000),
      verifyUrl: z.string().max(5000),
    })
    .optional(),
  /** A 'service' notification: the fact of a service received at the residence. */
  service: z
    .strictObject({ kind: z.enum(SERVICE_FACT_KINDS), date: realDate, placeType: z.enum(SERVICE_PLACE_TYPES) })
    .optional(),
  facts: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
});
export type MessagePayload = z.infer<typeof MessagePayload>;

export const Envelope = z.strictObject({
  v: z.literal(1),
  id: z.uuid(),
  key: z.string().min(1).max(200),
  kind: z.enum(EXCHANGE_KINDS),
  event: z.enum(NOTIFICATION_EVENTS).nullable(),
  caseId: z.uuid(),
  fromSide: z.enum(['residence', 'origin']),
  from: code12,
  to: code12,
  urgent: z.boolean(),
  dueOn: isoDate.nullable(),
  inReplyTo: z.uuid().nullable(),
  sentAt: z.iso.datetime(),
  payload: MessagePayload,
});
export type Envelope = z.infer<typeof Envelope>;

/** Envelopes are small; anything larger is refused before parsing. */
export const MAX_ENVELOPE_BYTES = 16 * 1024;

export const KID_HEADER = 'Liudong-Kid';
export const SIG_HEADER = 'Liudong-Sig';

export type RejectReason =
  | 'unsigned'
  | 'unknown_peer'
  | 'bad_signature'
  | 'malformed'
  | 'not_encrypted'
  | 'undecryptable'
  | 'not_our_division'
  | 'peer_division'
  | 'unknown_inquiry'
  | 'poison';

export const REJECT_REASONS: Record<RejectReason, LocalizedText> = {
  unsigned: { zh: '消息未签名', en: 'The message is not signed' },
  unknown_peer: { zh: '签名密钥不在已配置的对端列表中', en: 'Signed with a key that is not a configured peer' },
  bad_signature: { zh: '签名不符，消息可能被篡改', en: 'The signature does not match; the message may be altered' },
  malformed: { zh: '消息格式不正确', en: 'The message body is malformed' },
  not_encrypted: { zh: '消息正文未加密', en: 'The message body is not encrypted' },
  undecryptable: {
    zh: '消息无法解密（加密密钥不符或密文被篡改）',
    en: 'The body cannot be decrypted (wrong encryption key or altered ciphertext)',
  },
  not_our_division: { zh: '收件地区不属于本部署', en: 'The message is for a division this deployment does not serve' },
  peer_division: { zh: '发件地区不属于该对端', en: 'The sending division does not belong to the signing peer' },
  unknown_inquiry: { zh: '反馈所对应的协查不存在', en: 'Feedback to an inquiry that does not exist' },
  poison: { zh: '多次处理失败', en: 'Processing failed repeatedly' },
};

export class ExchangeRejection extends Error {
  constructor(
    readonly reason: RejectReason,
    detail?: string,
  ) {
    super(detail ? `${REJECT_REASONS[reason].en}: ${detail}` : REJECT_REASONS[reason].en);
    this.name = 'ExchangeRejection';
  }
}

/** Parses and checks an envelope's shape and internal rules; throws ExchangeRejection('malformed'). */
export function parseEnvelope(data: Uint8Array | string): Envelope {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) throw new ExchangeRejection('malformed', 'too large');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new ExchangeRejection('malformed', 'not JSON');
  }
  return checkEnvelope(json);
}

/** Checks an already parsed envelope's shape and internal rules; throws ExchangeRejection('malformed'). */
export function checkEnvelope(json: unknown): Envelope {
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ExchangeRejection('malformed', first ? `${first.path.join('.')}: ${first.message}` : 'invalid');
  }
  const env = parsed.data;
  if (isReply(env.kind) && !env.inReplyTo) throw new ExchangeRejection('malformed', 'a reply needs inReplyTo');
  if (env.kind === 'notification' && !env.event) throw new ExchangeRejection('malformed', 'a notification needs event');
  if (env.event === 'service' && !env.payload.service)
    throw new ExchangeRejection('malformed', 'a service notice needs the service');
  if (env.kind === 'inquiry' && !env.payload.purpose)
    throw new ExchangeRejection('malformed', 'an inquiry needs a purpose');
  if (env.payload.purpose && purposeNeedsConsent(env.payload.purpose) && !env.payload.consentOn) {
    throw new ExchangeRejection('malformed', 'a referral needs the consent date');
  }
  if (levelOf(env.to) < 3 || levelOf(env.from) < 3) throw new ExchangeRejection('malformed', 'divisions below county');
  return env;
}

// ---------------------------------------------------------------------------------------------------------
// Keys and signatures (Ed25519 over the exact bytes sent)
// ---------------------------------------------------------------------------------------------------------

export interface ExchangeKeyPair {
  kid: string;
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** PKCS#8 DER, base64; kept encrypted at rest by the caller. */
  privateKey: string;
}

export function exchangeKeyId(rawPublicKey: Buffer): string {
  return `x${crypto.createHash('sha256').update(rawPublicKey).digest('base64url').slice(0, 15)}`;
}

export function generateExchangeKey(): ExchangeKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  return {
    kid: exchangeKeyId(raw),
    publicKey: raw.toString('base64url'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

export function publicKeyObject(rawBase64url: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: rawBase64url }, format: 'jwk' });
}

export function signBytes(data: Uint8Array, privateKey: crypto.KeyObject): string {
  return crypto.sign(null, data, privateKey).toString('base64url');
}

export function verifyBytes(data: Uint8Array, signature: string, publicKey: crypto.KeyObject): boolean {
  if (!/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return crypto.verify(null, data, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * A configured peer deployment: its Ed25519 signing key, its X25519 encryption key (raw, base64url;
 * messages to it are sealed with it, messages from it are opened with it), and optionally the divisions
 * it may speak for.
 */
export interface Peer {
  name: string;
  kid: string;
  publicKey: crypto.KeyObject;
  encryptionKey: string | null;
  divisions: string[];
}

const PeerEntry = z.strictObject({
  name: z.string().min(1).max(100),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  encryptionKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
  divisions: z.array(z.string().regex(/^\d{2,12}$/)).default([]),
});

/**
 * Peers from JSON: `[{"name":"安徽省","publicKey":"<base64url>","encryptionKey":"<base64url>","divisions":["34"]}]`,
 * the output of `liudong exchange keys` on the other side. Without encryptionKey nothing can be sent to the
 * peer, nor opened from it.
 */
export function parsePeers(json: string): Peer[] {
  const list = z.array(PeerEntry).parse(JSON.parse(json));
  return list.map((p) => {
    const raw = Buffer.from(p.publicKey, 'base64url');
    return {
      name: p.name,
      kid: exchangeKeyId(raw),
      publicKey: publicKeyObject(p.publicKey),
      encryptionKey: p.encryptionKey ?? null,
      divisions: p.divisions,
    };
  });
}

/** Checks signature, peer and divisions; returns the peer. Throws ExchangeRejection. */
export function authenticate(
  data: Uint8Array,
  kid: string | undefined,
  signature: string | undefined,
  peers: readonly Peer[],
): Peer {
  if (!kid || !signature) throw new ExchangeRejection('unsigned');
  const peer = peers.find((p) => p.kid === kid);
  if (!peer) throw new ExchangeRejection('unknown_peer', kid.slice(0, 40));
  if (!verifyBytes(data, signature, peer.publicKey)) throw new ExchangeRejection('bad_signature');
  return peer;
}

/**
 * The peer that serves a division: the longest listed division prefix wins; a single peer that lists no
 * divisions serves whatever no other peer claims.
 */
export function peerServing(peers: readonly Peer[], division: string): Peer | null {
  let best: Peer | null = null;
  let bestLength = -1;
  for (const peer of peers) {
    for (const d of peer.divisions) {
      const prefix = d.length === 12 ? scopePrefix(d) : d;
      if (division.startsWith(prefix) && prefix.length > bestLength) {
        best = peer;
        bestLength = prefix.length;
      }
    }
  }
  if (best) return best;
  const open = peers.filter((p) => p.divisions.length === 0);
  return open.length === 1 ? (open[0] as Peer) : null;
}

export function checkRouting(env: Envelope, served: readonly string[], peer: Peer | null): void {
  if (!serves(served, env.to)) throw new ExchangeRejection('not_our_division', env.to);
  if (peer && peer.divisions.length > 0 && !peer.divisions.some((d) => isWithin(env.from, d.padEnd(12, '0')))) {
    throw new ExchangeRejection('peer_division', env.from);
  }
}
