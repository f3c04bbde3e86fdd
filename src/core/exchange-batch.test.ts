import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Envelope } from './exchange.ts';
import { bodyMessageId, chunkEnvelopes, MAX_BATCH_MESSAGES, parseBody } from './exchange-batch.ts';

function envelope(): Envelope {
  return {
    v: 1,
    id: crypto.randomUUID(),
    key: `k:${crypto.randomUUID()}`,
    kind: 'notification',
    event: 'marriage',
    caseId: crypto.randomUUID(),
    fromSide: 'residence',
    from: '330205005003',
    to: '341221000000',
    urgent: false,
    dueOn: null,
    inReplyTo: null,
    sentAt: new Date().toISOString(),
    payload: { maritalStatus: 'first_marriage' },
  };
}

describe('batch bodies', () => {
  it('packs at most MAX_BATCH_MESSAGES envelopes per body, in order', () => {
    const envs = Array.from({ length: MAX_BATCH_MESSAGES * 2 + 1 }, envelope);
    const chunks = chunkEnvelopes(envs, (e) => JSON.stringify(e));
    expect(chunks.map((c) => c.items.length)).toEqual([MAX_BATCH_MESSAGES, MAX_BATCH_MESSAGES, 1]);
    expect(chunks.flatMap((c) => c.items)).toEqual(envs);
  });

  it('sends a lone envelope bare and reads it back as one', () => {
    const env = envelope();
    const [chunk] = chunkEnvelopes([env], (e) => JSON.stringify(e));
    const body = parseBody(chunk?.body as Buffer);
    expect(body).toEqual({ batch: false, items: [{ index: 0, env }] });
  });

  it('reads each envelope of a batch on its own, a bad one as refused', () => {
    const good = envelope();
    const body = parseBody(Buffer.from(JSON.stringify({ v: 1, batch: [good, { v: 1 }] })));
    expect(body.items[0]).toEqual({ index: 0, env: good });
    expect(body.items[1]).toMatchObject({ index: 1, rejection: { reason: 'malformed' } });
  });

  it('refuses a batch with fields it does not know, as a whole', () => {
    expect(() => parseBody(Buffer.from(JSON.stringify({ v: 1, batch: [envelope()], extra: 1 })))).toThrow(/malformed/);
  });

  it('names a batch by its ids, the same ids the same name', () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    expect(bodyMessageId(ids)).toBe(bodyMessageId([...ids]));
    expect(bodyMessageId(ids)).not.toBe(bodyMessageId([ids[1] as string, ids[0] as string]));
    expect(bodyMessageId([ids[0] as string])).toBe(ids[0]);
  });
});
