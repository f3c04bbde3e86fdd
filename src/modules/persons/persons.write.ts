/**
 * The one writer of `person`, `person_history` and `person_episode`: registering one person or a whole group,
 * amending (a move or a departure included), linking an employer or landlord, and recording an event. Every
 * change is a new version with its history line, and is announced on the persons hooks (persons.hooks.ts) in
 * the same transaction, so the exchange effects follow from whichever module made the change. Callers run their
 * own checks and audit; a test (test/person-writers.test.ts) fails when another file writes these tables.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import { today } from '../../core/china-time.ts';
import type { Db } from '../../db/database.ts';
import type { ChildRecord, PersonHistoryTable, PersonTable } from '../../db/schema.ts';
import type { PiiCipher } from '../../security/pii.ts';
import { creationChanges, maskHistoryChanges, publicFields } from './persons.columns.ts';
import { peopleRegistered, personChanged, personRegistered } from './persons.hooks.ts';
import type { PersonRow } from './persons.repository.ts';

export type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * The columns a registration fills, with the array type registerMany sends each one as. The single insert's
 * row type is derived from the same list, so both ways of registering write the same columns.
 */
const REGISTRATION_COLUMNS = {
  id_number_enc: 'text',
  id_hash: 'text',
  // Sent joined with ',' (see NewPerson) and split in SQL.
  id_prefix_hashes: 'text',
  id_masked: 'text',
  name: 'text',
  name_initials: 'text',
  name_pinyin: 'text',
  sex: 'text',
  birth_date: 'date',
  hukou_division: 'text',
  residence_division: 'text',
  residence_address: 'text',
  arrived_on: 'date',
  departed_on: 'date',
  marital_status: 'text',
  spouse_name: 'text',
  spouse_id: 'uuid',
  spouse_id_enc: 'text',
  spouse_id_masked: 'text',
  spouse_birth_date: 'date',
  // JSON text, cast in SQL.
  children: 'text',
  phone: 'text',
  employer: 'text',
  landlord: 'text',
  housing_type: 'text',
} as const satisfies Partial<Record<keyof PersonTable, 'text' | 'date' | 'uuid'>>;
type RegistrationColumn = keyof typeof REGISTRATION_COLUMNS;
const COLUMN_NAMES = Object.keys(REGISTRATION_COLUMNS) as RegistrationColumn[];
/** Where a column's value is not the sent text as is. */
const SELECTED: Partial<Record<RegistrationColumn, string>> = {
  id_prefix_hashes: "string_to_array(t.id_prefix_hashes, ',')",
  children: 't.children::jsonb',
};

/** A new person's row as registered; the id, the version and the timestamps come from the database. */
export type Registration = Pick<Insertable<PersonTable>, RegistrationColumn>;

/** The residence columns an episode copies from its person. */
const EPISODE_COLUMNS = ['residence_division', 'residence_address', 'arrived_on', 'departed_on'] as const;

/** One history entry per version; `division_code` keeps the table distributable by province. */
export async function insertHistory(
  db: Db,
  row: Pick<PersonRow, 'id' | 'residence_division' | 'version'>,
  kind: PersonHistoryTable['kind'],
  changes: Changes,
  actorId: string | null,
): Promise<void> {
  await db
    .insertInto('person_history')
    .values({
      person_id: row.id,
      division_code: row.residence_division,
      version: row.version,
      kind,
      changes: JSON.stringify(changes),
      actor_id: actorId,
    })
    .execute();
}

/** Starts a residence episode from the person's current residence fields. */
async function openEpisode(db: Db, row: PersonRow): Promise<void> {
  const values = Object.fromEntries(EPISODE_COLUMNS.map((c) => [c, row[c]])) as Pick<
    PersonRow,
    (typeof EPISODE_COLUMNS)[number]
  >;
  await db
    .insertInto('person_episode')
    .values({ person_id: row.id, ...values })
    .execute();
}

/**
 * Applies a change to a locked person row as the next version and records it in the history. Every change to a
 * person goes through a version bump, so an edit made from an older version is refused (409), never applied over it.
 */
export async function writeVersion(
  db: Db,
  current: PersonRow,
  set: Partial<Insertable<PersonTable>>,
  kind: 'update' | 'move' | 'merge' | 'unmerge',
  changes: Changes,
  actorId: string,
): Promise<PersonRow> {
  const row = await db
    .updateTable('person')
    .set({ ...set, version: current.version + 1, updated_at: new Date() })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertHistory(db, row, kind, changes, actorId);
  await personChanged.run(db, { before: current, after: row });
  return row;
}

