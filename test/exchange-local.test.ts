/** Exchange inside one deployment: the outbox and the inbox live in the same database. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../src/core/exchange.ts';
import { enqueueExchangeBatch } from '../src/modules/exchange/exchange.outbox.ts';
import { applyEnvelope, ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, VILLAGE } from './support/fixtures.ts';

let env: TestEnv;
let cookie: string;
let worker: ExchangeWorker;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
  worker = new ExchangeWorker({
    db: env.ctx.db,
    pii: env.ctx.pii,
    config: { served: [], natsUrl: null, peers: [], subjectPrefix: 'x', stream: 'X', consumer: 'x', pollMs: 50 },
  });
});
afterAll(async () => {
  await env.close();
});

async function register(overrides: Record<string, unknown> = {}) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie },
    payload: personInput(overrides),
  });
  expect(res.statusCode).toBe(201);
  return res.json().person.id as string;
}

async function drain() {
  while ((await worker.dispatchOnce()) > 0) {
    // until the outbox has nothing due
  }
}

const outboxFor = (personId: string) =>
  env.ctx.db.selectFrom('exchange_outbox').selectAll().where('person_id', '=', personId).execute();

describe('inside one deployment', () => {
  it('commits the inflow notification with the registration', async () => {
    const id = await register();
    const rows = await outboxFor(id);
    expect(rows.map((r) => [r.kind, r.event, r.status, r.needs_reply])).toEqual([
      ['notification', 'inflow', 'pending', true],
    ]);
  });

  it('writes no message when the registration is refused', async () => {
    const before = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie },
      payload: personInput({ hukouDivision: '999999000000' }),
    });
    expect(res.statusCode).toBe(400);
    const after = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('pairs the inflow at the origin and confirms it back automatically', async () => {
    const id = await register();
    await drain();
    const cases = await env.ctx.db
      .selectFrom('exchange_case')
      .select(['side', 'state', 'paired_at'])
      .where('person_id', '=', id)
      .orderBy('side')
      .execute();
    expect(cases.map((c) => [c.side, c.state, c.paired_at !== null])).toEqual([
      ['origin', 'registered_outflow', true],
      ['residence', 'registered_inflow', true],
    ]);
    const [notice] = await outboxFor(id);
    expect(notice?.status).toBe('delivered');
    expect(notice?.replied_at).not.toBeNull();
  });

  it('applies a redelivered message once', async () => {
    const id = await register();
    await drain();
    const [notice] = await env.ctx.db
      .selectFrom('exchange_inbox')
      .selectAll()
      .where('person_id', '=', id)
      .where('kind', '=', 'notification')
      .execute();
    if (!notice) throw new Error('no inbox row');
    const replay: Envelope = {
      v: 1,
      id: notice.id,
      key: notice.idempotency_key,
      kind: 'notification',
      event: 'inflow',
      caseId: notice.case_id,
      fromSide: 'residence',
      from: notice.from_division,
      to: notice.to_division,
      urgent: false,
      dueOn: notice.due_on,
      inReplyTo: null,
      sentAt: new Date().toISOString(),
      payload: {},
    };
    const result = await applyEnvelope(env.ctx, replay, 'local', null);
    expect(result.status).toBe('duplicate');
    const replies = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('id')
      .where('in_reply_to', '=', notice.id)
      .execute();
    expect(replies).toHaveLength(1);
  });

  it('rejects feedback to an inquiry that does not exist, changing nothing', async () => {
    const env2: Envelope = {
      v: 1,
      id: crypto.randomUUID(),
      key: `test:${crypto.randomUUID()}`,
      kind: 'feedback',
      event: null,
      caseId: crypto.randomUUID(),
      fromSide: 'origin',
      from: '341221000000',
      to: VILLAGE,
      urgent: false,
      dueOn: null,
      inReplyTo: crypto.randomUUID(),
      sentAt: new Date().toISOString(),
      payload: { found: true },
    };
    await expect(applyEnvelope(env.ctx, env2, 'local', null)).rejects.toMatchObject({ reason: 'unknown_inquiry' });
    const row = await env.ctx.db.selectFrom('exchange_inbox').select('id').where('id', '=', env2.id).executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('notifies the origin of a move', async () => {
    const id = await register();
    await drain();
    const person = (await env.app.inject({ method: 'GET', url: `/api/persons/${id}`, headers: { cookie } })).json()
      .person;
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${id}`,
      headers: { cookie },
      payload: { version: person.version, residenceDivision: '330205005005' },
    });
    expect(res.statusCode).toBe(200);
    await drain();
    const origin = await env.ctx.db
      .selectFrom('exchange_case')
      .select('state')
      .where('person_id', '=', id)
      .where('side', '=', 'origin')
      .executeTakeFirstOrThrow();
    expect(origin.state).toBe('moving');
  });

  it('queues a batch of inflow notifications in one call, each with its own case, paired like single ones', async () => {
    const ids = [await register(), await register()];
    await drain();
    const keys = ids.map((id) => `bulk:${id}`);
    const people = await env.ctx.db
      .selectFrom('person')
      .select(['id', 'hukou_division', 'residence_division'])
      .where('id', 'in', ids)
      .execute();
    const queued = await env.ctx.db.transaction().execute((trx) =>
      enqueueExchangeBatch(
        trx,
        people.map((p) => ({
          kind: 'notification' as const,
          event: 'inflow' as const,
          subjectPersonId: p.id,
          fromDivision: p.residence_division,
          toDivision: p.hukou_division,
          idempotencyKey: `bulk:${p.id}`,
        })),
      ),
    );
    expect(queued.map((q) => q.created)).toEqual([true, true]);
    await drain();
    const rows = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select(['idempotency_key', 'status', 'replied_at', 'case_id'])
      .where('idempotency_key', 'in', keys)
      .orderBy('idempotency_key')
      .execute();
    expect(rows.map((r) => [r.status, r.replied_at !== null])).toEqual([
      ['delivered', true],
      ['delivered', true],
    ]);
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(2);
  });

  it('queues a key repeated in one batch, or already queued, once', async () => {
    const id = await register();
    const request = {
      kind: 'notification' as const,
      event: 'marriage' as const,
      subjectPersonId: id,
      fromDivision: VILLAGE,
      toDivision: '341221000000',
      idempotencyKey: `bulk-repeat:${id}`,
    };
    const first = await enqueueExchangeBatch(env.ctx.db, [request, request]);
    const again = await enqueueExchangeBatch(env.ctx.db, [request]);
    expect(first.map((q) => q.created)).toEqual([true, false]);
    expect(again[0]).toMatchObject({ id: first[0]?.id, created: false });
    const rows = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select('id')
      .where('idempotency_key', '=', request.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
