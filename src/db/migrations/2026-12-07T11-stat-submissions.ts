// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Reporting up the tree (逐级上报, issue 19 part 5). A unit submits a closed month's report table to the level
 * above: the table is frozen in `cells` (the unit's total row, its own-office row and one row per child unit) with
 * a SHA-256 `content_hash`, and never changes afterwards. A correction is a new version with a reason; the earlier
 * version stays, marked superseded. Submissions received from another deployment carry the signing peer's key id
 * in `origin`. Local submissions whose parent is served elsewhere are published over the exchange (`delivery`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE stat_submission (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL,
      parent_code text COLLATE "C" NOT NULL,
      period_kind text NOT NULL CHECK (period_kind IN ('month')),
      period_key text COLLATE "C" NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL CHECK (status IN ('submitted', 'superseded')),
      submitted_by uuid,
      submitter_name text NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      reason text,
      cells jsonb NOT NULL,
      content_hash text NOT NULL,
      origin text,
      delivery text NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'pending', 'sent', 'local')),
      delivery_attempts integer NOT NULL DEFAULT 0,
      delivery_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      received_at timestamptz,
      UNIQUE (division_code, period_kind, period_key, version),
      CHECK (version = 1 OR reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX stat_submission_parent ON stat_submission (parent_code, period_kind, period_key)`.execute(db);
  await sql`CREATE INDEX stat_submission_delivery ON stat_submission (next_attempt_at) WHERE delivery = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS stat_submission`.execute(db);
}
