/**
 * Merging two records of one person and undoing it (issue 24 part 3), through the API on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, validIdNumber } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let township: string;
let township2: string;

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
  township2 = await env.login('township2');
});
afterAll(() => env.close());

const db = () => env.ctx.db;

/** A person registered in 甬江街道 (the township's own) and living in Shanghai. */
async function register(overrides: Record<string, unknown> = {}) {
  const idNumber = (overrides.idNumber as string) ?? validIdNumber('330205', '1993-06-07', 'F');
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: township },
    payload: personInput({
      idNumber,
      name: '王晓兰',
      hukouDivision: '330205005003',
      residenceDivision: '310115000000',
      ...overrides,
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json().person as { id: string; version: number; name: string }), idNumber };
}

function merge(cookie: string, body: Record<string, unknown>) {
  return env.app.inject({
    method: 'POST',
    url: '/api/persons/merge',
    headers: { cookie },
    payload: { reason: '同一人重复登记', fieldChoices: {}, ...body },
  });
}

function unmerge(cookie: string, mergeId: string) {
  return env.app.inject({ method: 'POST', url: `/api/persons/merges/${mergeId}/undo`, headers: { cookie } });
}

const get = (url: string, cookie = township) => env.app.inject({ method: 'GET', url, headers: { cookie } });

async function pair() {
  const survivor = await register({ name: '王晓兰', phone: '13800001111' });
  const merged = await register({
    name: '王小兰',
    idNumber: validIdNumber('330205', '1993-06-08', 'F'),
    phone: '13900002222',
  });
  return { survivor, merged };
}

