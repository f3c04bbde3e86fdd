/**
 * Two deployments over the real NATS JetStream on 127.0.0.1:4222 (required: the suite fails without it):
 * pairing with automatic feedback, redelivery, and every kind of bad message going to the dead letters
 * with nothing applied.
 */
import crypto from 'node:crypto';
import { headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyObject } from '../src/core/certificate-payload.ts';
import {
  type Envelope,
  generateExchangeKey,
  KID_HEADER,
  SIG_HEADER,
  signBytes,
  subjectFor,
} from '../src/core/exchange.ts';
import { generateBoxKey, sealBody } from '../src/core/exchange-seal.ts';
import type { SessionUser } from '../src/http/session.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { exchangeIdentity } from '../src/modules/exchange/exchange.identity.ts';
import type { NatsLink } from '../src/modules/exchange/exchange.nats.ts';
import { enqueueExchange } from '../src/modules/exchange/exchange.outbox.ts';
import { retryDeadLetter } from '../src/modules/exchange/exchange.service.ts';
import { ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { createPerson } from '../src/modules/persons/persons.service.ts';
import { upsertUser } from '../src/modules/users/users.repository.ts';
import { type Deployment, runningDeployments, waitFor } from './support/exchange.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';

let residence: Deployment;
let origin: Deployment;
let link: NatsLink;
let close: (() => Promise<void>) | undefined;
let names: { prefix: string; stream: string };
let resCookie: string;

beforeAll(async () => {
  ({ residence, origin, names, link, close } = await runningDeployments());
  resCookie = await residence.env.login('township');
}, 180_000);

afterAll(() => close?.());

async function originUser(): Promise<SessionUser> {
  const id = await upsertUser(origin.env.ctx.db, {
    username: 'linquan',
    displayName: '临泉县卫健委',
    role: 'township_officer',
    divisionCode: '341221000000',
    password: DEMO_PASSWORD,
  });
  return {
    id,
    username: 'linquan',
    displayName: '临泉县',
    role: 'township_officer',
    divisionCode: '341221000000',
    sessionHash: '',
    stage: 'full',
  };
}

/** The same person on both sides: an outflow record at the origin, an inflow registration at the residence. */
async function registerOnBothSides(idNumber: string) {
  const user = await originUser();
  const actor = { id: user.id, username: user.username, role: user.role, divisionCode: user.divisionCode, ip: null };
  await createPerson(origin.env.ctx, user, actor, personInput({ idNumber }) as never);
  const res = await residence.env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: resCookie },
    payload: personInput({ idNumber }),
  });
  expect(res.statusCode).toBe(201);
  return res.json().person.id as string;
}

function envelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    v: 1,
    id: crypto.randomUUID(),
    key: `test:${crypto.randomUUID()}`,
    kind: 'notification',
    event: 'marriage',
    caseId: crypto.randomUUID(),
    fromSide: 'origin',
    from: '341221000000',
    to: '330205005003',
    urgent: false,
    dueOn: null,
    inReplyTo: null,
    sentAt: new Date().toISOString(),
    payload: { maritalStatus: 'first_marriage' },
    ...overrides,
  };
}

async function originKey() {
  const id = await exchangeIdentity(origin.env.ctx.db, origin.env.ctx.pii);
  return id;
}

/** Publishes raw bytes to the residence's subject, signed as given. */
async function publishRaw(data: Uint8Array, sign: { kid?: string; sig?: string }, to = '330205005003') {
  const h = headers();
  if (sign.kid) h.set(KID_HEADER, sign.kid);
  if (sign.sig) h.set(SIG_HEADER, sign.sig);
  const ack = await link.js.publish(subjectFor(names.prefix, to), data, { headers: h, msgID: crypto.randomUUID() });
  return `${ack.stream}:${ack.seq}`;
}

