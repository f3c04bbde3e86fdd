/**
 * Persons are written through one module: a change made anywhere else could skip the version bump (a lost update),
 * the history line or the exchange effects. This scans the source for writes to the person tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', 'src');
const OWNER = `modules${path.sep}persons${path.sep}`;

/** Writers outside the persons module that are allowed, each with why: none (persons.write.ts serves them all). */
const ALLOWED: Record<string, string> = {};

const TABLES = 'person|person_history|person_episode';
const WRITES = [
  new RegExp(`\\b(?:insertInto|updateTable|deleteFrom)\\(\\s*'(?:${TABLES})(?:\\s+as\\s+\\w+)?'`),
  new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(?:${TABLES})\\b`, 'i'),
];

const writes = (text: string) => WRITES.some((re) => re.test(text));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function writersOutsidePersons(): string[] {
  const found: string[] = [];
  for (const file of sources(ROOT)) {
    const rel = path.relative(ROOT, file);
    if (rel.startsWith(OWNER)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (writes(text)) found.push(rel.split(path.sep).join('/'));
  }
  return found.sort();
}

describe('one writer of persons', () => {
  it('finds a write to the person tables written the ways the code writes them', () => {
    const samples = [
      "trx.updateTable('person').set({})",
      "db.insertInto('person_history').values({})",
      'sql`UPDATE person SET name = 1`',
      'sql`INSERT INTO person_episode (person_id)`',
    ];
    for (const sample of samples) expect(writes(sample)).toBe(true);
    expect(writes("selectFrom('person')")).toBe(false);
  });

  it('leaves person, person_history and person_episode to the persons module', () => {
    expect(writersOutsidePersons().filter((file) => !(file in ALLOWED))).toEqual([]);
  });

  it('keeps no allowance for a file that no longer writes', () => {
    const writers = new Set(writersOutsidePersons());
    expect(Object.keys(ALLOWED).filter((file) => !writers.has(file))).toEqual([]);
  });
});
