/**
 * Dates and uploads on every route, found in the OpenAPI document and the route table rather than a hand list,
 * so a new route is covered the day it is added. Year 0000 (PostgreSQL has no year 0), 2026-02-30 and broken
 * multipart bodies all answered 500 before; the properties: never a 5xx, and every date field refuses an
 * impossible or out-of-range date with an issue that names that field.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPT_SCOPES } from '../src/core/dept-scopes.ts';
import { createDeptKey } from '../src/modules/dept/index.ts';
import { MemorySmsSender, setSmsSender } from '../src/modules/portal/sms.ts';
import { cookieOf, createTestEnv, type TestEnv } from './support/context.ts';
import { personInput, validIdNumber } from './support/fixtures.ts';
import { expectErrorShape } from './support/fuzz.ts';

let env: TestEnv;
/** One session per kind of caller, so every route has someone its access check lets through to validation. */
/** Who may call: staff, a resident, and a department key with every scope (department routes take no session). */
let callers: Record<string, string>[] = [];
let village = '';
let resident = '';
const sms = new MemorySmsSender();

beforeAll(async () => {
  process.env.LIUDONG_PORTAL_RATE_PER_MINUTE = '10000';
  env = await createTestEnv();
  setSmsSender(sms);
  village = await env.login('village');
  const staff = await Promise.all(['admin', 'auditor', 'provider', 'dept'].map((u) => env.login(u)));
  const input = personInput({ idNumber: validIdNumber('341221', '1990-02-03', 'F') });
  const created = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: input,
  });
  expect(created.statusCode, created.body).toBe(201);
  await env.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { idNumber: input.idNumber } });
  const verified = await env.app.inject({
    method: 'POST',
    url: '/api/portal/auth/verify',
    payload: { idNumber: input.idNumber, code: sms.lastCode() },
  });
  resident = cookieOf(verified);
  await env.app.inject({
    method: 'POST',
    url: '/api/portal/consent',
    headers: { cookie: resident },
    payload: { terms: true, health: true },
  });
  const dept = await createDeptKey(env.ctx.db, {
    department: '江北区公安分局',
    divisionCode: '330205000000',
    scopes: [...DEPT_SCOPES],
  });
  callers = [...[...staff, village, resident].map((cookie) => ({ cookie })), { 'x-api-key': dept.key }];
});
afterAll(() => env.close());

