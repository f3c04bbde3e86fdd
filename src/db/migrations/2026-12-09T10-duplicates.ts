// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Duplicate candidates (issue 24). duplicate_pair holds each scored pair once (person_a < person_b) with the
 * divisions of both records, so the pair is in every scope that holds either of them; the decision (not a
 * duplicate, referred, merged) stays with the pair and a later pass does not reopen it. duplicate_pass is the
 * background pass's cursor over person (updated_at, id), which makes it resumable and incremental.
 *
 * Blocking keys, all indexable without the clear ID number: name pinyin + birth date (a range of years),
 * name initials + birth date, and the blind index of the number's first 14 digits (area + birth date), which is
 * element 9 of id_prefix_hashes (prefix lengths 6..17).
 */
const statements = [
  `CREATE TABLE duplicate_pair (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     person_a uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
     person_b uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
     a_hukou text COLLATE "C" NOT NULL,
     a_residence text COLLATE "C" NOT NULL,
     b_hukou text COLLATE "C" NOT NULL,
     b_residence text COLLATE "C" NOT NULL,
     score integer NOT NULL,
     parts jsonb NOT NULL,
     status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'not_duplicate', 'referred', 'merged')),
     referred_from text COLLATE "C",
     referred_to text COLLATE "C",
     decided_by uuid REFERENCES app_user(id),
     decided_at timestamptz,
     found_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     CHECK (person_a < person_b),
     UNIQUE (person_a, person_b)
   )`,
  `CREATE INDEX duplicate_pair_b_idx ON duplicate_pair (person_b)`,
  `CREATE INDEX duplicate_pair_status_idx ON duplicate_pair (status, score DESC)`,
  `CREATE TABLE duplicate_pass (
     name text PRIMARY KEY,
     cursor_at timestamptz,
     cursor_id uuid,
     persons_done bigint NOT NULL DEFAULT 0,
     pairs_compared bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX person_pinyin_birth_idx ON person (name_pinyin, birth_date)`,
  `CREATE INDEX person_initials_birth_idx ON person (name_initials, birth_date)`,
  `CREATE INDEX person_id_block_idx ON person ((id_prefix_hashes[9]))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX person_id_block_idx`.execute(db);
  await sql`DROP INDEX person_initials_birth_idx`.execute(db);
  await sql`DROP INDEX person_pinyin_birth_idx`.execute(db);
  await sql`DROP TABLE duplicate_pass`.execute(db);
  await sql`DROP TABLE duplicate_pair`.execute(db);
}
