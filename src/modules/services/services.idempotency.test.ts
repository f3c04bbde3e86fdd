/** Issue 21 part 6: saving a service twice (double click, retried request) makes one record. */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';

let env: TestEnv;
let village: string;
let township: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
  township = await env.login('township');
});
afterAll(() => env.close());

function post(cookie: string, url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

async function newPerson(): Promise<string> {
  const res = await post(village, '/api/persons', personInput());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

const checkup = (personId: string, idempotencyKey?: string) => ({
  personId,
  serviceKind: 'reproductive_checkup',
  status: 'done',
  serviceDate: addDays(today(), -3),
  consent: true,
  payer: 'public_health_funds',
  outcome: { result: 'normal' },
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

async function records(personId: string) {
  return env.ctx.db.selectFrom('service_record').select('id').where('person_id', '=', personId).execute();
}

describe('service idempotency key', () => {
  it('two saves sent at the same moment with one key make one record, both answered with it', async () => {
    const person = await newPerson();
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([
      post(village, '/api/services', checkup(person, key)),
      post(village, '/api/services', checkup(person, key)),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().service.id).toBe(b.json().service.id);
    expect(await records(person)).toHaveLength(1);
  });

  it('a save repeated after the first finished returns the first record with 200', async () => {
    const person = await newPerson();
    const key = crypto.randomUUID();
    const first = await post(village, '/api/services', checkup(person, key));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(village, '/api/services', checkup(person, key));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ repeated: true, service: { id: first.json().service.id } });
    expect(await records(person)).toHaveLength(1);
  });

  it('a new key (the next form) makes a new record', async () => {
    const person = await newPerson();
    await post(village, '/api/services', checkup(person, crypto.randomUUID()));
    const second = await post(village, '/api/services', checkup(person, crypto.randomUUID()));
    expect(second.statusCode, second.body).toBe(201);
    expect(await records(person)).toHaveLength(2);
  });

  it('the same key from another user is that user’s own save', async () => {
    const person = await newPerson();
    const key = crypto.randomUUID();
    await post(village, '/api/services', checkup(person, key));
    const other = await post(township, '/api/services', checkup(person, key));
    expect(other.statusCode, other.body).toBe(201);
    expect(await records(person)).toHaveLength(2);
  });

  it('a repeated save is audited as a read of the person', async () => {
    const person = await newPerson();
    const key = crypto.randomUUID();
    await post(village, '/api/services', checkup(person, key));
    await post(village, '/api/services', checkup(person, key));
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['service.record', 'service.record_repeat'])
      .where('person_id', '=', person)
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['service.record', 'service.record_repeat']);
  });

  it('refuses a key that is not a UUID, naming the field', async () => {
    const person = await newPerson();
    const res = await post(village, '/api/services', checkup(person, 'abc'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('idempotencyKey');
    expect(await records(person)).toHaveLength(0);
  });
});
