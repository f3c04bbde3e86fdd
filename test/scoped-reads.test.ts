/**
 * Jurisdiction scope is applied in one place (src/db/scoped.ts). This scans the source: a person read that does
 * not start from `scoped(db, user)` (or a `scope` it made), and a division prefix cut by hand, fail the suite
 * unless the file is listed below with why. The authorization matrix then checks the answers route by route.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import { scoped, subtree } from '../src/db/scoped.ts';

const ROOT = path.resolve(import.meta.dirname, '..', 'src');
const ENTRY = 'db/scoped.ts';

/** Files that read `person` without the user's scope, each with why. */
const UNSCOPED_PERSON_READS: Record<string, string> = {
  // Residents and the public: the record is found by the resident's own session or the certificate presented.
  'modules/portal/portal.auth.ts': "the resident's own record, by verified ID number and phone",
  'modules/portal/portal.service.ts': "the resident's own record (locked by the id of the session's person)",
  'modules/births/births.service.ts':
    'a resident applies for themself or their spouse; the spouse of a person in scope',
  'modules/verify/verify.service.ts': 'public verification of a presented certificate',
  // Machinery below the user: the exchange applies what another deployment sent, jobs see every row.
  'modules/exchange/exchange.inbox.ts': 'inbound messages find their person by ID number across the registry',
  'modules/exchange/exchange.outbox.ts': 'the outbox encodes the person a committed change was about',
  'modules/exchange/exchange.publish.ts': 'the publisher encrypts ID numbers of queued messages',
  'modules/exchange/exchange.services.ts':
    "the origin of a person whose service was just recorded (in the recorder's reach)",
  'modules/stats/stats.history.ts': 'statistics jobs: is there anyone at all',
  'modules/stats/stats.repository.ts': 'statistics jobs: is there anyone at all',
  'modules/persons/persons.backfill.ts': 'a start-up backfill over every row',
  'modules/duplicates/duplicates.pass.ts': 'the duplicate pass compares every person with its blocks',
  'modules/duplicates/duplicates.repository.ts': 'the masked summary of the other record of a pair read in scope',
  'server.ts': 'start-up: is the database empty',
  // A read that the scope check before it already decided.
  'modules/persons/persons.repository.ts': 'a break-glass grant widens the scope for one read (ORed into it)',
  'modules/persons/persons.break-glass.ts': 'break glass looks outside the scope by design, audited and flagged',
  'modules/births/births.replace.ts': 'locks a person the caller already found in scope',
  'modules/certificates/certificates.service.ts': 'the version of the person a scoped certificate belongs to',
  'modules/portal/portal.staff.routes.ts': 'the version of the person of a contact change read in scope',
  'modules/complaints/complaints.service.ts': 'names for complaints already read in scope',
  'modules/worklists/worklists.routes.ts': 'names for work items already computed in scope',
  'modules/import/import.repository.ts': 'duplicate ID numbers are refused across the registry, not only the scope',
};

const PERSON_READ = /\.selectFrom\(\s*'person(?:\s+as\s+\w+)?'/g;
/** The receiver of `.selectFrom`: a Scoped made by scoped(…), or a variable named scope. */
const SCOPED_RECEIVER = /(?:\bscope|\bscoped\([^()]*\))\s*$/;
const HAND_PREFIX = /\bscopePrefix\b/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Demo seeding and test fixtures build a county nobody uses yet. */
const seeding = (rel: string) => rel.endsWith('.demo.ts') || rel.endsWith('.fixtures.ts');

function unscopedReads(text: string): number {
  let count = 0;
  for (const match of text.matchAll(PERSON_READ)) {
    if (!SCOPED_RECEIVER.test(text.slice(0, match.index))) count++;
  }
  return count;
}

function scan() {
  const unscoped: string[] = [];
  const prefixes: string[] = [];
  for (const file of sources(ROOT)) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (rel === ENTRY) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (!seeding(rel) && unscopedReads(text) > 0) unscoped.push(rel);
    if (!rel.startsWith('core/') && HAND_PREFIX.test(text)) prefixes.push(rel);
  }
  return { unscoped: unscoped.sort(), prefixes: prefixes.sort() };
}

const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('scope applied in one place', () => {
  it('puts a person read under both of the person’s divisions', () => {
    const query = scoped(compiler, '330205000000').selectFrom('person').select('id').compile();
    expect(query.sql).toBe(
      'select "id" from "person" where ("person"."hukou_division" like $1 or "person"."residence_division" like $2)',
    );
    expect(query.parameters).toEqual(['330205%', '330205%']);
  });

  it('names the alias a scoped read was given', () => {
    const query = scoped(compiler, { divisionCode: '330205005000' })
      .selectFrom('complaint as c')
      .select('c.id')
      .compile();
    expect(query.sql).toBe('select "c"."id" from "complaint" as "c" where "c"."division_code" like $1');
    expect(query.parameters).toEqual(['330205005%']);
  });

  it('knows which codes lie in a subtree', () => {
    const county = subtree('330205000000');
    expect(county.contains('330205005003')).toBe(true);
    expect(county.contains('330206000000')).toBe(false);
  });

  it('tells a scoped read from an unscoped one', () => {
    expect(unscopedReads("scoped(trx, user)\n      .selectFrom('person')")).toBe(0);
    expect(unscopedReads("scope.selectFrom('person as p')")).toBe(0);
    expect(unscopedReads("ctx.db.selectFrom('person')")).toBe(1);
    expect(unscopedReads("scope.db.selectFrom('person')")).toBe(1);
  });

  it('reads person only through the scoped entry, outside the listed exceptions', () => {
    expect(scan().unscoped.filter((file) => !(file in UNSCOPED_PERSON_READS))).toEqual([]);
  });

  it('keeps no exception for a file that no longer reads person unscoped', () => {
    const unscoped = new Set(scan().unscoped);
    expect(Object.keys(UNSCOPED_PERSON_READS).filter((file) => !unscoped.has(file))).toEqual([]);
  });

  it('cuts no division prefix by hand outside src/core and the scoped entry', () => {
    expect(scan().prefixes).toEqual([]);
  });
});