/** Sealed for the residence with the origin's encryption key, then signed by the origin, as the worker does. */
async function signedByOrigin(env: Envelope, sealFor?: string) {
  const key = await originKey();
  const receiver = await exchangeIdentity(residence.env.ctx.db, residence.env.ctx.pii);
  const self = { publicKey: key.encryptionKey, privateKey: key.encryptionPrivateKey };
  const data = sealBody(Buffer.from(JSON.stringify(env)), self, sealFor ?? receiver.encryptionKey);
  return { data, kid: key.kid, sig: signBytes(data, key.privateKey) };
}

/** Signs bytes as the origin, whatever they are. */
async function signAsOrigin(data: Buffer) {
  const key = await originKey();
  return { data, kid: key.kid, sig: signBytes(data, key.privateKey) };
}

/** The same sealed body with one ciphertext character changed. */
function flipCiphertext(data: Buffer): Buffer {
  const sealed = JSON.parse(data.toString('utf8')) as { ct: string };
  const i = Math.floor(sealed.ct.length / 2);
  sealed.ct = `${sealed.ct.slice(0, i)}${sealed.ct[i] === 'A' ? 'B' : 'A'}${sealed.ct.slice(i + 1)}`;
  return Buffer.from(JSON.stringify(sealed));
}

async function deadLetter(messageId: string) {
  return waitFor(`dead letter ${messageId}`, () =>
    residence.env.ctx.db
      .selectFrom('exchange_dead_letter')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst(),
  );
}

