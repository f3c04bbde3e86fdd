/**
 * Issue 21 part 6: a person in their own home (自有住房) has no landlord. Both in one request is refused naming
 * 房东; a change to 自有住房 clears the landlord on record, and the history shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE } from '../../../test/support/fixtures.ts';

let env: TestEnv;
let village: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
});
afterAll(() => env.close());

function send(method: 'POST' | 'PATCH' | 'GET' | 'PUT', url: string, payload?: object) {
  return env.app.inject({ method, url, headers: { cookie: village }, ...(payload ? { payload } : {}) });
}

async function renter() {
  const res = await send('POST', '/api/persons', personInput({ housingType: 'rented', landlord: '王房东' }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person as { id: string; version: number };
}

describe('own home and landlord', () => {
  it('refuses a new person in their own home with a landlord, naming 房东, and registers nobody', async () => {
    const input = personInput({ housingType: 'own', landlord: '王房东' });
    const res = await send('POST', '/api/persons', input);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('landlord');
    expect(res.json().error.issues[0].message).toContain('房东');
    const found = await send('GET', `/api/persons/lookup?idNumber=${input.idNumber}`);
    expect(found.statusCode).toBe(404);
  });

  it('refuses a landlord added to a person already in their own home', async () => {
    const p = await renter();
    const own = await send('PATCH', `/api/persons/${p.id}`, { version: p.version, housingType: 'own' });
    expect(own.statusCode, own.body).toBe(200);
    const res = await send('PATCH', `/api/persons/${p.id}`, { version: own.json().person.version, landlord: '李房东' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('landlord');
  });

  it('clears the landlord when the person moves into their own home, and keeps it in the history', async () => {
    const p = await renter();
    const res = await send('PATCH', `/api/persons/${p.id}`, { version: p.version, housingType: 'own' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().person).toMatchObject({ housingType: 'own', landlord: null });
    const history = await send('GET', `/api/persons/${p.id}/history`);
    expect(JSON.stringify(history.json())).toContain('王房东');
  });

  it('keeps the landlord of a person who rents', async () => {
    const p = await renter();
    const res = await send('PATCH', `/api/persons/${p.id}`, { version: p.version, housingType: 'relative' });
    expect(res.json().person.landlord).toBe('王房东');
  });

  it('refuses linking a registered landlord to a person in their own home, naming the field', async () => {
    const party = await send('POST', '/api/employers', {
      kind: 'landlord',
      divisionCode: VILLAGE,
      name: '赵房东',
      contactName: '赵先生',
      contactPhone: '0574-87650000',
    });
    expect(party.statusCode, party.body).toBe(201);
    const own = await send('POST', '/api/persons', personInput({ housingType: 'own' }));
    const res = await send('PUT', `/api/persons/${own.json().person.id}/employer-links`, {
      employerId: null,
      landlordId: party.json().party.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('landlordId');
  });
});
