/**
 * Reporting up the tree between deployments, over the real NATS JetStream on 127.0.0.1:4222: a county
 * deployment (江北区) submits a closed month, the province deployment (浙江, serving 33) stores it and shows it
 * to the city above the county with its figures. The message carries rollup cells only, and a tampered,
 * unsigned or inconsistent submission is dead-lettered with nothing stored.
 */
import crypto from 'node:crypto';
import { headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/core/china-time.ts';
import { KID_HEADER, parsePeers, SIG_HEADER, signBytes, subjectFor } from '../src/core/exchange.ts';
import { openBody, sealBody } from '../src/core/exchange-seal.ts';
import { monthsEndingWith } from '../src/core/indicators.ts';
import { type SubmissionMessage, submissionBody } from '../src/core/stats-submission.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.generator.ts';
import { exchangeIdentity } from '../src/modules/exchange/exchange.identity.ts';
import { connectNats, type NatsLink } from '../src/modules/exchange/exchange.nats.ts';
import { messageOf } from '../src/modules/exchange/exchange.submission.ts';
import { ExchangeWorker } from '../src/modules/exchange/exchange.worker.ts';
import { upsertUser } from '../src/modules/users/users.repository.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { configFor, peerEntry, requireNats, uniqueNames, waitFor } from './support/exchange.ts';

const CITY = '330200000000'; // 宁波市: the level above 江北区
const COUNTY = '330205000000';
const lastMonth = monthsEndingWith(chinaToday().slice(0, 7), 2)[0] as string;

let county: { env: TestEnv; worker: ExchangeWorker };
let province: { env: TestEnv; worker: ExchangeWorker };
let names: ReturnType<typeof uniqueNames>;
let link: NatsLink;
let countyAdmin: string;
let cityStaff: string;

beforeAll(async () => {
  await requireNats();
  names = uniqueNames();
  const [countyEnv, provinceEnv] = [await createTestEnv(), await createTestEnv()];
  const c = await peerEntry(countyEnv, '浙江省宁波市江北区', ['330205']);
  const p = await peerEntry(provinceEnv, '浙江省', ['33']);
  const worker = (env: TestEnv, served: string, peer: typeof c) =>
    new ExchangeWorker({
      db: env.ctx.db,
      pii: env.ctx.pii,
      config: configFor([served], parsePeers(JSON.stringify([peer.entry])), names),
    });
  county = { env: countyEnv, worker: worker(countyEnv, '330205', p) };
  province = { env: provinceEnv, worker: worker(provinceEnv, '33', c) };
  await county.worker.start();
  await province.worker.start();
  link = await connectNats({
    url: 'nats://127.0.0.1:4222',
    stream: names.stream,
    subjectPrefix: names.prefix,
    consumer: 'unused',
    filterSubjects: [],
    name: 'test',
  });
  countyAdmin = await countyEnv.login('admin');
  await upsertUser(provinceEnv.ctx.db, {
    username: 'ningbo',
    displayName: '宁波市卫健委',
    role: 'township_officer',
    divisionCode: CITY,
    password: DEMO_PASSWORD,
  });
  cityStaff = await provinceEnv.login('ningbo');
}, 240_000);

afterAll(async () => {
  await county?.worker.stop();
  await province?.worker.stop();
  await link?.jsm.streams.delete(names.stream).catch(() => undefined);
  await link?.nc.close();
  await county?.env.close();
  await province?.env.close();
});

const received = (version: number) =>
  waitFor(`version ${version} at the province`, () =>
    province.env.ctx.db
      .selectFrom('stat_submission')
      .selectAll()
      .where('division_code', '=', COUNTY)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
const receivedCount = async () =>
  (await province.env.ctx.db.selectFrom('stat_submission').select('id').execute()).length;

async function submitAtCounty(reason?: string) {
  const res = await county.env.app.inject({
    method: 'POST',
    url: '/api/stats/submissions',
    headers: { cookie: countyAdmin },
    payload: { period: lastMonth, ...(reason ? { reason } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  county.worker.nudge();
  return res.json() as { id: string; version: number };
}

async function overviewAtCity() {
  const res = await province.env.app.inject({
    method: 'GET',
    url: `/api/stats/submissions/overview?period=${lastMonth}&division=${CITY}`,
    headers: { cookie: cityStaff },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A submission message as the county would send it, altered by `change`, sealed for the province and signed. */
async function countySigned(change: (m: SubmissionMessage) => void) {
  const row = await county.env.ctx.db.selectFrom('stat_submission').selectAll().limit(1).executeTakeFirstOrThrow();
  const message = structuredClone(messageOf(row));
  message.id = crypto.randomUUID();
  change(message);
  const key = await exchangeIdentity(county.env.ctx.db, county.env.ctx.pii);
  const receiver = await exchangeIdentity(province.env.ctx.db, province.env.ctx.pii);
  const self = { publicKey: key.encryptionKey, privateKey: key.encryptionPrivateKey };
  const data = sealBody(submissionBody(message), self, receiver.encryptionKey);
  return { data, kid: key.kid, sig: signBytes(data, key.privateKey) };
}

async function publishRaw(data: Uint8Array, sign: { kid?: string; sig?: string }) {
  const h = headers();
  if (sign.kid) h.set(KID_HEADER, sign.kid);
  if (sign.sig) h.set(SIG_HEADER, sign.sig);
  const ack = await link.js.publish(subjectFor(names.prefix, CITY), data, { headers: h, msgID: crypto.randomUUID() });
  return `${ack.stream}:${ack.seq}`;
}

const deadLetter = (messageId: string) =>
  waitFor(`dead letter ${messageId}`, () =>
    province.env.ctx.db
      .selectFrom('exchange_dead_letter')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst(),
  );

describe('a county submission reaching the province deployment', () => {
  it('shows the city the county as submitted, from the other deployment, with the figures it submitted', async () => {
    const sent = await submitAtCounty();
    const row = await received(1);
    expect(row).toMatchObject({ origin: '浙江省宁波市江北区', status: 'submitted', parent_code: CITY });
    const local = await county.env.ctx.db
      .selectFrom('stat_submission')
      .selectAll()
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    expect(local.delivery).toBe('sent');
    expect(row.content_hash).toBe(local.content_hash);
    const unit = (await overviewAtCity()).units.find((u: { code: string }) => u.code === COUNTY);
    expect(unit).toMatchObject({ state: 'submitted', current: { version: 1, origin: '浙江省宁波市江北区' } });
    const countyTotal = (local.cells as { rows: { kind: string; cells: unknown[] }[] }).rows.find(
      (r) => r.kind === 'total',
    );
    expect(unit.total).toEqual(countyTotal?.cells);
    const assembled = await province.env.app.inject({
      method: 'GET',
      url: `/api/stats/submissions/assembled?period=${lastMonth}&division=${CITY}&format=csv`,
      headers: { cookie: cityStaff },
    });
    expect(assembled.statusCode).toBe(200);
    expect(assembled.body).toContain('江北区（第1版）');
  });

  it('carries rollup cells only: no person field, no ID number, no name of a registered person', async () => {
    const msg = await link.jsm.streams.getMessage(names.stream, { last_by_subj: subjectFor(names.prefix, CITY) });
    const countyKey = await exchangeIdentity(county.env.ctx.db, county.env.ctx.pii);
    const provinceKey = await exchangeIdentity(province.env.ctx.db, province.env.ctx.pii);
    const plain = openBody(
      (msg as NonNullable<typeof msg>).data,
      { publicKey: provinceKey.encryptionKey, privateKey: provinceKey.encryptionPrivateKey },
      countyKey.encryptionKey,
    ).toString('utf8');
    const body = JSON.parse(plain);
    expect(Object.keys(body.statsSubmission).sort()).toEqual(
      [
        'contentHash',
        'division',
        'id',
        'parent',
        'period',
        'periodKind',
        'reason',
        'report',
        'submittedAt',
        'submitter',
        'version',
      ].sort(),
    );
    expect(plain).not.toMatch(/\d{17}[\dX]/);
    expect(plain).not.toMatch(/"(idNumber|idHash|hukouDivision|residenceDivision|birthDate|phone|personId)"/);
    const people = await county.env.ctx.db.selectFrom('person').select('name').limit(200).execute();
    const named = people.filter((p) => p.name.length >= 3 && plain.includes(p.name));
    expect(named).toEqual([]);
  });

  it('shows a correction at the province as the version in force, with its reason', async () => {
    await submitAtCounty('补报迟到的月末数据');
    const row = await received(2);
    expect(row).toMatchObject({ reason: '补报迟到的月末数据', status: 'submitted' });
    expect((await received(1)).status).toBe('superseded');
    const unit = (await overviewAtCity()).units.find((u: { code: string }) => u.code === COUNTY);
    expect(unit).toMatchObject({ state: 'corrected', current: { version: 2 } });
  });

  it('gives the province a table of its counties across the cities, the county among them', async () => {
    await upsertUser(province.env.ctx.db, {
      username: 'zhejiang',
      displayName: '浙江省卫健委',
      role: 'county_admin',
      divisionCode: '330000000000',
      password: DEMO_PASSWORD,
    });
    const cookie = await province.env.login('zhejiang');
    const get = (url: string) => province.env.app.inject({ method: 'GET', url, headers: { cookie } });
    const res = await get(`/api/stats/submissions/overview?period=${lastMonth}&level=3`);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.unitLevel).toBe(3);
    expect(o.units.length).toBeGreaterThan(50);
    expect(o.units.find((u: { code: string }) => u.code === COUNTY)).toMatchObject({
      state: 'corrected',
      current: { version: 2, origin: '浙江省宁波市江北区' },
    });
    const table = (await get(`/api/stats/submissions/assembled?period=${lastMonth}&level=3`)).json();
    const total = table.rows.find((r: { kind: string }) => r.kind === 'total');
    const jiangbei = table.rows.find((r: { name: string }) => r.name.startsWith('江北区（第2版）'));
    expect(total.cells[0]).toBe(jiangbei.cells[0]);
    // A level that is not below the province's own is refused, naming the field.
    const bad = await get(`/api/stats/submissions/overview?period=${lastMonth}&division=${CITY}&level=2`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('level');
  });

  it('dead-letters a submission altered after signing, and stores nothing', async () => {
    const before = await receivedCount();
    const signed = await countySigned((m) => {
      m.version = 7;
      m.reason = '篡改';
    });
    const sealed = JSON.parse(Buffer.from(signed.data).toString('utf8')) as { ct: string };
    const i = Math.floor(sealed.ct.length / 2);
    sealed.ct = `${sealed.ct.slice(0, i)}${sealed.ct[i] === 'A' ? 'B' : 'A'}${sealed.ct.slice(i + 1)}`;
    const id = await publishRaw(Buffer.from(JSON.stringify(sealed)), signed);
    expect((await deadLetter(id)).reason_code).toBe('bad_signature');
    expect(await receivedCount()).toBe(before);
  });

  it('dead-letters an unsigned submission', async () => {
    const before = await receivedCount();
    const signed = await countySigned((m) => {
      m.version = 8;
      m.reason = '未签名';
    });
    const id = await publishRaw(signed.data, {});
    expect((await deadLetter(id)).reason_code).toBe('unsigned');
    expect(await receivedCount()).toBe(before);
  });

  it('dead-letters a signed submission whose figures do not match its content hash', async () => {
    const before = await receivedCount();
    const signed = await countySigned((m) => {
      m.version = 9;
      m.reason = '改了数字';
      const total = m.report.rows.find((r) => r.kind === 'total');
      if (total) total.cells[0] = 999999;
    });
    const id = await publishRaw(signed.data, signed);
    expect((await deadLetter(id)).reason_code).toBe('malformed');
    expect(await receivedCount()).toBe(before);
  });
});
