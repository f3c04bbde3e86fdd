/**
 * The authorization matrix: every API route × every role × {no session, record in scope, record out of
 * scope}, walked from the app's own route table. A route missing from ACCESS below fails the suite, so
 * a new route cannot ship without a decision about who may call it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.ts';
import { ROLES, upsertUser } from '../src/modules/users/users.repository.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';
import { personInput } from './support/fixtures.ts';

type Access = 'public' | 'any-session' | readonly Role[];
const REGISTRY: readonly Role[] = ['county_admin', 'township_officer', 'village_manager'];
const USER_ADMINS: readonly Role[] = ['county_admin', 'township_officer'];

/**
 * Who may call what. `person: true` routes take a person id and must answer 404 outside the scope; `user: true`
 * routes take a staff account's id and must answer 404 for an account outside the administrator's jurisdiction.
 */
const ACCESS: Record<string, { access: Access; person?: boolean; user?: boolean; body?: object }> = {
  'GET /api/health': { access: 'public' },
  'POST /api/auth/login': { access: 'public', body: { username: 'nobody', password: 'x' } },
  'POST /api/auth/logout': { access: 'public' },
  'GET /api/auth/me': { access: 'any-session' },
  'POST /api/auth/totp': { access: 'any-session', body: { code: '000000' } },
  'POST /api/auth/totp/enrol': { access: 'any-session' },
  'POST /api/auth/totp/confirm': { access: 'any-session', body: { code: '000000' } },
  'POST /api/auth/password': { access: 'any-session', body: { currentPassword: 'x', newPassword: 'y' } },
  'POST /api/auth/logout-all': { access: 'any-session' },
  'GET /api/divisions': { access: 'any-session' },
  'GET /api/divisions/:code/children': { access: 'any-session' },
  'GET /api/divisions/:code': { access: 'any-session' },
  'GET /api/persons': { access: REGISTRY },
  'POST /api/persons': { access: REGISTRY, body: {} },
  'GET /api/persons/lookup': { access: REGISTRY },
  'POST /api/persons/break-glass': { access: REGISTRY, body: {} },
  'GET /api/persons/:id': { access: REGISTRY, person: true },
  'PATCH /api/persons/:id': { access: REGISTRY, person: true, body: { version: 1 } },
  'GET /api/persons/:id/history': { access: REGISTRY, person: true },
  'GET /api/persons/:id/episodes': { access: REGISTRY, person: true },
  'GET /api/persons/:id/access-log': { access: [...REGISTRY, 'auditor'], person: true },
  // Merging duplicates (issue 24 part 3): whoever may edit persons, with both records in scope.
  'GET /api/persons/merge-preview': { access: REGISTRY },
  'POST /api/persons/merge': { access: REGISTRY, body: {} },
  'POST /api/persons/merges/:mergeId/undo': { access: REGISTRY },
  'GET /api/persons/:id/merges': { access: REGISTRY, person: true },
  // Duplicate candidates (issue 24): the review queue, pairs in scope.
  'GET /api/duplicates': { access: REGISTRY },
  'POST /api/duplicates/:id/not-duplicate': { access: REGISTRY },
  'POST /api/duplicates/:id/refer': { access: REGISTRY },
  'GET /api/audit': { access: ['auditor', 'county_admin'] },
  // Certificates, verification, department API and work lists (issue 3).
  'POST /api/certificates': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/certificates': { access: REGISTRY },
  'GET /api/certificates/:id': { access: REGISTRY },
  'POST /api/certificates/:id/reissue': { access: ['county_admin', 'township_officer'], body: {} },
  'POST /api/certificates/:id/revoke': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/certificates/:id/pdf': { access: REGISTRY },
  'GET /api/persons/:id/certificates': { access: REGISTRY, person: true },
  'POST /api/certificates/print-jobs': { access: REGISTRY, body: {} },
  'GET /api/certificates/print-jobs/:jobId': { access: REGISTRY },
  'GET /api/certificates/print-jobs/:jobId/pdf': { access: REGISTRY },
  'POST /api/certificate-checks': { access: REGISTRY, body: {} },
  'GET /api/certificate-checks': { access: REGISTRY },
  'GET /api/misuse-incidents': { access: REGISTRY },
  'POST /api/misuse-incidents/:id/refer': { access: ['county_admin', 'township_officer'], body: {} },
  // Public: no session; the department route checks its own API key (see src/modules/dept).
  'GET /api/verify/:number': { access: 'public' },
  'POST /api/verify': { access: 'public', body: { payload: 'x' } },
  'POST /api/verify/:number': { access: 'public', body: { birthDate: '1990-01-01' } },
  'GET /api/dept/certificate-status': { access: 'public' },
  'GET /api/worklists/summary': { access: REGISTRY },
  'GET /api/worklists/items': { access: REGISTRY },
  'GET /api/persons/:id/work-items': { access: REGISTRY, person: true },
  'GET /api/audit/export': { access: ['auditor', 'county_admin'] },
  'GET /api/audit/status': { access: ['auditor', 'county_admin'] },
  'GET /api/imports/template.xlsx': { access: REGISTRY },
  'POST /api/imports/persons': { access: REGISTRY },
  'GET /api/imports/:id': { access: REGISTRY },
  'GET /api/imports/:id/errors.xlsx': { access: REGISTRY },
  'GET /api/imports/:id/errors': { access: REGISTRY },
  'POST /api/imports/uploads': { access: REGISTRY },
  'POST /api/imports/uploads/:id/preview': { access: REGISTRY, body: {} },
  'POST /api/imports/uploads/:id/import': { access: REGISTRY, body: {} },
  'GET /api/exports/persons': { access: REGISTRY },
  // Community work (issue 9, part B): households and groups, visits, employers and landlords, outreach.
  'GET /api/representatives': { access: REGISTRY },
  'POST /api/representatives': { access: REGISTRY, body: {} },
  'GET /api/households': { access: REGISTRY },
  'POST /api/households': { access: REGISTRY, body: {} },
  'GET /api/households/:id': { access: REGISTRY },
  'PATCH /api/households/:id': { access: REGISTRY, body: { version: 1 } },
  'POST /api/households/:id/absences': { access: REGISTRY, body: {} },
  'GET /api/household-groups': { access: REGISTRY },
  'POST /api/household-groups': { access: REGISTRY, body: {} },
  'GET /api/household-groups/:id': { access: REGISTRY },
  'PATCH /api/household-groups/:id': { access: REGISTRY, body: { version: 1 } },
  'POST /api/household-groups/:id/roster': { access: REGISTRY, body: { fromMonth: '2027-01' } },
  'GET /api/household-groups/:id/roster.pdf': { access: REGISTRY },
  'GET /api/household-groups/:id/duty-logs': { access: REGISTRY },
  'POST /api/household-groups/:id/duty-logs': { access: REGISTRY, body: {} },
  'GET /api/visits': { access: REGISTRY },
  'POST /api/visits': { access: REGISTRY, body: {} },
  'GET /api/persons/:id/visits': { access: REGISTRY, person: true },
  'GET /api/employers': { access: REGISTRY },
  'POST /api/employers': { access: REGISTRY, body: {} },
  'GET /api/employers/outreach-list': { access: REGISTRY },
  'GET /api/employers/:id': { access: REGISTRY },
  'PATCH /api/employers/:id': { access: REGISTRY, body: { version: 1 } },
  'POST /api/employers/:id/agreements': { access: REGISTRY, body: {} },
  'GET /api/persons/:id/employer-links': { access: REGISTRY, person: true },
  'PUT /api/persons/:id/employer-links': {
    access: REGISTRY,
    person: true,
    body: { employerId: null, landlordId: null },
  },
  'GET /api/outreach-events': { access: REGISTRY },
  'POST /api/outreach-events': { access: REGISTRY, body: {} },
  'GET /api/outreach-events/figures': { access: REGISTRY },
  'GET /api/outreach-events/:id': { access: REGISTRY },
  // Resident portal (issue 9): sign-in is public; everything else is the resident's own data, from the session.
  'POST /api/portal/auth/code': { access: 'public', body: { idNumber: '341221199001011231' } },
  'POST /api/portal/auth/verify': { access: 'public', body: { idNumber: '341221199001011231', code: '000000' } },
  'GET /api/portal/me': { access: ['resident'] },
  'POST /api/portal/consent': { access: ['resident'], body: { terms: true, health: true } },
  'GET /api/portal/certificates': { access: ['resident'] },
  'GET /api/portal/services': { access: ['resident'] },
  'GET /api/portal/access-log': { access: ['resident'] },
  'GET /api/portal/applications': { access: ['resident'] },
  'GET /api/portal/birth-registrations': { access: ['resident'] },
  'POST /api/portal/birth-registrations': {
    access: ['resident'],
    body: { placeBasis: 'residence', childOrder: 1, expectedOn: '2027-05-01', pledge: true },
  },
  'POST /api/portal/applications': { access: ['resident'], body: { kind: 'temporary' } },
  'POST /api/portal/contact-changes': { access: ['resident'], body: { residenceAddress: '梅堰路1号' } },
  'GET /api/portal/slots': { access: ['resident'] },
  'POST /api/portal/bookings': { access: ['resident'], body: { slotId: '00000000-0000-4000-8000-000000000000' } },
  'POST /api/portal/bookings/:id/cancel': { access: ['resident'] },
  'GET /api/portal/complaints': { access: ['resident'] },
  'POST /api/portal/complaints': {
    access: ['resident'],
    body: { type: 'consultation', category: 'policy', subject: '咨询', body: '想了解免费体检的时间' },
  },
  'POST /api/portal/complaints/:id/rating': { access: ['resident'], body: { rating: 5 } },
  'POST /api/portal/complaints/:id/attachments': { access: ['resident'] },
  'GET /api/certificate-applications': { access: REGISTRY },
  'POST /api/certificate-applications/:id/decide': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/contact-changes': { access: REGISTRY },
  'POST /api/contact-changes/:id/decide': { access: REGISTRY, body: {} },
  'GET /api/service-slots': { access: [...REGISTRY, 'provider'] },
  'POST /api/service-slots': { access: [...REGISTRY, 'provider'], body: {} },
  // Complaints (便民维权).
  'POST /api/complaints': { access: REGISTRY, body: {} },
  'GET /api/complaints': { access: REGISTRY },
  'GET /api/complaints/stats': { access: REGISTRY },
  'GET /api/complaints/:id': { access: REGISTRY },
  'POST /api/complaints/:id/assign': { access: REGISTRY, body: {} },
  'POST /api/complaints/:id/reply': { access: REGISTRY, body: {} },
  'POST /api/complaints/:id/legal-requests': { access: REGISTRY, body: {} },
  'GET /api/complaints/:id/attachments/:attachmentId': { access: REGISTRY },
  // Services, supply and birth registration (issue 4). Providers reach people only through their facility
  // (referred or served there), so their routes are not `person: true`: services.test.ts covers their scope.
  'POST /api/services': { access: [...REGISTRY, 'provider'], body: {} },
  'GET /api/persons/:id/services': { access: REGISTRY, person: true },
  'GET /api/persons/:id/timeline': { access: REGISTRY, person: true },
  'GET /api/services': { access: REGISTRY },
  'POST /api/referrals': { access: REGISTRY, body: {} },
  'GET /api/facilities': { access: [...REGISTRY, 'provider'] },
  'GET /api/facility/clients': { access: ['provider'] },
  'GET /api/facility/clients/:id': { access: ['provider'] },
  // Issue 26: bookings reach the provider, technical services and payers, reminders.
  'GET /api/facility/bookings': { access: ['provider'] },
  'POST /api/facility/bookings/:id/attendance': { access: ['provider'], body: { attendance: 'attended' } },
  'GET /api/services/consent-text': { access: [...REGISTRY, 'provider'] },
  'GET /api/services/:id/technical': { access: [...REGISTRY, 'provider'] },
  'POST /api/services/:id/complications': { access: [...REGISTRY, 'provider'], body: {} },
  'GET /api/services/by-payer': { access: REGISTRY },
  'GET /api/reminders': { access: REGISTRY },
  'GET /api/distribution-points': { access: REGISTRY },
  'POST /api/distribution-points': { access: REGISTRY, body: {} },
  'GET /api/distribution-points/:id': { access: REGISTRY },
  'POST /api/distribution-points/:id/movements': { access: REGISTRY, body: {} },
  'POST /api/distribution-points/:id/transfers': { access: REGISTRY, body: {} },
  'GET /api/stock/report': { access: REGISTRY },
  'GET /api/stock/alerts': { access: REGISTRY },
  'GET /api/persons/:id/birth-prefill': { access: REGISTRY, person: true },
  'POST /api/birth-registrations': { access: REGISTRY, body: {} },
  'GET /api/birth-registrations': { access: REGISTRY },
  'GET /api/birth-registrations/:id': { access: REGISTRY },
  'POST /api/birth-registrations/:id/transitions': { access: REGISTRY, body: {} },
  'POST /api/birth-registrations/:id/documents': { access: REGISTRY },
  'GET /api/birth-registrations/:id/documents/:docId': { access: REGISTRY },
  // Information exchange (issue 5).
  'GET /api/exchange/messages': { access: ['county_admin', 'township_officer'] },
  'GET /api/exchange/cases/:id': { access: ['county_admin', 'township_officer'] },
  'POST /api/exchange/messages/:id/reply': { access: ['county_admin', 'township_officer'], body: {} },
  'POST /api/exchange/inquiries': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/exchange/rates': { access: ['county_admin', 'township_officer'] },
  'GET /api/exchange/dead-letters': { access: ['county_admin'] },
  'POST /api/exchange/dead-letters/:id/retry': { access: ['county_admin'] },
  'GET /api/exchange/status': { access: ['county_admin'] },
  // Statistics (issue 6): aggregates only; department users see small cells withheld.
  'GET /api/stats/indicators': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/dashboard': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/population': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/indicators/:indicator': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/reports/:kind': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/summary': { access: REGISTRY },
  'GET /api/stats/targets': { access: [...REGISTRY, 'dept_verifier'] },
  'PUT /api/stats/targets': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/stats/targets/history': { access: [...REGISTRY, 'dept_verifier'] },
  'GET /api/stats/targets/template': { access: ['county_admin', 'township_officer'] },
  'POST /api/stats/targets/publish': { access: ['county_admin', 'township_officer'] },
  'GET /api/stats/assessments': { access: ['county_admin', 'township_officer'] },
  'PUT /api/stats/assessments': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/stats/assessments/export': { access: ['county_admin', 'township_officer'] },
  'POST /api/stats/submissions': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/stats/submissions': { access: REGISTRY },
  'GET /api/stats/submissions/preview': { access: ['county_admin', 'township_officer'] },
  'GET /api/stats/submissions/overview': { access: REGISTRY },
  'GET /api/stats/submissions/assembled': { access: REGISTRY },
  'GET /api/stats/submissions/:id/report': { access: REGISTRY },
  // Admin pages (issue 23 part 3): staff accounts for the county and townships; department keys for the county.
  'GET /api/users': { access: USER_ADMINS },
  'POST /api/users': { access: USER_ADMINS, body: {} },
  'POST /api/users/:id/password-reset': { access: USER_ADMINS, user: true },
  'POST /api/users/:id/lock': { access: USER_ADMINS, user: true, body: { reason: '矩阵测试' } },
  'POST /api/users/:id/unlock': { access: USER_ADMINS, user: true },
  'POST /api/users/:id/totp-reset': { access: USER_ADMINS, user: true, body: { reason: '矩阵测试' } },
  'POST /api/users/:id/deactivate': { access: USER_ADMINS, user: true, body: { reason: '矩阵测试' } },
  'GET /api/dept-keys': { access: ['county_admin'] },
  'POST /api/dept-keys': { access: ['county_admin'], body: {} },
  'POST /api/dept-keys/:id/revoke': { access: ['county_admin'] },
  // Residence permits from public security (issue 26 part 6): the department route checks its key and scope.
  'POST /api/dept/residence-permits': { access: 'public', body: {} },
  'GET /api/residence-permits': { access: REGISTRY },
  'POST /api/residence-permits/:id/confirm': { access: REGISTRY, body: {} },
  'POST /api/residence-permits/:id/not-found': { access: REGISTRY, body: {} },
  // Staff training records (issue 26 part 7): the county and townships record, the registry reads.
  'GET /api/trainings': { access: REGISTRY },
  'POST /api/trainings': { access: ['county_admin', 'township_officer'], body: {} },
  'GET /api/trainings/staff': { access: ['county_admin', 'township_officer'] },
};