type Kind = 'date' | 'date-time' | 'month';
interface DateField {
  method: string;
  url: string;
  where: 'query' | 'body';
  /** Field path as the error issues spell it, e.g. children.0.birthDate. */
  path: string[];
  kind: Kind;
}
interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  schema?: JsonSchema;
  name?: string;
  in?: string;
}
interface Operation {
  parameters?: JsonSchema[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const MONTH_PATTERN = String.raw`^\d{4}-(0[1-9]|1[0-2])$`;

function kindOf(s: JsonSchema): Kind | null {
  if (s.format === 'date' || s.format === 'date-time') return s.format;
  if (s.pattern === MONTH_PATTERN) return 'month';
  return null;
}

function* dateNodes(s: JsonSchema | undefined, path: string[]): Generator<[string[], Kind]> {
  if (!s) return;
  const kind = kindOf(s);
  if (kind) yield [path, kind];
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) yield* dateNodes(alt, path);
  for (const [key, child] of Object.entries(s.properties ?? {})) yield* dateNodes(child, [...path, key]);
  if (s.items) yield* dateNodes(s.items, [...path, '0']);
}

/** Every date, date-time and month field of every operation, from the app's own OpenAPI document. */
function dateFields(): DateField[] {
  const doc = (env.app as unknown as { swagger(): { paths: Record<string, Record<string, Operation>> } }).swagger();
  const out: DateField[] = [];
  for (const [openapiPath, methods] of Object.entries(doc.paths)) {
    const url = openapiPath.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(methods)) {
      for (const p of op.parameters ?? []) {
        if (p.in !== 'query' || !p.name) continue;
        for (const [, kind] of dateNodes(p.schema, [])) out.push({ method, url, where: 'query', path: [p.name], kind });
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      for (const [path, kind] of dateNodes(body, [])) out.push({ method, url, where: 'body', path, kind });
    }
  }
  return out;
}

/** Nested object holding `value` at `path` (arrays where a segment is an index). */
function bodyWith(path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

const PARAM = '00000000-0000-4000-8000-000000000000';

async function send(field: DateField, value: string, headers: Record<string, string>) {
  const url = field.url.replace(/:\w+/g, PARAM);
  if (field.where === 'query') {
    const qs = new URLSearchParams({ [field.path[0] as string]: value }).toString();
    return env.app.inject({ method: field.method.toUpperCase() as 'GET', url: `${url}?${qs}`, headers });
  }
  return env.app.inject({
    method: field.method.toUpperCase() as 'POST',
    url,
    headers,
    payload: bodyWith(field.path, value) as object,
  });
}

/** The first caller the route's access check lets through (anything but 401/403). */
async function callerFor(field: DateField, value: string): Promise<Record<string, string> | null> {
  for (const caller of callers) {
    const res = await send(field, value, caller);
    if (res.statusCode !== 401 && res.statusCode !== 403) return caller;
  }
  return null;
}

const REFUSED: Record<Kind, string[]> = {
  date: [
    '0000-01-01',
    '0000-02-29',
    '1899-12-31',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2100-01-01',
    '9999-12-31',
    '2026-1-1',
    '+02026-01-01',
    '２０２６-０１-０１',
  ],
  'date-time': ['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2026-02-30T09:00:00+08:00', '9999-12-31T23:59:59Z'],
  month: ['0000-01', '1899-12', '2026-13', '2026-00', '9999-12'],
};

describe('date fields of every route', () => {
  it('are found in the OpenAPI document (the queries and bodies the review found answering 500 among them)', () => {
    const names = dateFields().map((f) => `${f.method.toUpperCase()} ${f.url} ${f.where}:${f.path.join('.')}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/persons body:arrivedOn',
        'POST /api/persons body:children.0.birthDate',
        'GET /api/visits query:from',
        'GET /api/visits query:to',
        'GET /api/certificates query:expiringBefore',
        'POST /api/complaints/:id/legal-requests body:knownOn',
        'GET /api/audit query:from',
      ]),
    );
  });

  it('refuse impossible and out-of-range dates with an issue naming the field, never a 5xx', async () => {
    const unreachable: string[] = [];
    for (const field of dateFields()) {
      const values = REFUSED[field.kind];
      const caller = await callerFor(field, values[0] as string);
      if (!caller) {
        unreachable.push(`${field.method} ${field.url}`);
        continue;
      }
      for (const value of values) {
        const res = await send(field, value, caller);
        const where = `${field.method.toUpperCase()} ${field.url} ${field.path.join('.')}=${value}`;
        expectErrorShape(res.statusCode, res.body);
        expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBe(400);
        const paths = (res.json().error.issues as { path: string }[]).map((i) => i.path);
        expect(paths, where).toContain(field.path.join('.'));
      }
    }
    expect(unreachable).toEqual([]);
  });

  it('never answer 5xx to date-shaped text in any query parameter, valid or not', async () => {
    const fields = dateFields().filter((f) => f.where === 'query');
    const allowed = new Map<DateField, Record<string, string> | null>();
    for (const f of fields) allowed.set(f, await callerFor(f, '2026-01-01'));
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const dateText = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
        .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
      fc.constantFrom('1900-01-01', '2099-12-31', '2024-02-29', '1900-01-01T00:00:00Z', '2099-12', '1900-01'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), dateText, async (field, value) => {
        const caller = allowed.get(field);
        if (!caller) return;
        const res = await send(field, value, caller);
        expectErrorShape(res.statusCode, res.body);
      }),
      { numRuns: 300 },
    );
  });
});

/** Broken multipart bodies: cut off, a boundary the body does not use, no boundary at all, no parts. */
const FILE_PART =
  '--XB\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n';
const PNG = '\x89PNG\r\n\x1a\n0123456789';
const BROKEN: Record<string, { type: string; body: string }> = {
  truncated: { type: 'multipart/form-data; boundary=XB', body: `${FILE_PART}${PNG}` },
  'truncated header': { type: 'multipart/form-data; boundary=XB', body: '--XB\r\nContent-Disposition: form-da' },
  'wrong boundary': { type: 'multipart/form-data; boundary=OTHER', body: `${FILE_PART}${PNG}\r\n--XB--\r\n` },
  'no boundary': { type: 'multipart/form-data', body: `${FILE_PART}${PNG}\r\n--XB--\r\n` },
  'empty boundary': { type: 'multipart/form-data; boundary=', body: `${FILE_PART}${PNG}\r\n--XB--\r\n` },
  'no parts': { type: 'multipart/form-data; boundary=XB', body: '--XB--\r\n' },
  'two files': {
    type: 'multipart/form-data; boundary=XB',
    body: `${FILE_PART}${PNG}\r\n${FILE_PART}${PNG}\r\n--XB--\r\n`,
  },
  'not multipart': { type: 'text/plain', body: PNG },
};

describe('upload routes', () => {
  /** Each upload route with the caller and a record its handler accepts, so the body reaches the parser. */
  async function uploadTargets(): Promise<{ url: string; cookie: string }[]> {
    const complaint = await env.app.inject({
      method: 'POST',
      url: '/api/portal/complaints',
      headers: { cookie: resident },
      payload: { type: 'complaint', category: 'other', subject: '附件测试', body: '请看附件中的照片' },
    });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const mother = await env.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie: village },
      payload: personInput({ idNumber: validIdNumber('341221', '1994-05-06', 'F') }),
    });
    const registration = await env.app.inject({
      method: 'POST',
      url: '/api/birth-registrations',
      headers: { cookie: village },
      payload: { personId: mother.json().person.id, placeBasis: 'residence', childOrder: 1, childBornOn: '2026-11-01' },
    });
    expect(registration.statusCode, registration.body).toBe(201);
    return [
      { url: `/api/portal/complaints/${complaint.json().complaint.id}/attachments`, cookie: resident },
      {
        url: `/api/birth-registrations/${registration.json().registration.id}/documents?documentKind=other`,
        cookie: village,
      },
      { url: '/api/imports/persons', cookie: village },
      { url: '/api/imports/uploads', cookie: village },
    ];
  }

  it('answer broken multipart bodies with 400, 413 or 415, never a 5xx', async () => {
    for (const target of await uploadTargets()) {
      for (const [name, broken] of Object.entries(BROKEN)) {
        const res = await env.app.inject({
          method: 'POST',
          url: target.url,
          headers: { cookie: target.cookie, 'content-type': broken.type },
          payload: broken.body,
        });
        expectErrorShape(res.statusCode, res.body);
        expect([400, 413, 415], `${target.url} ${name}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      }
    }
  });

  it('every write route in the route table answers broken multipart bodies without a 5xx', async () => {
    const writes = env.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && r.method === 'POST' && !/^\/api\/(auth|portal\/auth)\//.test(r.url),
    );
    for (const route of writes) {
      for (const cookie of [village, resident]) {
        for (const broken of Object.values(BROKEN)) {
          const res = await env.app.inject({
            method: 'POST',
            url: route.url.replace(/:\w+/g, PARAM),
            headers: { cookie, 'content-type': broken.type },
            payload: broken.body,
          });
          expectErrorShape(res.statusCode, res.body);
        }
      }
    }
  });
});
