import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeyObject } from './certificate-payload.ts';
import {
  authenticate,
  checkRouting,
  consumeSubjects,
  type Envelope,
  generateExchangeKey,
  isFloating,
  needsInflowNotification,
  nextCaseState,
  parseEnvelope,
  parsePeers,
  parseServedDivisions,
  replyDueOn,
  serves,
  signBytes,
  subjectFor,
} from './exchange.ts';

function envelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    v: 1,
    id: crypto.randomUUID(),
    key: 'inflow:1',
    kind: 'notification',
    event: 'inflow',
    caseId: crypto.randomUUID(),
    fromSide: 'residence',
    from: '330205005003',
    to: '341221000000',
    urgent: false,
    dueOn: '2026-12-29',
    inReplyTo: null,
    sentAt: '2026-11-29T08:00:00.000Z',
    payload: { idNumber: '34122119900101123X', name: '张三' },
    ...overrides,
  };
}

const bytes = (e: unknown) => Buffer.from(JSON.stringify(e));

describe('exchange rules', () => {
  it('exchanges only floating people: household registration and residence in different counties', () => {
    expect(isFloating({ hukou_division: '341221100000', residence_division: '330205001001' })).toBe(true);
    expect(isFloating({ hukou_division: '330205002000', residence_division: '330205001001' })).toBe(false);
  });

  it('notifies the origin of an inflow only when the registering office covers the residence', () => {
    const p = { hukou_division: '341221100000', residence_division: '330205001001' };
    expect(needsInflowNotification('330205', p)).toBe(true);
    expect(needsInflowNotification('330206', p)).toBe(false);
    expect(needsInflowNotification('330205', { ...p, hukou_division: '330205003000' })).toBe(false);
  });

  it('gives urgent inquiries 15 days and others 30', () => {
    expect(replyDueOn('2026-11-29', true)).toBe('2026-12-14');
    expect(replyDueOn('2026-11-29', false)).toBe('2026-12-29');
  });

  it('moves the origin case to registered outflow when paired, else to needs reconfirmation', () => {
    expect(nextCaseState('origin', 'notification', 'inflow', true)).toBe('registered_outflow');
    expect(nextCaseState('origin', 'notification', 'inflow', false)).toBe('needs_reconfirmation');
    expect(nextCaseState('residence', 'pairing', null, true)).toBe('registered_inflow');
    expect(nextCaseState('origin', 'notification', 'move', null)).toBe('moving');
  });

  it('routes by province and county subjects', () => {
    expect(subjectFor('liudong.exchange', '341221203000')).toBe('liudong.exchange.34.341221');
    expect(consumeSubjects('p', ['34'])).toEqual(['p.34.>']);
    expect(consumeSubjects('p', ['330205'])).toEqual(['p.33.330205']);
    expect(consumeSubjects('p', [])).toEqual(['p.>']);
  });

  it('serves its subtrees only, or everything when none is configured', () => {
    const served = parseServedDivisions('330205, 34');
    expect(serves(served, '330205005003')).toBe(true);
    expect(serves(served, '341221000000')).toBe(true);
    expect(serves(served, '330206000000')).toBe(false);
    expect(serves(parseServedDivisions(''), '110000000000')).toBe(true);
  });
});

describe('exchange envelopes', () => {
  it('parses a well-formed envelope', () => {
    const e = envelope();
    expect(parseEnvelope(bytes(e))).toEqual(e);
  });

  it.each([
    ['not JSON', Buffer.from('{"v":1')],
    ['an unknown field', bytes({ ...envelope(), extra: 1 })],
    ['a bad ID number', bytes(envelope({ payload: { idNumber: '12345' } }))],
    ['a reply without inReplyTo', bytes(envelope({ kind: 'feedback', event: null }))],
    ['a division above county level', bytes(envelope({ to: '340000000000' }))],
  ])('refuses %s as malformed', (_, data) => {
    expect(() => parseEnvelope(data)).toThrow(expect.objectContaining({ reason: 'malformed' }));
  });

  it('accepts a signature by a configured peer and refuses unknown, altered and unsigned ones', () => {
    const key = generateExchangeKey();
    const peers = parsePeers(JSON.stringify([{ name: 'Anhui', publicKey: key.publicKey, divisions: ['34'] }]));
    const data = bytes(envelope());
    const sig = signBytes(data, privateKeyObject(key.privateKey));
    expect(authenticate(data, key.kid, sig, peers).name).toBe('Anhui');
    expect(() => authenticate(data, undefined, undefined, peers)).toThrow(
      expect.objectContaining({ reason: 'unsigned' }),
    );
    expect(() => authenticate(data, 'xunknown', sig, peers)).toThrow(
      expect.objectContaining({ reason: 'unknown_peer' }),
    );
    const altered = Buffer.from(data.toString().replace('张三', '李四'));
    expect(() => authenticate(altered, key.kid, sig, peers)).toThrow(
      expect.objectContaining({ reason: 'bad_signature' }),
    );
  });

  it('refuses a message for another deployment or from outside the peer’s divisions', () => {
    const key = generateExchangeKey();
    const [peer] = parsePeers(JSON.stringify([{ name: 'Zhejiang', publicKey: key.publicKey, divisions: ['33'] }]));
    expect(() => checkRouting(envelope(), ['33'], peer ?? null)).toThrow(
      expect.objectContaining({ reason: 'not_our_division' }),
    );
    expect(() => checkRouting(envelope({ from: '110101000000' }), ['34'], peer ?? null)).toThrow(
      expect.objectContaining({ reason: 'peer_division' }),
    );
    expect(() => checkRouting(envelope(), ['34'], peer ?? null)).not.toThrow();
  });
});
