/**
 * Birth service registration (生育登记服务) review, as pure rules. A registration is a service record for the
 * benefits it unlocks (prenatal care, maternity insurance, leave); it is not a permit, and nothing here asks
 * whether a birth is "allowed".
 *
 *   submitted ──request_info──▶ needs_info ──resubmit──▶ submitted ──register──▶ registered
 *       └──────────withdraw──────────┴──────────withdraw──────────▶ withdrawn
 */
import crypto from 'node:crypto';
import type { LocalizedText } from './errors.ts';
import { formatRecordNumber, type NumberResult, parseRecordNumber, randomNumberPart } from './record-number.ts';

export const BIRTH_STATUSES = ['submitted', 'needs_info', 'registered', 'withdrawn'] as const;
export type BirthStatus = (typeof BIRTH_STATUSES)[number];

export const BIRTH_ACTIONS = ['request_info', 'resubmit', 'register', 'withdraw'] as const;
export type BirthAction = (typeof BIRTH_ACTIONS)[number];

/** The whole transition table: for each action, the states it may start from and the state it leads to. */
export const BIRTH_TRANSITIONS: Record<BirthAction, { from: readonly BirthStatus[]; to: BirthStatus }> = {
  request_info: { from: ['submitted'], to: 'needs_info' },
  resubmit: { from: ['needs_info'], to: 'submitted' },
  register: { from: ['submitted'], to: 'registered' },
  withdraw: { from: ['submitted', 'needs_info'], to: 'withdrawn' },
};

/** Actions taken by the reviewing office; the others may also be taken by the applicant. */
export const REVIEW_ACTIONS: readonly BirthAction[] = ['request_info', 'register'];

export const BIRTH_STATUS_LABELS: Record<BirthStatus, LocalizedText> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  needs_info: { zh: '需补充材料', en: 'More information needed' },
  registered: { zh: '已登记', en: 'Registered' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const BIRTH_ACTION_LABELS: Record<BirthAction, LocalizedText> = {
  request_info: { zh: '要求补充材料', en: 'Ask for more information' },
  resubmit: { zh: '补充后重新提交', en: 'Resubmit' },
  register: { zh: '准予登记', en: 'Register' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
};

export type TransitionResult =
  | { ok: true; to: BirthStatus }
  | { ok: false; path: 'action' | 'message'; problem: LocalizedText };

export function transition(from: BirthStatus, action: BirthAction, message?: string | null): TransitionResult {
  const rule = BIRTH_TRANSITIONS[action];
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      path: 'action',
      problem: {
        zh: `当前状态“${BIRTH_STATUS_LABELS[from].zh}”不能执行“${BIRTH_ACTION_LABELS[action].zh}”`,
        en: `cannot "${BIRTH_ACTION_LABELS[action].en}" a registration that is "${BIRTH_STATUS_LABELS[from].en}"`,
      },
    };
  }
  if (action === 'request_info' && !message?.trim()) {
    return {
      ok: false,
      path: 'message',
      problem: { zh: '请说明需要补充的材料', en: 'say what information is needed' },
    };
  }
  return { ok: true, to: rule.to };
}

/** Every (state, action) pair, for tests and documentation. */
export function allTransitions(): { from: BirthStatus; action: BirthAction; allowed: boolean }[] {
  return BIRTH_STATUSES.flatMap((from) =>
    BIRTH_ACTIONS.map((action) => ({ from, action, allowed: BIRTH_TRANSITIONS[action].from.includes(from) })),
  );
}

/** SY + county (6) + year (2) + 8 random characters + check character, like certificate numbers. */
export function formatBirthNumber(county6: string, year: number, random: string = randomNumberPart()): string {
  return formatRecordNumber('SY', county6, year, random);
}

export function parseBirthNumber(raw: string): NumberResult {
  return parseRecordNumber('SY', raw);
}

export function looksLikeBirthNumber(raw: string): boolean {
  return /^\s*sy/i.test(raw);
}

/** Upload rules: type from the first bytes (never the name or the client's type), and a size limit. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export type UploadType = 'image/jpeg' | 'image/png' | 'application/pdf';

export function sniffUploadType(bytes: Uint8Array): UploadType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length >= 3 && starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (bytes.length >= 5 && starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** A stored name that is safe in a Content-Disposition header: no paths, quotes or control characters. */
export function safeFileName(name: string, type: UploadType): string {
  const ext = type === 'application/pdf' ? '.pdf' : type === 'image/png' ? '.png' : '.jpg';
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .slice(0, 60);
  return `${base || 'document'}${ext}`;
}

/**
 * The registration's QR payload, signed with the deployment's certificate keys (same Ed25519 key ring, same
 * public verify page): `LDB1.<kid>.<body>.<sig>`, body = base64url(JSON of masked facts).
 */
export const BIRTH_PAYLOAD_PREFIX = 'LDB1';

export interface BirthPayloadFacts {
  number: string;
  maskedName: string;
  /** SHA-256 of number + ID number (as on certificates), to compare with the ID card in front of the checker. */
  idHash: string;
  office: string;
  registeredOn: string;
  childOrder: number;
}

export function signBirthPayload(facts: BirthPayloadFacts, key: { kid: string; privateKey: crypto.KeyObject }): string {
  const wire = {
    n: facts.number,
    nm: facts.maskedName,
    ih: facts.idHash,
    of: facts.office,
    r: facts.registeredOn,
    c: facts.childOrder,
  };
  const signed = `${BIRTH_PAYLOAD_PREFIX}.${key.kid}.${Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')}`;
  return `${signed}.${crypto.sign(null, Buffer.from(signed, 'ascii'), key.privateKey).toString('base64url')}`;
}

export function isBirthPayload(payload: string): boolean {
  return payload.startsWith(`${BIRTH_PAYLOAD_PREFIX}.`);
}

export type BirthPayloadCheck = { ok: true; facts: BirthPayloadFacts } | { ok: false };

/** Signature and shape; the status (withdrawn or not) needs the online lookup. */
export function verifyBirthPayload(payload: string, keys: ReadonlyMap<string, crypto.KeyObject>): BirthPayloadCheck {
  const parts = payload.split('.');
  if (parts.length !== 4 || parts[0] !== BIRTH_PAYLOAD_PREFIX || payload.length > 1200) return { ok: false };
  const [prefix, kid, body, sig] = parts as [string, string, string, string];
  const key = keys.get(kid);
  const bodyBytes = Buffer.from(body, 'base64url');
  const signature = Buffer.from(sig, 'base64url');
  if (!key || bodyBytes.toString('base64url') !== body || signature.toString('base64url') !== sig) return { ok: false };
  if (!crypto.verify(null, Buffer.from(`${prefix}.${kid}.${body}`, 'ascii'), key, signature)) return { ok: false };
  try {
    const w = JSON.parse(bodyBytes.toString('utf8')) as Record<string, unknown>;
    const number = typeof w.n === 'string' ? parseBirthNumber(w.n) : { ok: false as const };
    if (!number.ok || typeof w.nm !== 'string' || typeof w.ih !== 'string' || typeof w.of !== 'string')
      return { ok: false };
    if (typeof w.r !== 'string' || !Number.isInteger(w.c)) return { ok: false };
    return {
      ok: true,
      facts: {
        number: number.number,
        maskedName: w.nm,
        idHash: w.ih,
        office: w.of,
        registeredOn: w.r,
        childOrder: w.c as number,
      },
    };
  } catch {
    return { ok: false };
  }
}
