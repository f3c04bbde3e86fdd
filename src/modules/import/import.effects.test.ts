/**
 * What an import does besides writing people: inflow notifications to the origin (as the API's registration
 * sends them) and the statistics rollups (deferred per group, merged before the import finishes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanCsv, idNumber } from '../../../test/fixtures/import/build.ts';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { cliActor, cliUser } from '../../http/session.ts';
import { deferRollups, mergeRollupDeltas, rebuildRollups, rollupSnapshot } from '../stats/index.ts';
import { checkImportFile } from './import.file.ts';
import { runImport, startImport } from './import.service.ts';
import { importFile } from './import.test-support.ts';

let env: TestEnv;
let cookie: string;

beforeAll(async () => {
  env = await createTestEnv();
  cookie = await env.login('township');
});
afterAll(() => env.close());

/** Inflow notifications queued for people registered (户籍) in a county, with their residence-side case. */
async function inflowFor(county6: string) {
  return env.ctx.db
    .selectFrom('exchange_outbox as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .innerJoin('exchange_case as c', (j) => j.onRef('c.id', '=', 'o.case_id').on('c.side', '=', 'residence'))
    .select([
      'p.name',
      'o.idempotency_key',
      'o.person_id',
      'o.kind',
      'o.from_side',
      'o.division_code',
      'o.from_division',
      'o.to_division',
      'o.urgent',
      'o.needs_reply',
      'o.due_on',
      'o.payload',
      'o.status',
      'c.state',
      'c.division_code as case_division',
      'c.counterpart_division',
    ])
    .where('o.event', '=', 'inflow')
    .where('p.hukou_division', '=', `${county6}000000`)
    .orderBy('p.name')
    .execute();
}

describe('inflow notifications from an import', () => {
  it('queues one notification to the origin per imported person registered in another county', async () => {
    const job = await importFile(env, cookie, 'inflow.csv', cleanCsv(3, '341222'));
    expect(job).toMatchObject({ status: 'done', inserted: 3 });
    const sent = await inflowFor('341222');
    expect(sent.map((s) => s.name)).toEqual(['测试0', '测试1', '测试2']);
    for (const s of sent) {
      expect(s).toMatchObject({
        idempotency_key: `inflow:${s.person_id}`,
        kind: 'notification',
        to_division: '341222000000',
        from_side: 'residence',
        state: 'unconfirmed',
      });
    }
  });

  it('queues nothing for imported people registered in the same county', async () => {
    const job = await importFile(env, cookie, 'local.csv', cleanCsv(2, '330205'));
    expect(job).toMatchObject({ status: 'done', inserted: 2 });
    expect(await inflowFor('330205')).toEqual([]);
  });

  it('queues no second notification when the same file is imported again', async () => {
    const file = cleanCsv(2, '341225');
    await importFile(env, cookie, 'again.csv', file);
    const again = await importFile(env, cookie, 'again.csv', file);
    expect(again).toMatchObject({ status: 'done', inserted: 0, unchanged: 2 });
    expect(await inflowFor('341225')).toHaveLength(2);
  });

  it('writes the same notification as registering the person through the API', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie },
      payload: {
        idNumber: idNumber('341226', '1980-01-01', 900),
        name: '测试0',
        hukouDivision: '341226000000',
        residenceDivision: '330205005003',
        maritalStatus: 'first_marriage',
        arrivedOn: '2024-01-02',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    await importFile(env, cookie, 'same.csv', cleanCsv(1, '341282'));
    const [viaApi] = await inflowFor('341226');
    const [viaImport] = await inflowFor('341282');
    const comparable = (s: typeof viaApi) => {
      const { idempotency_key: _k, person_id: _p, to_division: _t, counterpart_division: _c, ...rest } = s ?? {};
      return rest;
    };
    expect(viaImport).toBeDefined();
    expect(comparable(viaImport)).toEqual(comparable(viaApi));
  });
});

/** Rows left in a table of deferred statistics. */
async function rows(table: 'stat_person_delta' | 'stat_rollup_delta'): Promise<number> {
  const r = await env.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The rollups kept incrementally equal what a full rebuild computes. */
async function expectRollupsEqualRebuild(): Promise<void> {
  const incremental = await rollupSnapshot(env.ctx.db);
  await rebuildRollups(env.ctx.db);
  expect(incremental).toEqual(await rollupSnapshot(env.ctx.db));
}

describe('statistics after an import', () => {
  it('leaves no deferred statistics behind', async () => {
    await importFile(env, cookie, 'stats.csv', cleanCsv(5, '341202'));
    for (const table of ['stat_person_delta', 'stat_rollup_delta'] as const) expect(await rows(table), table).toBe(0);
  });

  it('counts a person changed by the API while a deferred change to them waits for the merge exactly once', async () => {
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie },
      payload: personInput({ maritalStatus: 'unmarried' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json().person as { id: string };
    // A deferring transaction (as the importer's groups) marries them: their old and new rows wait for the merge.
    await env.ctx.db.transaction().execute(async (trx) => {
      await deferRollups(trx);
      await trx.updateTable('person').set({ marital_status: 'first_marriage' }).where('id', '=', id).execute();
    });
    const pending = await env.ctx.db
      .selectFrom('stat_person_delta')
      .select(['sign', 'married'])
      .where('person_id', '=', id)
      .orderBy('sign')
      .execute();
    expect(pending).toEqual([
      { sign: -1, married: false },
      { sign: 1, married: true },
    ]);
    // Before the merge, the API moves them to 湾头社区: that change reaches the rollups at once.
    const moved = await env.app.inject({
      method: 'PATCH',
      url: `/api/persons/${id}`,
      headers: { cookie },
      payload: { version: 1, residenceDivision: '330205005005' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await mergeRollupDeltas(env.ctx.db);
    await expectRollupsEqualRebuild();
  });

  it('merges mid-import beside the writes and still leaves the rollups equal to a full rebuild', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-merge-')), 'merge.csv');
    fs.writeFileSync(file, cleanCsv(3000, '341204'));
    const user = await cliUser(env.ctx, 'township', REGISTRY_ROLES);
    const started = await startImport(env.ctx, user, cliActor(user), await checkImportFile(file), {
      fileName: 'merge.csv',
      update: false,
    });
    // Groups of 1,000 and 2,000 rows, a merge after each.
    const job = await runImport(env.ctx, user, cliActor(user), started, undefined, 500);
    expect(job.inserted).toBe(3000);
    expect(await rows('stat_person_delta')).toBe(0);
    await expectRollupsEqualRebuild();
  });

  it('leaves the rollups equal to a full rebuild', async () => {
    await importFile(env, cookie, 'rebuild.csv', cleanCsv(40, '341203'));
    await expectRollupsEqualRebuild();
  });
});
