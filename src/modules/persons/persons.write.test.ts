import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput, VILLAGE } from '../../../test/support/fixtures.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { wireModules } from '../wiring.ts';
import { creationChanges, inputColumns } from './persons.columns.ts';
import { peopleRegistered, personChanged, personRegistered } from './persons.hooks.ts';
import { type NewPerson, registerMany } from './persons.write.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

/** New people as the importer prepares them: registered in 临泉县, living in 梅堰社区 (floating). */
function newPeople(n: number): NewPerson[] {
  return Array.from({ length: n }, () => {
    const input = personInput();
    const id = parseIdNumber(input.idNumber);
    if (!id.ok) throw new Error('fixture ID number is invalid');
    const row = { ...inputColumns(env.ctx.pii, input as Parameters<typeof inputColumns>[1], id.value) };
    return { id: crypto.randomUUID(), row, changes: JSON.stringify(creationChanges({ name: input.name })) };
  });
}

async function register(people: NewPerson[], registeredBy?: string) {
  await env.ctx.db
    .transaction()
    .execute((trx) =>
      registerMany(trx, people, { actorId: null, ...(registeredBy === undefined ? {} : { registeredBy }) }),
    );
  return people.map((p) => p.id);
}

async function othersState(ids: string[]) {
  const { rows } = await sql<{ versions: string; history: string; episodes: string }>`
    SELECT (SELECT coalesce(sum(version), 0) FROM person WHERE NOT id = ANY(${ids}::uuid[])) AS versions,
      (SELECT count(*) FROM person_history WHERE NOT person_id = ANY(${ids}::uuid[])) AS history,
      (SELECT count(*) FROM person_episode WHERE NOT person_id = ANY(${ids}::uuid[])) AS episodes`.execute(env.ctx.db);
  return rows[0];
}

describe('registering a group of people', () => {
  it('writes each person at version 1 with one creation history line and one open residence episode', async () => {
    const ids = await register(newPeople(3));
    const people = await env.ctx.db.selectFrom('person').select(['id', 'version']).where('id', 'in', ids).execute();
    expect(people.map((p) => p.version)).toEqual([1, 1, 1]);
    const history = await env.ctx.db
      .selectFrom('person_history')
      .select(['person_id', 'version', 'kind', 'division_code'])
      .where('person_id', 'in', ids)
      .execute();
    expect(history).toHaveLength(3);
    expect(history.every((h) => h.version === 1 && h.kind === 'create' && h.division_code === VILLAGE)).toBe(true);
    const episodes = await env.ctx.db
      .selectFrom('person_episode')
      .select(['person_id', 'residence_division', 'arrived_on', 'departed_on'])
      .where('person_id', 'in', ids)
      .execute();
    expect(new Set(episodes.map((e) => e.person_id))).toEqual(new Set(ids));
    expect(episodes.every((e) => e.residence_division === VILLAGE && e.departed_on === null)).toBe(true);
  });

  it('leaves everyone outside the group as they were: no version, history line or episode added', async () => {
    const people = newPeople(2);
    const ids = people.map((p) => p.id);
    const before = await othersState(ids);
    await register(people, VILLAGE);
    expect(await othersState(ids)).toEqual(before);
  });

  it('announces a group registered by an office: the origin is notified of each floating person', async () => {
    const ids = await register(newPeople(2), VILLAGE);
    const notices = await env.ctx.db
      .selectFrom('exchange_outbox')
      .select(['person_id', 'event'])
      .where('person_id', 'in', ids)
      .execute();
    expect(notices.map((n) => n.event)).toEqual(['inflow', 'inflow']);
  });

  it('announces nothing for people loaded as already registered (demo and test data)', async () => {
    const ids = await register(newPeople(2));
    const notices = await env.ctx.db.selectFrom('exchange_outbox').select('id').where('person_id', 'in', ids).execute();
    expect(notices).toEqual([]);
  });
});

describe('wiring the modules', () => {
  it('registers each reaction once however often a context is opened', () => {
    const sizes = () => [personRegistered.size, peopleRegistered.size, personChanged.size];
    const once = sizes();
    wireModules();
    wireModules();
    expect(sizes()).toEqual(once);
    expect(once.every((n) => n > 0)).toBe(true);
  });
});
