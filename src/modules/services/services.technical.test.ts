/**
 * Issue 26 part 3: free technical services with informed consent, a follow-up schedule and complications; who
 * pays on every service given; a removal is never refused or delayed.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { personInput } from '../../../test/support/fixtures.ts';
import { addDays, addMonths } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { CONSENT_TEXTS, CURRENT_CONSENT_VERSION, consentTextHash } from '../../core/services-technical.ts';

let env: TestEnv;
let village: string;

beforeAll(async () => {
  env = await createTestEnv();
  village = await env.login('village');
});
afterAll(() => env.close());

const SERVED = addDays(today(), -20);
const ALL_POINTS = Object.keys(CONSENT_TEXTS[CURRENT_CONSENT_VERSION]?.items ?? {});

function post(url: string, payload: object) {
  return env.app.inject({ method: 'POST', url, headers: { cookie: village }, payload });
}
function get(url: string) {
  return env.app.inject({ method: 'GET', url, headers: { cookie: village } });
}

async function newPerson(): Promise<string> {
  const res = await post('/api/persons', personInput());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id;
}

const technical = (personId: string, serviceKind: string, overrides: object = {}) => ({
  personId,
  serviceKind,
  status: 'done',
  serviceDate: SERVED,
  consent: true,
  payer: 'public_health_funds',
  informedConsent: { method: 'checklist', textVersion: CURRENT_CONSENT_VERSION, checked: ALL_POINTS },
  ...overrides,
});

function issuePaths(res: { json(): { error: { issues: { path: string }[] } } }) {
  return res.json().error.issues.map((i) => i.path);
}

describe('technical services', () => {
  it('records an IUD insertion with its ticked consent, the text’s version and hash, and a first follow-up', async () => {
    const person = await newPerson();
    const res = await post('/api/services', technical(person, 'iud_insertion'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service).toMatchObject({ serviceKind: 'iud_insertion', nextDueOn: addMonths(SERVED, 1) });
    const detail = await get(`/api/services/${res.json().service.id}/technical`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().consent).toMatchObject({
      method: 'checklist',
      textVersion: CURRENT_CONSENT_VERSION,
      textSha256: consentTextHash(CURRENT_CONSENT_VERSION),
      checked: ALL_POINTS,
      signedOn: SERVED,
    });
  });

  it('stores an uploaded signed form by its own hash and never returns the file', async () => {
    const person = await newPerson();
    const file = Buffer.from('%PDF-1.4 signed consent');
    const res = await post(
      '/api/services',
      technical(person, 'vasectomy', {
        informedConsent: {
          method: 'document',
          textVersion: CURRENT_CONSENT_VERSION,
          fileName: '同意书.pdf',
          contentType: 'application/pdf',
          dataBase64: file.toString('base64'),
        },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const detail = await get(`/api/services/${res.json().service.id}/technical`);
    expect(detail.json().consent).toMatchObject({
      method: 'document',
      documentName: '同意书.pdf',
      documentSha256: createHash('sha256').update(file).digest('hex'),
    });
    expect(detail.body).not.toContain(file.toString('base64'));
  });

  it('refuses a technical service without the signed consent, naming the field, and saves nothing', async () => {
    const person = await newPerson();
    const res = await post('/api/services', technical(person, 'implant_insertion', { informedConsent: undefined }));
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res)).toContain('informedConsent');
    expect((await get(`/api/persons/${person}/services`)).json().items).toEqual([]);
  });

  it('refuses a checklist with a point left unticked, and an unknown text version', async () => {
    const person = await newPerson();
    const partial = await post(
      '/api/services',
      technical(person, 'tubal_ligation', {
        informedConsent: { method: 'checklist', textVersion: CURRENT_CONSENT_VERSION, checked: ALL_POINTS.slice(1) },
      }),
    );
    expect(issuePaths(partial)).toContain('informedConsent.checked');
    const unknown = await post(
      '/api/services',
      technical(person, 'tubal_ligation', {
        informedConsent: { method: 'checklist', textVersion: '1999-01', checked: ALL_POINTS },
      }),
    );
    expect(issuePaths(unknown)).toContain('informedConsent.textVersion');
  });

  it('follows the schedule: a follow-up visit carries the next date, and the work list shows one item', async () => {
    const person = await newPerson();
    const insertion = (await post('/api/services', technical(person, 'implant_insertion'))).json().service;
    // The first visit, a little early (the service was 20 days ago).
    const visitOn = today();
    const visit = await post('/api/services', {
      personId: person,
      serviceKind: 'technical_follow_up',
      status: 'done',
      serviceDate: visitOn,
      consent: true,
      payer: 'public_health_funds',
      followUpOf: insertion.id,
    });
    expect(visit.statusCode, visit.body).toBe(201);
    expect(visit.json().service.nextDueOn).toBe(addMonths(SERVED, 3));
    const items = (await get(`/api/persons/${person}/work-items`)).json().items as {
      kind: string;
      dueOn: string;
    }[];
    const followUps = items.filter((i) => i.kind === 'service_follow_up');
    expect(followUps.map((i) => i.dueOn)).not.toContain(addMonths(SERVED, 1));
    const detail = (await get(`/api/services/${insertion.id}/technical`)).json();
    expect(detail.followUps).toHaveLength(1);
    expect(detail.nextFollowUpOn).toBe(addMonths(SERVED, 3));
  });

  it('refuses a follow-up visit that names no technical service of the person', async () => {
    const person = await newPerson();
    const res = await post('/api/services', {
      personId: person,
      serviceKind: 'technical_follow_up',
      status: 'done',
      serviceDate: SERVED,
      consent: true,
      payer: 'public_health_funds',
    });
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res)).toContain('followUpOf');
  });

  it('records a complication against the service and lists it', async () => {
    const person = await newPerson();
    const insertion = (await post('/api/services', technical(person, 'iud_insertion'))).json().service;
    const res = await post(`/api/services/${insertion.id}/complications`, {
      kind: 'bleeding',
      severity: 'mild',
      notedOn: today(),
      note: '少量出血，已处理',
    });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await get(`/api/services/${insertion.id}/technical`)).json();
    expect(detail.complications).toMatchObject([{ kind: 'bleeding', severity: 'mild', notedOn: today() }]);
  });
});

describe('a removal is never refused or delayed', () => {
  it('records a removal at once with no insertion on record, no spouse and no waiting time', async () => {
    const person = await newPerson();
    const res = await post('/api/services', technical(person, 'iud_removal', { serviceDate: today() }));
    expect(res.statusCode, res.body).toBe(201);
    const saved = await env.ctx.db
      .selectFrom('service_record')
      .select(['status', 'service_date'])
      .where('id', '=', res.json().service.id)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ status: 'done', service_date: today() });
  });

  it('records a removal on the same day as the insertion, with follow-up visits still open', async () => {
    const person = await newPerson();
    const day = today();
    expect((await post('/api/services', technical(person, 'implant_insertion', { serviceDate: day }))).statusCode).toBe(
      201,
    );
    const removal = await post('/api/services', technical(person, 'implant_removal', { serviceDate: day }));
    expect(removal.statusCode, removal.body).toBe(201);
  });

  it('asks of a removal only what every service given asks (date, consent, payer)', async () => {
    const person = await newPerson();
    const res = await post('/api/services', technical(person, 'iud_removal', { payer: undefined, consent: false }));
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res).sort()).toEqual(['consent', 'payer']);
  });
});

describe('who pays', () => {
  it('requires a payer on a service given, naming the field', async () => {
    const person = await newPerson();
    const res = await post('/api/services', {
      personId: person,
      serviceKind: 'reproductive_checkup',
      status: 'done',
      serviceDate: SERVED,
      consent: true,
    });
    expect(res.statusCode).toBe(400);
    expect(issuePaths(res)).toEqual(['payer']);
  });

  it('needs no payer on a declined offer, and stores none', async () => {
    const person = await newPerson();
    const res = await post('/api/services', {
      personId: person,
      serviceKind: 'reproductive_checkup',
      status: 'declined',
      serviceDate: SERVED,
      consent: false,
      payer: 'self',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().service.payer).toBeNull();
  });

  it('reports services per payer and kind, as JSON and CSV', async () => {
    const before = (await get('/api/services/by-payer')).json();
    const person = await newPerson();
    await post('/api/services', technical(person, 'iud_insertion', { payer: 'employer' }));
    const after = (await get('/api/services/by-payer')).json();
    const row = (r: typeof after) =>
      r.rows.find((x: { serviceKind: string }) => x.serviceKind === 'iud_insertion')?.counts.employer ?? 0;
    expect(row(after)).toBe(row(before) + 1);
    expect(after.totals.employer).toBe(before.totals.employer + 1);
    const csv = await get('/api/services/by-payer?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('用人单位');
    expect(csv.body).toContain('放环');
  });
});