const inboxCount = async () =>
  Number(
    (
      await residence.env.ctx.db
        .selectFrom('exchange_inbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('between deployments over NATS', () => {
  it('pairs an inflow at the origin and brings the automatic feedback back', async () => {
    const personId = await registerOnBothSides(validIdNumber('341221', '1991-05-06', 'F'));
    const state = await waitFor('pairing at the residence', async () => {
      const row = await residence.env.ctx.db
        .selectFrom('exchange_case')
        .select('state')
        .where('person_id', '=', personId)
        .where('side', '=', 'residence')
        .executeTakeFirst();
      return row?.state === 'registered_inflow' ? row.state : undefined;
    });
    expect(state).toBe('registered_inflow');
    const originCase = await origin.env.ctx.db
      .selectFrom('exchange_case')
      .select(['state', 'paired_at'])
      .where('side', '=', 'origin')
      .where('counterpart_division', '=', '330205005003')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(originCase.state).toBe('registered_outflow');
  });

  it('sends bodies sealed, with no ID number in clear on the stream', async () => {
    const idNumber = validIdNumber('341221', '1992-07-08', 'F');
    await registerOnBothSides(idNumber);
    const last = await waitFor('the pairing on the stream', () =>
      link.jsm.streams
        .getMessage(names.stream, { last_by_subj: subjectFor(names.prefix, '330205005003') })
        .catch(() => null),
    );
    const inflow = await waitFor('the inflow on the stream', () =>
      link.jsm.streams
        .getMessage(names.stream, { last_by_subj: subjectFor(names.prefix, '341221000000') })
        .catch(() => null),
    );
    for (const m of [inflow, last]) {
      const text = Buffer.from(m.data).toString('utf8');
      expect(JSON.parse(text)).toMatchObject({ v: 2, alg: 'X25519-HKDF-SHA256-A256GCM' });
      expect(text).not.toMatch(/\d{17}[\dX]/);
    }
    expect(Buffer.from(inflow.data).toString('utf8')).not.toContain(idNumber);
  });

  it('puts an inflow the origin cannot pair on its work list, unanswered', async () => {
    const res = await residence.env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie: resCookie },
      payload: personInput({ idNumber: validIdNumber('341221', '1988-02-03', 'M') }),
    });
    const [outbox] = await residence.env.ctx.db
      .selectFrom('exchange_outbox')
      .select('id')
      .where('person_id', '=', res.json().person.id)
      .execute();
    const row = await waitFor('the inquiry at the origin', () =>
      origin.env.ctx.db
        .selectFrom('exchange_inbox')
        .selectAll()
        .where('id', '=', outbox?.id as string)
        .executeTakeFirst(),
    );
    expect([row.outcome, row.needs_reply, row.replied_at]).toEqual(['not_found', true, null]);
  });

  it('applies a message redelivered under another NATS message id once', async () => {
    const env = envelope();
    const signed = await signedByOrigin(env);
    await publishRaw(signed.data, signed);
    await publishRaw(signed.data, signed);
    await waitFor('the message applied', () =>
      residence.env.ctx.db.selectFrom('exchange_inbox').select('id').where('id', '=', env.id).executeTakeFirst(),
    );
    await waitFor('the duplicate dropped', async () => residence.worker.counts.duplicates > 0);
    const rows = await residence.env.ctx.db
      .selectFrom('exchange_inbox')
      .select('id')
      .where('idempotency_key', '=', env.key)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('rejects an unsigned message', async () => {
    const before = await inboxCount();
    const id = await publishRaw(Buffer.from(JSON.stringify(envelope())), {});
    expect((await deadLetter(id)).reason_code).toBe('unsigned');
    expect(await inboxCount()).toBe(before);
  });

  it('rejects a message signed with an unknown peer key', async () => {
    const stranger = generateExchangeKey();
    const data = Buffer.from(JSON.stringify(envelope()));
    const id = await publishRaw(data, {
      kid: stranger.kid,
      sig: signBytes(data, privateKeyObject(stranger.privateKey)),
    });
    expect((await deadLetter(id)).reason_code).toBe('unknown_peer');
  });

  it('rejects a message altered after signing, before decrypting it', async () => {
    const signed = await signedByOrigin(envelope());
    const id = await publishRaw(flipCiphertext(signed.data), signed);
    expect((await deadLetter(id)).reason_code).toBe('bad_signature');
  });

  it('rejects a plaintext body, even when properly signed', async () => {
    const before = await inboxCount();
    const signed = await signAsOrigin(Buffer.from(JSON.stringify(envelope())));
    const id = await publishRaw(signed.data, signed);
    const letter = await deadLetter(id);
    expect(letter.reason_code).toBe('not_encrypted');
    expect(await inboxCount()).toBe(before);
    expect(residence.logs).toContainEqual(
      expect.objectContaining({
        message: 'exchange message rejected',
        details: expect.objectContaining({ reason: 'not_encrypted' }),
      }),
    );
  });

  it('rejects a body sealed for another key, logging why', async () => {
    const before = await inboxCount();
    const signed = await signedByOrigin(envelope(), generateBoxKey().publicKey);
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(id)).reason_code).toBe('undecryptable');
    expect(await inboxCount()).toBe(before);
    expect(residence.logs).toContainEqual(
      expect.objectContaining({
        details: expect.objectContaining({ reason: 'undecryptable', detail: expect.stringContaining('another key') }),
      }),
    );
  });

  it('rejects a tampered ciphertext that the peer signed', async () => {
    const before = await inboxCount();
    const sealed = await signedByOrigin(envelope());
    const signed = await signAsOrigin(flipCiphertext(sealed.data));
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(id)).reason_code).toBe('undecryptable');
    expect(await inboxCount()).toBe(before);
  });

  it('rejects a sealed body whose envelope is malformed', async () => {
    const key = await originKey();
    const receiver = await exchangeIdentity(residence.env.ctx.db, residence.env.ctx.pii);
    const self = { publicKey: key.encryptionKey, privateKey: key.encryptionPrivateKey };
    const signed = await signAsOrigin(
      sealBody(Buffer.from('{"v":1,"kind":"notification"}'), self, receiver.encryptionKey),
    );
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(id)).reason_code).toBe('malformed');
  });

  it('rejects a malformed body, even when properly signed', async () => {
    const key = await originKey();
    const data = Buffer.from('{"v":2,"alg":"X25519');
    const id = await publishRaw(data, { kid: key.kid, sig: signBytes(data, key.privateKey) });
    expect((await deadLetter(id)).reason_code).toBe('malformed');
  });

  it('rejects feedback to an inquiry that does not exist', async () => {
    const before = await inboxCount();
    const signed = await signedByOrigin(
      envelope({ kind: 'feedback', event: null, inReplyTo: crypto.randomUUID(), payload: { found: true } }),
    );
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(id)).reason_code).toBe('unknown_inquiry');
    expect(await inboxCount()).toBe(before);
  });

  it('rejects a message for a division this deployment does not serve', async () => {
    const signed = await signedByOrigin(envelope({ to: '330206000000' }));
    // Published on the residence's own subject, but addressed to 北仑区.
    const id = await publishRaw(signed.data, signed, '330205005003');
    expect((await deadLetter(id)).reason_code).toBe('not_our_division');
  });

  it('applies the good messages of a batch that holds a bad one, and dead-letters only the bad one', async () => {
    // Published while the residence's worker is stopped, so its consumer receives them together.
    await residence.worker.stop();
    const good = Array.from({ length: 6 }, () => envelope());
    const bad = envelope({ kind: 'feedback', event: null, inReplyTo: crypto.randomUUID(), payload: { found: true } });
    let badId = '';
    for (const [i, env] of [...good.slice(0, 3), bad, ...good.slice(3)].entries()) {
      const signed = await signedByOrigin(env);
      const id = await publishRaw(signed.data, signed);
      if (i === 3) badId = id;
    }
    residence.worker = new ExchangeWorker({
      db: residence.env.ctx.db,
      pii: residence.env.ctx.pii,
      config: residence.config,
      log: (level, message, details) => residence.logs.push({ level, message, ...(details ? { details } : {}) }),
    });
    await residence.worker.start();
    expect((await deadLetter(badId)).reason_code).toBe('unknown_inquiry');
    const applied = await waitFor('the good messages', async () => {
      const rows = await residence.env.ctx.db
        .selectFrom('exchange_inbox')
        .select('id')
        .where(
          'id',
          'in',
          good.map((e) => e.id),
        )
        .execute();
      return rows.length === good.length ? rows : undefined;
    });
    expect(applied).toHaveLength(good.length);
    const badRows = await residence.env.ctx.db
      .selectFrom('exchange_inbox')
      .select('id')
      .where('id', '=', bad.id)
      .execute();
    expect(badRows).toHaveLength(0);
  });

  it('applies each envelope of a batch body on its own, and dead-letters only the bad ones', async () => {
    const key = await originKey();
    const receiver = await exchangeIdentity(residence.env.ctx.db, residence.env.ctx.pii);
    const good = [envelope(), envelope(), envelope()];
    const unknownInquiry = envelope({
      kind: 'feedback',
      event: null,
      inReplyTo: crypto.randomUUID(),
      payload: { found: true },
    });
    const items = [good[0], { v: 1, kind: 'notification' }, good[1], unknownInquiry, good[2]];
    const self = { publicKey: key.encryptionKey, privateKey: key.encryptionPrivateKey };
    const signed = await signAsOrigin(
      sealBody(Buffer.from(JSON.stringify({ v: 1, batch: items })), self, receiver.encryptionKey),
    );
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(`${id}#1`)).reason_code).toBe('malformed');
    expect((await deadLetter(`${id}#3`)).reason_code).toBe('unknown_inquiry');
    const applied = await waitFor('the good envelopes', async () => {
      const rows = await residence.env.ctx.db
        .selectFrom('exchange_inbox')
        .select('id')
        .where('id', 'in', [...good.map((e) => (e as Envelope).id), unknownInquiry.id])
        .execute();
      return rows.length >= good.length ? rows : undefined;
    });
    expect(applied.map((r) => r.id).sort()).toEqual(good.map((e) => (e as Envelope).id).sort());
  });

  it('applies the one dead-lettered envelope of a batch on retry, once the inquiry it answers exists', async () => {
    const key = await originKey();
    const receiver = await exchangeIdentity(residence.env.ctx.db, residence.env.ctx.pii);
    const asked = crypto.randomUUID();
    const good = [envelope(), envelope()];
    const answer = envelope({ kind: 'feedback', event: null, inReplyTo: asked, payload: { found: true } });
    const self = { publicKey: key.encryptionKey, privateKey: key.encryptionPrivateKey };
    const signed = await signAsOrigin(
      sealBody(Buffer.from(JSON.stringify({ v: 1, batch: [good[0], answer, good[1]] })), self, receiver.encryptionKey),
    );
    const id = await publishRaw(signed.data, signed);
    const letter = await deadLetter(`${id}#1`);
    expect(letter.reason_code).toBe('unknown_inquiry');
    const ids = [...good.map((e) => (e as Envelope).id), answer.id];
    const inbox = () => residence.env.ctx.db.selectFrom('exchange_inbox').select('id').where('id', 'in', ids).execute();
    await waitFor('the good envelopes', async () => ((await inbox()).length === 2 ? true : undefined));
    // The inquiry it answers turns up (say, restored from a backup): same id, committed in one transaction.
    await residence.env.ctx.db.transaction().execute(async (trx) => {
      const sent = await enqueueExchange(trx, {
        kind: 'inquiry',
        fromDivision: '330205005003',
        toDivision: '341221000000',
        fromSide: 'residence',
        idempotencyKey: `test:${asked}`,
        payload: { purpose: 'contact_update', text: '请协助确认该居民的现住址。' },
      });
      await trx.updateTable('exchange_outbox').set({ id: asked }).where('id', '=', sent.id).execute();
    });
    const admin: SessionUser = {
      id: null as unknown as string,
      username: 'admin',
      displayName: 'admin',
      role: 'county_admin',
      divisionCode: '330205000000',
      sessionHash: '',
      stage: 'full',
    };
    const actor = { id: null, username: 'admin', role: 'county_admin', divisionCode: '330205000000', ip: null };
    const result = await retryDeadLetter(residence.env.ctx, residence.config, admin, actor, letter.id);
    expect(result.ok).toBe(true);
    expect((await inbox()).map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('applies a dead letter on retry once its sender is trusted', async () => {
    const stranger = generateExchangeKey();
    const strangerBox = generateBoxKey();
    const env = envelope();
    const receiver = await exchangeIdentity(residence.env.ctx.db, residence.env.ctx.pii);
    const data = sealBody(
      Buffer.from(JSON.stringify(env)),
      { publicKey: strangerBox.publicKey, privateKey: privateKeyObject(strangerBox.privateKey) },
      receiver.encryptionKey,
    );
    const id = await publishRaw(data, {
      kid: stranger.kid,
      sig: signBytes(data, privateKeyObject(stranger.privateKey)),
    });
    const letter = await deadLetter(id);
    const trusting = {
      ...residence.config,
      peers: [
        ...residence.config.peers,
        {
          name: 'new peer',
          kid: stranger.kid,
          publicKey: crypto.createPublicKey({
            key: { kty: 'OKP', crv: 'Ed25519', x: stranger.publicKey },
            format: 'jwk',
          }),
          encryptionKey: strangerBox.publicKey,
          divisions: [],
        },
      ],
    };
    const admin = {
      id: null as unknown as string,
      username: 'admin',
      displayName: 'admin',
      role: 'county_admin' as const,
      divisionCode: '330205000000',
      sessionHash: '',
      stage: 'full' as const,
    };
    const actor = { id: null, username: 'admin', role: 'county_admin', divisionCode: '330205000000', ip: null };
    const result = await retryDeadLetter(residence.env.ctx, trusting, admin, actor, letter.id);
    expect(result.ok).toBe(true);
    const applied = await residence.env.ctx.db
      .selectFrom('exchange_inbox')
      .select('id')
      .where('id', '=', env.id)
      .execute();
    expect(applied).toHaveLength(1);
  });
});