/** Sample values for path and query parameters. */
const QUERY: Record<string, string> = {
  'GET /api/divisions': '?q=yj',
  'GET /api/persons/lookup': '?idNumber=341221199001011231',
  'GET /api/outreach-events/figures': '?from=2026-01-01&to=2026-12-31',
  'GET /api/complaints/stats': '?from=2026-01-01&to=2026-12-31',
  'GET /api/stats/targets/template': '?year=2026',
  'POST /api/stats/targets/publish': '?year=2026',
  'GET /api/stats/submissions': '?period=2026-11',
  'GET /api/stats/submissions/preview': '?period=2026-11',
  'GET /api/stats/submissions/overview': '?period=2026-11',
  'GET /api/stats/submissions/assembled': '?period=2026-11',
};

let env: TestEnv;
const cookies = new Map<Role, string>();
let inScopeId = '';
let outsideId = '';
let outsideName = '';
let outsideUserId = '';

beforeAll(async () => {
  env = await createTestEnv();
  // A resident account, so every role in MISSION.md takes part.
  await upsertUser(env.ctx.db, {
    username: 'resident1',
    displayName: '居民',
    role: 'resident',
    divisionCode: '330205005003',
    password: 'Resident-pass-2026',
  });
  const usernames: Record<Role, string> = {
    county_admin: 'admin',
    township_officer: 'township',
    village_manager: 'village',
    provider: 'provider',
    dept_verifier: 'dept',
    auditor: 'auditor',
    resident: 'resident1',
  };
  for (const role of ROLES) {
    if (role === 'resident') {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'resident1', password: 'Resident-pass-2026' },
      });
      cookies.set(role, String(res.headers['set-cookie']).split(';')[0] as string);
    } else {
      cookies.set(role, await env.login(usernames[role]));
    }
  }
  // In scope for every staff user of 甬江街道梅堰社区 and above; outside the county altogether.
  const village = cookies.get('village_manager') as string;
  const created = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: { cookie: village },
    payload: personInput(),
  });
  inScopeId = created.json().person.id;
  // The resident account is bound to the in-scope person and has accepted the notices, so portal routes run.
  const residentUser = await env.ctx.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'resident1')
    .executeTakeFirstOrThrow();
  await env.ctx.db
    .insertInto('resident_account')
    .values({ user_id: residentUser.id, person_id: inScopeId, division_code: '330205005003' })
    .execute();
  await env.ctx.db
    .insertInto('consent_event')
    .values([
      { person_id: inScopeId, division_code: '330205005003', kind: 'terms', granted: true },
      { person_id: inScopeId, division_code: '330205005003', kind: 'health', granted: true },
    ])
    .execute();
  outsideName = '境外测试人';
  const row = await env.ctx.db
    .insertInto('person')
    .values({
      id_number_enc: 'x',
      id_hash: 'matrix-outside',
      id_prefix_hashes: [],
      id_masked: '341221********0000',
      name: outsideName,
      name_initials: 'jwcsr',
      name_pinyin: 'jingwaiceshiren',
      sex: 'F',
      birth_date: '1990-01-01',
      hukou_division: '341221000000',
      residence_division: '341222000000',
      marital_status: 'unmarried',
      children: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  outsideId = row.id;
  // A staff account in another county: no administrator here may see or touch it.
  outsideUserId = await upsertUser(env.ctx.db, {
    username: 'matrix-outside-officer',
    displayName: '外县专干',
    role: 'village_manager',
    divisionCode: '341221000000',
    password: 'Outside-pass-2026',
  });
});
afterAll(() => env.close());

