/**
 * Case writes of one inbox batch, gathered in memory and written by one statement at the end. The batch's
 * cases are read once up front; a message later in the batch sees what an earlier one did. An upsert creates or
 * moves the case (keeping its person and pairing time unless given); a state change, as setCaseState in
 * exchange.outbox.ts, touches only a case that exists.
 */
import { sql } from 'kysely';
import type { CaseSide, CaseState } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import { setCaseState } from './exchange.outbox.ts';

interface CaseRow {
  id: string;
  side: CaseSide;
  person_id: string | null;
  division_code: string;
  counterpart_division: string;
  state: CaseState;
  paired_at: Date | null;
}

const keyOf = (id: string, side: CaseSide) => `${id}|${side}`;

export class CaseWrites {
  private readonly known = new Map<string, CaseRow>();
  private readonly changed = new Set<string>();

  private constructor(private readonly db: Db) {}

  /** Reads the cases the batch's messages name (by case id, either side). */
  static async load(db: Db, caseIds: readonly string[]): Promise<CaseWrites> {
    const writes = new CaseWrites(db);
    const ids = [...new Set(caseIds)];
    if (ids.length > 0) {
      const rows = await db
        .selectFrom('exchange_case')
        .select(['id', 'side', 'person_id', 'division_code', 'counterpart_division', 'state', 'paired_at'])
        .where('id', 'in', ids)
        .execute();
      for (const row of rows) writes.known.set(keyOf(row.id, row.side), row);
    }
    return writes;
  }

  exists(id: string, side: CaseSide): boolean {
    return this.known.has(keyOf(id, side));
  }

  upsert(c: {
    id: string;
    side: CaseSide;
    personId: string | null;
    division: string;
    counterpart: string;
    state: CaseState;
    paired?: boolean;
  }): void {
    const key = keyOf(c.id, c.side);
    const old = this.known.get(key);
    const pairedAt = c.paired ? new Date() : null;
    this.known.set(
      key,
      old
        ? { ...old, state: c.state, person_id: c.personId ?? old.person_id, paired_at: pairedAt ?? old.paired_at }
        : {
            id: c.id,
            side: c.side,
            person_id: c.personId,
            division_code: c.division,
            counterpart_division: c.counterpart,
            state: c.state,
            paired_at: pairedAt,
          },
    );
    this.changed.add(key);
  }

  /** A case outside the batch's case ids (a reply naming another case) is updated at once. */
  async setState(id: string, side: CaseSide, state: CaseState, paired = false): Promise<void> {
    const key = keyOf(id, side);
    const old = this.known.get(key);
    if (!old) return setCaseState(this.db, id, side, state, paired);
    this.known.set(key, { ...old, state, paired_at: paired ? new Date() : old.paired_at });
    this.changed.add(key);
  }

  async flush(): Promise<void> {
    if (this.changed.size === 0) return;
    const now = new Date();
    const rows = [...this.changed].map((key) => ({ ...(this.known.get(key) as CaseRow), updated_at: now }));
    this.changed.clear();
    await this.db
      .insertInto('exchange_case')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['id', 'side']).doUpdateSet({
          state: sql`excluded.state`,
          updated_at: sql`excluded.updated_at`,
          person_id: sql`coalesce(excluded.person_id, exchange_case.person_id)`,
          paired_at: sql`coalesce(excluded.paired_at, exchange_case.paired_at)`,
        }),
      )
      .execute();
  }
}
