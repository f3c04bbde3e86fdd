/**
 * The background pass over the whole registry (issue 24): each person is compared with every person that shares a
 * blocking key, and pairs scoring at or above the candidate threshold are kept in duplicate_pair. The cursor in
 * duplicate_pass (person order by updated_at, id) makes the pass resumable, and incremental: a changed person moves
 * to the end of that order, so the next tick compares it again. A pair someone decided (not a duplicate, referred,
 * merged) keeps its decision; only its score is refreshed. (A first version restricted the block query to the persons
 * before the subject with a row comparison on (updated_at, id), to halve the comparisons; it ran at 28 persons/s at
 * 20,000 persons on PGlite on a loaded machine. The bench row says how this one does.)
 */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import {
  blockKeys,
  blockRowsOfMany,
  CANDIDATE_LIMIT,
  type Candidate,
  type PersonRow,
  PreparedRecords,
  scoreCandidates,
  sharesBlockRow,
} from '../persons/index.ts';

const PASS = 'registry';
/** Persons read per step; each step's writes are one short transaction (PGlite serves one at a time). */
const BATCH = 200;

export interface PassResult {
  persons: number;
  /** Pairs scored (block rows read). */
  compared: number;
  /** Pairs at or above the candidate threshold written. */
  pairs: number;
}

type PassContext = Pick<AppContext, 'db' | 'pii' | 'config'>;
type Cursored = PersonRow & { cursor: string };

async function readCursor(db: Db): Promise<{ at: string; id: string } | null> {
  const row = await db
    .selectFrom('duplicate_pass')
    .select([sql<string | null>`cursor_at::text`.as('at'), 'cursor_id'])
    .where('name', '=', PASS)
    .executeTakeFirst();
  return row?.at && row.cursor_id ? { at: row.at, id: row.cursor_id } : null;
}

/** The next persons after the cursor, with their updated_at as exact text (a JS Date would drop microseconds). */
function nextPersons(db: Db, after: { at: string; id: string } | null, limit: number): Promise<Cursored[]> {
  // A merged record (a tombstone, issue 24 part 3) is nobody's duplicate any more.
  let q = db
    .selectFrom('person')
    .selectAll('person')
    .select(sql<string>`person.updated_at::text`.as('cursor'))
    .where('person.merged_into', 'is', null);
  if (after) {
    q = q.where((eb) =>
      eb(eb.refTuple('person.updated_at', 'person.id'), '>', eb.tuple(sql<Date>`${after.at}::timestamptz`, after.id)),
    );
  }
  return q.orderBy('person.updated_at').orderBy('person.id').limit(limit).execute() as Promise<Cursored[]>;
}

async function savePair(db: Db, p: PersonRow, c: Candidate): Promise<void> {
  const [a, b] = p.id < c.row.id ? [p, c.row] : [c.row, p];
  const sides = {
    a_hukou: a.hukou_division,
    a_residence: a.residence_division,
    b_hukou: b.hukou_division,
    b_residence: b.residence_division,
    score: c.match.score,
    parts: JSON.stringify(c.match.parts),
  };
  await db
    .insertInto('duplicate_pair')
    .values({ person_a: a.id, person_b: b.id, ...sides })
    .onConflict((oc) => oc.columns(['person_a', 'person_b']).doUpdateSet({ ...sides, updated_at: sql`now()` }))
    .execute();
}

/**
 * Runs the pass until it has caught up with the registry (or `maxPersons` were compared). Safe to stop at any
 * point: each step commits its pairs with the cursor.
 */
export async function runDuplicatePass(ctx: PassContext, options: { maxPersons?: number } = {}): Promise<PassResult> {
  const result: PassResult = { persons: 0, compared: 0, pairs: 0 };
  const max = options.maxPersons ?? Number.POSITIVE_INFINITY;
  const { candidate } = ctx.config.duplicates;
  const prepared = new PreparedRecords(ctx.pii);
  for (;;) {
    const persons = await nextPersons(ctx.db, await readCursor(ctx.db), Math.min(BATCH, max - result.persons));
    const last = persons.at(-1);
    if (!last) return result;
    // One block query for the whole step; each subject keeps its own block's rows (at most CANDIDATE_LIMIT, as
    // the single-subject query on create does).
    const subjects = persons.map((p) => {
      const subject = prepared.of(p);
      return { p, subject, keys: blockKeys(ctx.pii, subject, p.name) };
    });
    const rows = await blockRowsOfMany(
      ctx.db.selectFrom('person'),
      subjects.map((s) => s.keys),
    );
    const found: { p: PersonRow; candidates: Candidate[] }[] = [];
    let compared = 0;
    for (const { p, subject, keys } of subjects) {
      const block = rows.filter((r) => r.id !== p.id && sharesBlockRow(keys, r)).slice(0, CANDIDATE_LIMIT);
      compared += block.length;
      const candidates = scoreCandidates(ctx.pii, subject, block, (c) => c.match.score >= candidate, prepared);
      found.push({ p, candidates });
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const { p, candidates } of found) {
        // Open pairs of this person that no longer score (it changed) leave the queue; decided ones stay.
        const keep = candidates.map((c) => c.row.id);
        let stale = trx
          .deleteFrom('duplicate_pair')
          .where('status', '=', 'open')
          .where((eb) => eb.or([eb('person_a', '=', p.id), eb('person_b', '=', p.id)]));
        if (keep.length > 0) stale = stale.where('person_a', 'not in', keep).where('person_b', 'not in', keep);
        await stale.execute();
        for (const c of candidates) await savePair(trx, p, c);
        result.pairs += candidates.length;
      }
      await trx
        .insertInto('duplicate_pass')
        .values({
          name: PASS,
          cursor_at: last.cursor,
          cursor_id: last.id,
          persons_done: String(persons.length),
          pairs_compared: String(compared),
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            cursor_at: last.cursor,
            cursor_id: last.id,
            persons_done: sql`duplicate_pass.persons_done + ${persons.length}`,
            pairs_compared: sql`duplicate_pass.pairs_compared + ${compared}`,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    });
    result.persons += persons.length;
    result.compared += compared;
    if (result.persons >= max) return result;
  }
}

/** Starts the pass over from the first person (after a change of weights or thresholds). */
export async function restartDuplicatePass(db: Db): Promise<void> {
  await db.deleteFrom('duplicate_pass').where('name', '=', PASS).execute();
}