async function serviceFor(personId: string) {
  return db()
    .insertInto('service_record')
    .values({
      person_id: personId,
      division_code: '330205005003',
      kind: 'reproductive_checkup',
      status: 'done',
      service_date: '2026-09-10',
      outcome: '{}',
      consent: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('merging two records', () => {
  it("moves the merged record's rows to the survivor and keeps their ids in the trail", async () => {
    const { survivor, merged } = await pair();
    const service = await serviceFor(merged.id);
    const cert = await env.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: township },
      payload: { personId: merged.id, kind: 'standard' },
    });
    expect(cert.statusCode, cert.body).toBe(201);
    const res = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    expect(res.statusCode, res.body).toBe(200);
    const { mergeId, moved } = res.json();
    expect(moved).toMatchObject({ service_record: 1, certificate: 1, person_history: expect.any(Number) });
    expect(moved.person_episode).toBeGreaterThanOrEqual(1);
    const owners = async (table: 'service_record' | 'certificate' | 'person_episode') =>
      (
        await db().selectFrom(table).select('person_id').where('person_id', 'in', [survivor.id, merged.id]).execute()
      ).map((r) => r.person_id);
    expect(new Set(await owners('service_record'))).toEqual(new Set([survivor.id]));
    expect(new Set(await owners('certificate'))).toEqual(new Set([survivor.id]));
    expect(new Set(await owners('person_episode'))).toEqual(new Set([survivor.id]));
    const trail = await db().selectFrom('person_merge').selectAll().where('id', '=', mergeId).executeTakeFirstOrThrow();
    expect(trail.moved.service_record).toEqual([service.id]);
  });

  it('copies the chosen fields onto the survivor as its next version, with a history line', async () => {
    const { survivor, merged } = await pair();
    const res = await merge(township, {
      survivorId: survivor.id,
      mergedId: merged.id,
      fieldChoices: { phone: 'merged', name: 'survivor' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().person).toMatchObject({ id: survivor.id, name: '王晓兰', phone: '13900002222', version: 2 });
    const history = (await get(`/api/persons/${survivor.id}/history`)).json().items;
    const line = history.find((h: { kind: string }) => h.kind === 'merge');
    expect(line.changes).toMatchObject({
      phone: { from: '138****1111', to: '139****2222' },
      mergedFrom: { to: expect.stringContaining('*') },
    });
  });

  it('takes the merged ID number when chosen, and both numbers still find the survivor', async () => {
    const { survivor, merged } = await pair();
    const res = await merge(township, {
      survivorId: survivor.id,
      mergedId: merged.id,
      fieldChoices: { idNumber: 'merged' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().person.birthDate).toBe('1993-06-08');
    for (const idNumber of [survivor.idNumber, merged.idNumber]) {
      const found = await get(`/api/persons/lookup?idNumber=${idNumber}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().person.id).toBe(survivor.id);
    }
  });

  it('leaves a tombstone that answers with the survivor and says where the record went', async () => {
    const { survivor, merged } = await pair();
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const res = await get(`/api/persons/${merged.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().person).toMatchObject({ id: survivor.id, mergedFrom: { id: merged.id } });
    const lookup = await get(`/api/persons/lookup?idNumber=${merged.idNumber}`);
    expect(lookup.json().person).toMatchObject({ id: survivor.id, mergedFrom: { id: merged.id } });
  });

  it('takes the tombstone out of the person list and its search', async () => {
    const { survivor, merged } = await pair();
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const res = await get(`/api/persons?q=${encodeURIComponent('王小兰')}&pageSize=100`);
    const ids = res.json().items.map((p: { id: string }) => p.id);
    expect(ids).not.toContain(merged.id);
  });

  it('refuses to change a tombstone (409)', async () => {
    const { survivor, merged } = await pair();
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const res = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${merged.id}`,
      headers: { cookie: township },
      payload: { version: 2, name: '王小兰' },
    });
    expect(res.statusCode).toBe(409);
  });

  it("still verifies the merged record's certificate, against the survivor's facts", async () => {
    const { survivor, merged } = await pair();
    const issued = await env.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: township },
      payload: { personId: merged.id, kind: 'standard' },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const number = issued.json().certificate.number as string;
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const res = await env.app.inject({
      method: 'POST',
      url: `/api/verify/${number}`,
      payload: { birthDate: '1993-06-07' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ result: 'valid', detailed: true });
  });

  it('refuses to merge two records that both hold a valid certificate (409), changing nothing', async () => {
    const { survivor, merged } = await pair();
    for (const id of [survivor.id, merged.id]) {
      const issued = await env.app.inject({
        method: 'POST',
        url: '/api/certificates',
        headers: { cookie: township },
        payload: { personId: id, kind: 'standard' },
      });
      expect(issued.statusCode, issued.body).toBe(201);
    }
    const res = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('有效的婚育证明');
    const row = await db().selectFrom('person').select('merged_into').where('id', '=', merged.id).executeTakeFirst();
    expect(row?.merged_into).toBeNull();
  });

  it('answers 404 when either record is outside the scope', async () => {
    const { survivor, merged } = await pair();
    const res = await merge(township2, { survivorId: survivor.id, mergedId: merged.id });
    expect(res.statusCode).toBe(404);
    const preview = await get(`/api/persons/merge-preview?survivorId=${survivor.id}&mergedId=${merged.id}`, township2);
    expect(preview.statusCode).toBe(404);
  });

  it('refuses a record merged with itself, naming the field', async () => {
    const { survivor } = await pair();
    const res = await merge(township, { survivorId: survivor.id, mergedId: survivor.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('mergedId');
  });

  it('lets only one of two merges of the same record at once through; the other gets 409', async () => {
    const { survivor, merged } = await pair();
    const other = await register({ idNumber: validIdNumber('330205', '1993-06-09', 'F') });
    const answers = await Promise.all([
      merge(township, { survivorId: survivor.id, mergedId: merged.id }),
      merge(township, { survivorId: other.id, mergedId: merged.id }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const trails = await db().selectFrom('person_merge').select('id').where('merged_id', '=', merged.id).execute();
    expect(trails).toHaveLength(1);
  });

  it('previews the differing fields and the rows that would move, and changes nothing', async () => {
    const { survivor, merged } = await pair();
    await serviceFor(merged.id);
    const res = await get(`/api/persons/merge-preview?survivorId=${survivor.id}&mergedId=${merged.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.moves).toMatchObject({ service_record: 1 });
    expect(body.differences.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['idNumber', 'name', 'phone']),
    );
    const row = await db().selectFrom('person').select('merged_into').where('id', '=', merged.id).executeTakeFirst();
    expect(row?.merged_into).toBeNull();
    expect(await db().selectFrom('person_merge').select('id').where('merged_id', '=', merged.id).execute()).toEqual([]);
  });

  it("shows the merge in both records' access logs", async () => {
    const { survivor, merged } = await pair();
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const log = (await get(`/api/persons/${survivor.id}/access-log`)).json().items;
    // Once, though the merge wrote an audit row for each record and the survivor's log reads both.
    expect(log.filter((r: { action: string }) => r.action === 'person.merge')).toHaveLength(1);
    const own = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('person_id', '=', merged.id)
      .where('action', '=', 'person.merge')
      .execute();
    expect(own).toHaveLength(1);
  });
});

describe('undoing a merge', () => {
  it('restores both records and moves the rows back', async () => {
    const { survivor, merged } = await pair();
    const service = await serviceFor(merged.id);
    const before = await db()
      .selectFrom('person')
      .selectAll()
      .where('id', 'in', [survivor.id, merged.id])
      .orderBy('id')
      .execute();
    const done = await merge(township, {
      survivorId: survivor.id,
      mergedId: merged.id,
      fieldChoices: { idNumber: 'merged', phone: 'merged' },
    });
    const res = await unmerge(township, done.json().mergeId);
    expect(res.statusCode, res.body).toBe(200);
    const after = await db()
      .selectFrom('person')
      .selectAll()
      .where('id', 'in', [survivor.id, merged.id])
      .orderBy('id')
      .execute();
    const fields = ({ version, updated_at, ...rest }: (typeof before)[number]) => rest;
    expect(after.map(fields)).toEqual(before.map(fields));
    const moved = await db().selectFrom('service_record').select('person_id').where('id', '=', service.id).execute();
    expect(moved).toEqual([{ person_id: merged.id }]);
    const lookup = await get(`/api/persons/lookup?idNumber=${merged.idNumber}`);
    expect(lookup.json().person.id).toBe(merged.id);
  });

  it('lists the merge on the survivor, undoable for 30 days, and marks it undone', async () => {
    const { survivor, merged } = await pair();
    const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const listed = (await get(`/api/persons/${survivor.id}/merges`)).json().items;
    expect(listed[0]).toMatchObject({ id: done.json().mergeId, role: 'survivor', otherId: merged.id, undoneAt: null });
    await unmerge(township, done.json().mergeId);
    const again = await unmerge(township, done.json().mergeId);
    expect(again.statusCode).toBe(409);
    expect((await get(`/api/persons/${survivor.id}/merges`)).json().items[0].undoneAt).not.toBeNull();
  });

  it('refuses after 30 days with a Chinese message (409)', async () => {
    const { survivor, merged } = await pair();
    const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    await db()
      .updateTable('person_merge')
      .set({ at: new Date(Date.now() - 31 * 86_400_000) })
      .where('id', '=', done.json().mergeId)
      .execute();
    const res = await unmerge(township, done.json().mergeId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('超过30天');
  });

  it('refuses when the survivor was changed after the merge (409), changing nothing', async () => {
    const { survivor, merged } = await pair();
    const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${survivor.id}`,
      headers: { cookie: township },
      payload: { version: 2, residenceAddress: '新地址 1 号' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const res = await unmerge(township, done.json().mergeId);
    expect(res.statusCode).toBe(409);
    const row = await db().selectFrom('person').select('merged_into').where('id', '=', merged.id).executeTakeFirst();
    expect(row?.merged_into).toBe(survivor.id);
  });

  it('refuses when a moved row is gone since (409)', async () => {
    const { survivor, merged } = await pair();
    const service = await serviceFor(merged.id);
    const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    await db().deleteFrom('service_record').where('id', '=', service.id).execute();
    const res = await unmerge(township, done.json().mergeId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('service_record');
  });

  it('answers 404 to a user who cannot see both records', async () => {
    const { survivor, merged } = await pair();
    const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    expect((await unmerge(township2, done.json().mergeId)).statusCode).toBe(404);
  });
});

describe('the exchange', () => {
  const queued = (personId: string) =>
    db()
      .selectFrom('exchange_outbox')
      .select(['event', 'to_division'])
      .where('person_id', '=', personId)
      .where('event', 'in', ['merge', 'unmerge'])
      .execute();

  it('sends nothing when both records belong to this deployment', async () => {
    const { survivor, merged } = await pair();
    await merge(township, { survivorId: survivor.id, mergedId: merged.id });
    expect(await queued(survivor.id)).toEqual([]);
  });

  it('notifies the office of another deployment on merge and on unmerge', async () => {
    const served = env.ctx.config.exchange.served;
    served.push('330205');
    try {
      const { survivor, merged } = await pair();
      const done = await merge(township, { survivorId: survivor.id, mergedId: merged.id });
      expect(await queued(survivor.id)).toEqual([{ event: 'merge', to_division: '310115000000' }]);
      await unmerge(township, done.json().mergeId);
      expect((await queued(survivor.id)).map((m) => m.event).sort()).toEqual(['merge', 'unmerge']);
    } finally {
      served.length = 0;
    }
  });
});