/**
 * Registers one person: the row (version 1), its creation history (every filled field, the phone masked) and its
 * first residence episode; announced as registered by `registeredBy` (an inflow registration notifies the origin).
 */
export async function registerPerson(
  db: Db,
  pii: PiiCipher,
  registration: Registration,
  by: { actorId: string; registeredBy: string },
): Promise<PersonRow> {
  const row = await db
    .insertInto('person')
    .values({ ...registration, created_by: by.actorId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertHistory(db, row, 'create', creationChanges(publicFields(row, pii)), by.actorId);
  await openEpisode(db, row);
  await personRegistered.run(db, { registeredBy: by.registeredBy, person: row });
  return row;
}

/**
 * Amends a locked person as the next version: the changes are the history line (phone masked there). A change of
 * residence division is a move (the open episode closes, the next one opens); a change of the arrival, departure
 * or address amends the current episode.
 */
export async function amendPerson(
  db: Db,
  current: PersonRow,
  set: Partial<Insertable<PersonTable>>,
  changes: Changes,
  actorId: string,
): Promise<PersonRow> {
  const moved = changes.residenceDivision !== undefined;
  const row = await writeVersion(db, current, set, moved ? 'move' : 'update', maskHistoryChanges(changes), actorId);
  if (moved) await move(db, row);
  else if (changes.arrivedOn || changes.departedOn || changes.residenceAddress) await amendEpisode(db, row);
  return row;
}

/** A move closes the current residence episode and opens the next one. */
async function move(db: Db, row: PersonRow): Promise<void> {
  const movedOn = row.arrived_on ?? today();
  await db
    .updateTable('person_episode')
    .set({ departed_on: movedOn })
    .where('person_id', '=', row.id)
    .where('departed_on', 'is', null)
    .execute();
  await openEpisode(db, row);
}

/** A departure, a corrected arrival or a new address in the same place changes the latest episode. */
async function amendEpisode(db: Db, row: PersonRow): Promise<void> {
  const latest = db
    .selectFrom('person_episode')
    .select('id')
    .where('person_id', '=', row.id)
    .orderBy('created_at', 'desc')
    .limit(1);
  await db
    .updateTable('person_episode')
    .set({ arrived_on: row.arrived_on, departed_on: row.departed_on, residence_address: row.residence_address })
    .where('id', '=', latest)
    .execute();
}

/**
 * Links a locked person to an employer and a landlord of the registry as the next version (the free-text employer
 * and landlord stay as entered). Returns the changes, empty when both links were already so (no new version).
 */
export async function linkParties(
  db: Db,
  person: PersonRow,
  links: { employerId: string | null; landlordId: string | null },
  actorId: string,
): Promise<Changes> {
  const changes: Changes = {};
  if (person.employer_id !== links.employerId) changes.employerId = { from: person.employer_id, to: links.employerId };
  if (person.landlord_id !== links.landlordId) changes.landlordId = { from: person.landlord_id, to: links.landlordId };
  if (Object.keys(changes).length === 0) return changes;
  await writeVersion(
    db,
    person,
    { employer_id: links.employerId, landlord_id: links.landlordId },
    'update',
    changes,
    actorId,
  );
  return changes;
}

/**
 * A registered birth adds the child to a locked parent's children as the next version, with its history line
 * (issue 26 part 7). Null when the parent already lists a child of that birth date and sex (nothing written).
 */
export async function addChild(
  db: Db,
  parent: PersonRow,
  child: ChildRecord,
  actorId: string,
): Promise<PersonRow | null> {
  if (parent.children.some((c) => c.birthDate === child.birthDate && c.sex === child.sex)) return null;
  const children = [...parent.children, child].sort((a, b) => a.birthDate.localeCompare(b.birthDate));
  const changes: Changes = { children: { from: parent.children, to: children } };
  return writeVersion(db, parent, { children: JSON.stringify(children) }, 'update', changes, actorId);
}

/** A certificate was issued, replaced or revoked: a history line at the person's current version, the row unchanged. */
export async function recordPersonEvent(
  db: Db,
  person: Pick<PersonRow, 'id' | 'residence_division' | 'version'>,
  changes: Changes,
  actorId: string,
): Promise<void> {
  await insertHistory(db, person, 'certificate', changes, actorId);
}

/**
 * Demo and test seeding only: fills the links or the phone of freshly generated people as part of their
 * registration (still version 1, no history line, no effects), as if they had been registered with them.
 * A change to anyone a user may have seen goes through amendPerson or linkParties instead.
 */
export async function completeSeededRegistration(
  db: Db,
  set: Pick<Updateable<PersonTable>, 'employer_id' | 'landlord_id' | 'phone'>,
  which: { ids: readonly string[] } | { employer: string; residencePrefix: string },
): Promise<void> {
  let q = db.updateTable('person').set(set);
  if ('ids' in which) {
    if (which.ids.length === 0) return;
    q = q.where('id', 'in', which.ids);
  } else {
    q = q.where('employer', '=', which.employer).where('residence_division', 'like', `${which.residencePrefix}%`);
  }
  await q.execute();
}

/** A person ready for registerMany: the id is made by the caller so its other rows can refer to it. */
export interface NewPerson {
  id: string;
  /**
   * id_prefix_hashes may come already joined with ',' (how the insert sends it): one flat string instead
   * of twelve sliced ones keeps a large batch in memory about 1 KB a person smaller. created_by is the actor's.
   */
  row: Omit<Insertable<PersonTable>, 'id_prefix_hashes'> & { id_prefix_hashes: string[] | string };
  /** History changes as JSON text (from → to per field). */
  changes: string;
}

const joined = (hashes: string[] | string) => (typeof hashes === 'string' ? hashes : hashes.join(','));
const SPECIAL = /[\\"]/;

/**
 * One column for unnest() as a single PostgreSQL array literal, joined here in one step. pg's own array
 * serialisation appends element by element; for a 16,000-row write that chain of string pieces held
 * ~100 MB of heap at once.
 */
export function arrayLiteral(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : `"${SPECIAL.test(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
}

function columnValue(p: NewPerson, column: RegistrationColumn): string | null {
  if (column === 'id_prefix_hashes') return joined(p.row.id_prefix_hashes);
  if (column === 'children') return p.row.children ?? '[]';
  return p.row[column] ?? null;
}

/**
 * Registers a group of new people as registerPerson does one: persons, their creation history and residence
 * episodes go in as one statement per table over unnest()ed arrays (a handful of parameters for a whole batch,
 * on PGlite and PostgreSQL alike). With `registeredBy` the group is announced as registered by that office;
 * without it (demo and test data loaded as already registered) nothing is announced.
 */
export async function registerMany(
  db: Db,
  people: NewPerson[],
  by: { actorId: string | null; registeredBy?: string },
): Promise<void> {
  if (people.length === 0) return;
  const arrays = new Map(COLUMN_NAMES.map((c) => [c, arrayLiteral(people.map((p) => columnValue(p, c)))]));
  const array = (c: RegistrationColumn) => sql`${arrays.get(c)}::${sql.raw(REGISTRATION_COLUMNS[c])}[]`;
  const ids = arrayLiteral(people.map((p) => p.id));
  const names = sql.raw(COLUMN_NAMES.join(', '));
  const selected = sql.raw(COLUMN_NAMES.map((c) => SELECTED[c] ?? `t.${c}`).join(', '));
  await sql`INSERT INTO person (id, ${names}, created_by)
    SELECT t.id, ${selected}, ${by.actorId}::uuid
    FROM unnest(${ids}::uuid[], ${sql.join(COLUMN_NAMES.map(array))}) AS t(id, ${names})`.execute(db);
  await sql`INSERT INTO person_history (person_id, division_code, version, kind, changes, actor_id)
    SELECT t.id, t.residence, 1, 'create', t.changes::jsonb, ${by.actorId}::uuid
    FROM unnest(${ids}::uuid[], ${array('residence_division')}, ${arrayLiteral(people.map((p) => p.changes))}::text[])
      AS t(id, residence, changes)`.execute(db);
  await sql`INSERT INTO person_episode (person_id, ${sql.raw(EPISODE_COLUMNS.join(', '))})
    SELECT * FROM unnest(${ids}::uuid[], ${sql.join(EPISODE_COLUMNS.map(array))})`.execute(db);
  if (by.registeredBy === undefined) return;
  await peopleRegistered.run(db, {
    registeredBy: by.registeredBy,
    people: people.map(({ id, row }) => ({
      id,
      name: row.name,
      hukou_division: row.hukou_division,
      residence_division: row.residence_division,
      arrived_on: row.arrived_on ?? null,
    })),
  });
}
