/**
 * Jurisdiction scope, applied in one place. A staff user sees the subtree of their division node: every row
 * whose division column starts with the node's significant prefix. `scoped(db, user).selectFrom('person')`
 * is a SELECT with that condition already in its WHERE, so a read cannot forget it; the grep test
 * (test/scoped-reads.test.ts) fails when `selectFrom('person')` or a hand-made prefix appears elsewhere.
 * Out-of-scope rows are simply not found, which is what lets the routes answer 404 rather than 403.
 * A provider (a facility account, no jurisdiction) reads persons through `providerScope(db, facilityId)`.
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { isWithin, scopePrefix } from '../core/divisions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Which columns place a row inside a jurisdiction (any of them under the subtree). A person belongs to the
 * place of household registration (户籍地) and to the place of residence (居住地) alike.
 */
const SCOPE_COLUMNS = {
  person: ['hukou_division', 'residence_division'],
  stat_person: ['hukou_division', 'residence_division'],
  person_history: ['division_code'],
  person_episode: ['residence_division'],
  import_job: ['division_code'],
  certificate: ['division_code'],
  certificate_event: ['division_code'],
  certificate_check: ['division_code'],
  misuse_incident: ['division_code'],
  dept_api_key: ['division_code'],
  residence_permit: ['division_code'],
  staff_training: ['division_code'],
  staff_training_attendee: ['division_code'],
  village_representative: ['division_code'],
  employer_landlord: ['division_code'],
  household_group: ['division_code'],
  household: ['division_code'],
  household_member: ['division_code'],
  visit: ['division_code'],
  outreach_event: ['division_code'],
  resident_account: ['division_code'],
  // The office where the resident lives, or the household-registration office that issues standard ones.
  certificate_application: ['division_code', 'hukou_division'],
  contact_change: ['division_code'],
  service_slot: ['division_code'],
  service_booking: ['division_code'],
  reminder_log: ['division_code'],
  complaint: ['division_code'],
  service_record: ['division_code'],
  facility: ['division_code'],
  distribution_point: ['division_code'],
  stock_balance: ['division_code'],
  stock_movement: ['division_code'],
  birth_registration: ['division_code'],
  exchange_case: ['division_code'],
  exchange_inbox: ['division_code'],
  exchange_outbox: ['division_code'],
  exchange_dead_letter: ['division_code'],
  staff_assessment: ['division_code'],
  division: ['code'],
  app_user: ['division_code'],
  audit_log: ['actor_division'],
  // A candidate pair belongs to every jurisdiction that holds either of its two records.
  duplicate_pair: ['a_hukou', 'a_residence', 'b_hukou', 'b_residence'],
} as const satisfies { readonly [T in keyof Database]?: readonly (keyof Database[T] & string)[] };

export type ScopedTable = keyof typeof SCOPE_COLUMNS;
export type ScopedFrom = ScopedTable | `${ScopedTable} as ${string}`;

/** Kysely's empty selection, spelled as Kysely spells it so the query types stay identical. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for "nothing selected yet".
type NothingSelected = {};

/** Kysely's own result type of `db.selectFrom(from)` for one table with or without an alias. */
export type ScopedSelect<TE extends ScopedFrom> = TE extends `${infer T} as ${infer A}`
  ? T extends keyof Database
    ? SelectQueryBuilder<Database & { [K in A]: Database[T] }, A, NothingSelected>
    : never
  : TE extends keyof Database
    ? SelectQueryBuilder<Database, TE, NothingSelected>
    : never;

/** A condition usable in any query's `.where(…)`: it names its columns itself. */
export type Condition = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>;

/** A division subtree, with no database: its prefix and the SQL condition on a table's division columns. */
export interface Subtree {
  /** The significant prefix (a county's 6 digits, a village's 12). */
  readonly prefix: string;
  /** `prefix%`, for a LIKE. */
  readonly like: string;
  /** Whether a 12-digit division code lies in the subtree. */
  contains(code12: string): boolean;
  /** The subtree condition on a table in the query (by its alias when it has one). */
  on(table: ScopedTable, alias?: string): Condition;
}

/** A user's (or a department key's) jurisdiction bound to a database handle or an open transaction. */
export interface Scoped extends Subtree {
  readonly db: Db;
  /** SELECT from a scoped table, restricted to the subtree. */
  selectFrom<TE extends ScopedFrom>(from: TE): ScopedSelect<TE>;
}

type Within = string | { readonly divisionCode: string };

const codeOf = (within: Within) => (typeof within === 'string' ? within : within.divisionCode);

/** The subtree under a division code (a user, a key, or a division filter the user chose). */
export function subtree(within: Within): Subtree {
  const code = codeOf(within);
  const prefix = scopePrefix(code);
  const like = `${prefix}%`;
  return {
    prefix,
    like,
    contains: (code12) => isWithin(code12, code),
    on: (table, alias) => (eb) =>
      eb.or(SCOPE_COLUMNS[table].map((column) => eb(sql.ref(`${alias ?? table}.${column}`), 'like', like))),
  };
}

/** The one entry for reading scoped tables: `scoped(db, user).selectFrom('person as p')`. */
export function scoped(db: Db, within: Within): Scoped {
  const tree = subtree(within);
  return {
    ...tree,
    db,
    selectFrom<TE extends ScopedFrom>(from: TE): ScopedSelect<TE> {
      const [table, alias] = from.split(' as ') as [ScopedTable, string | undefined];
      // Typed as the plain table: the alias only changes the names, which ScopedSelect restores.
      const query = (db as Kysely<Database>).selectFrom(from as ScopedTable).where(tree.on(table, alias));
      return query as unknown as ScopedSelect<TE>;
    },
  };
}

/**
 * A provider's reach: a facility account has no jurisdiction and sees a person only when the person was
 * referred to its facility or served there. Like `scoped`, the condition is part of the WHERE clause.
 */
export function providerScope(db: Db, facilityId: string) {
  return {
    db,
    selectFrom: (from: 'person') => db.selectFrom(from).where(servedByFacility(facilityId)),
  };
}

/**
 * Person `person` was referred to facility F, served there, or holds a live booking of one of its slots: the
 * booking is what grants the provider that one person (issue 26 part 2).
 */
function servedByFacility(facilityId: string) {
  return (eb: ExpressionBuilder<Database, 'person'>) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('service_booking as b')
          .innerJoin('service_slot as sl', 'sl.id', 'b.slot_id')
          .select('b.id')
          .whereRef('b.person_id', '=', 'person.id')
          .where('b.status', '=', 'booked')
          .where('sl.facility_id', '=', facilityId),
      ),
      eb.exists(
        eb
          .selectFrom('service_referral as r')
          .select('r.id')
          .whereRef('r.person_id', '=', 'person.id')
          .where('r.facility_id', '=', facilityId),
      ),
      eb.exists(
        eb
          .selectFrom('service_record as s')
          .select('s.id')
          .whereRef('s.person_id', '=', 'person.id')
          .where('s.facility_id', '=', facilityId),
      ),
    ]);
}