function allowed(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'any-session') return true;
  return access.includes(role);
}

function request(key: string, cookie: string | null, personId: string) {
  const [method, pattern] = key.split(' ') as [string, string];
  const url =
    pattern.replace(':id', personId).replace(':docId', personId).replace(':code', '330205000000') + (QUERY[key] ?? '');
  const spec = ACCESS[key];
  return env.app.inject({
    method: method as 'GET',
    url,
    headers: cookie ? { cookie } : {},
    ...(spec?.body ? { payload: spec.body } : {}),
  });
}

describe('authorization matrix', () => {
  it('has a decision for every API route', () => {
    const routes = env.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in ACCESS));
    expect(missing, `routes without an access decision: ${missing.join(', ')}`).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('answers 401 without a session, except on public routes', async () => {
    for (const [key, spec] of Object.entries(ACCESS)) {
      if (spec.access === 'public') continue;
      const res = await request(key, null, inScopeId);
      expect(res.statusCode, key).toBe(401);
    }
  });

  it('answers 403 to every role the route is not for', async () => {
    for (const [key, spec] of Object.entries(ACCESS)) {
      for (const role of ROLES) {
        if (allowed(spec.access, role) || key.includes('logout')) continue;
        const res = await request(key, cookies.get(role) as string, inScopeId);
        expect(res.statusCode, `${key} as ${role}`).toBe(403);
      }
    }
  });

  it('lets allowed roles through to the handler for records in scope', async () => {
    for (const [key, spec] of Object.entries(ACCESS)) {
      if (key.includes('logout')) continue;
      for (const role of ROLES) {
        if (!allowed(spec.access, role) || spec.access === 'public') continue;
        const res = await request(key, cookies.get(role) as string, inScopeId);
        expect([401, 403], `${key} as ${role}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
        if (spec.person && key.startsWith('GET')) expect(res.statusCode, `${key} as ${role}`).toBe(200);
        expect(res.statusCode, `${key} as ${role}`).toBeLessThan(500);
      }
    }
  });

  it('answers 404 for records outside the scope and never shows them', async () => {
    for (const [key, spec] of Object.entries(ACCESS)) {
      if (!spec.person && !spec.user) continue;
      for (const role of ROLES) {
        if (!allowed(spec.access, role)) continue;
        const res = await request(key, cookies.get(role) as string, spec.user ? outsideUserId : outsideId);
        expect(res.statusCode, `${key} as ${role}`).toBe(404);
        expect(res.body).not.toContain(outsideName);
      }
    }
  });

  it('never lists an out-of-scope record, even for the county', async () => {
    for (const role of REGISTRY) {
      const res = await env.app.inject({
        method: 'GET',
        url: '/api/persons?pageSize=200&q=jwcsr',
        headers: { cookie: cookies.get(role) as string },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(outsideName);
      expect(res.body).not.toContain(outsideId);
    }
  });

  it('never lists a staff account outside the jurisdiction', async () => {
    for (const role of USER_ADMINS) {
      const res = await env.app.inject({
        method: 'GET',
        url: '/api/users?q=matrix-outside',
        headers: { cookie: cookies.get(role) as string },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(outsideUserId);
    }
  });
});
