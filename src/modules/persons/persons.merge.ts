/**
 * Merging two records of one person, and undoing it (issue 24 part 3). In one transaction:
 * - the merged record becomes a tombstone (`merged_into` the survivor, when, who, which merge): its row, id and ID
 *   number stay, so lookups and certificates resolve to the survivor; it leaves lists, exports and statistics;
 * - the survivor takes the field values chosen from the merged record as its next version (history kind 'merge');
 * - everything of the merged record moves to the survivor: its history and episodes here, the other modules' rows
 *   through the `personMerging` hook (each module moves its own, persons.merge-moves.ts), and the keys of every row
 *   moved go to the trail (`person_merge`) with both records' prior values and versions;
 * - audited on both records, so both access logs show it.
 * An unmerge within 30 days restores both records' fields and moves exactly the trail's rows back; it refuses (409)
 * when the survivor changed since or a moved row cannot be put back.
 */
import crypto from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { AppError, type LocalizedText } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { PersonTable } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { maskHistoryChanges, publicFields } from './persons.columns.ts';
import { type PersonMerging, personMerging, personUnmerging } from './persons.hooks.ts';
import { moveRows, moveRowsBack } from './persons.merge-moves.ts';
import { lockPerson, type PersonRow } from './persons.repository.ts';
import type { MergeField, PersonMergeBody } from './persons.schema.ts';
import { type Changes, insertHistory, writeVersion } from './persons.write.ts';

/** How long a merge can be undone. */
export const UNMERGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** The columns each merge field carries from one record to the other. */
const MERGE_COLUMNS: Record<MergeField, readonly (keyof PersonRow)[]> = {
  idNumber: ['id_number_enc', 'id_hash', 'id_prefix_hashes', 'id_masked', 'sex', 'birth_date'],
  name: ['name', 'name_initials', 'name_pinyin'],
  hukouDivision: ['hukou_division'],
  residenceDivision: ['residence_division'],
  residenceAddress: ['residence_address'],
  arrivedOn: ['arrived_on'],
  departedOn: ['departed_on'],
  maritalStatus: ['marital_status'],
  spouseName: ['spouse_name'],
  spouseIdNumber: ['spouse_id_enc', 'spouse_id_masked', 'spouse_birth_date'],
  spouseId: ['spouse_id'],
  children: ['children'],
  phone: ['phone'],
  employer: ['employer', 'employer_id'],
  landlord: ['landlord', 'landlord_id'],
  housingType: ['housing_type'],
};
const ALL_COLUMNS = [...new Set(Object.values(MERGE_COLUMNS).flat())];
const ID_COLUMNS = MERGE_COLUMNS.idNumber;

/** The persons module's own rows that follow a merge (the other modules register theirs). */
const OWN_TABLES = [{ table: 'person_history' }, { table: 'person_episode' }] as const;

const PERSON = { zh: '人员', en: 'Person' };
const MERGE = { zh: '合并记录', en: 'Merge' };

function conflict(text: LocalizedText): AppError {
  return new AppError('MERGE_CONFLICT', 409, text);
}

/** A record's columns as the trail keeps them (JSON), and back as a row update. */
function snapshot(row: PersonRow): Record<string, unknown> {
  return Object.fromEntries(ALL_COLUMNS.map((c) => [c, row[c]]));
}

function asUpdate(values: Record<string, unknown>, columns: readonly string[]): Partial<Insertable<PersonTable>> {
  const set: Record<string, unknown> = {};
  for (const c of columns) set[c] = c === 'children' ? JSON.stringify(values[c] ?? []) : values[c];
  return set as Partial<Insertable<PersonTable>>;
}

/** The history line of a change from one row state to another: each public field that differs. */
function diff(ctx: AppContext, before: PersonRow, after: PersonRow): Changes {
  const a = publicFields(before, ctx.pii);
  const b = publicFields(after, ctx.pii);
  const changes: Changes = {};
  for (const key of Object.keys(b)) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes[key] = { from: a[key], to: b[key] };
  }
  return changes;
}

/** The fields on which the two records differ, as a reviewer compares them (ID numbers masked, phone masked). */
export function mergeDifferences(ctx: AppContext, survivor: PersonRow, merged: PersonRow) {
  const a = maskHistoryChanges(diffAll(ctx, survivor, merged));
  return Object.entries(a).map(([field, v]) => ({ field: field as MergeField, survivor: v.from, merged: v.to }));
}

function diffAll(ctx: AppContext, survivor: PersonRow, merged: PersonRow): Changes {
  const changes = diff(ctx, survivor, merged);
  return Object.fromEntries(Object.entries(changes).filter(([k]) => k in MERGE_COLUMNS));
}

/** Locks both records in id order (two merges of crossing pairs never deadlock); 404 when either is out of scope. */
async function lockPair(trx: Db, user: SessionUser, survivorId: string, mergedId: string) {
  const scope = scoped(trx, user);
  const rows = new Map<string, PersonRow>();
  for (const id of [survivorId, mergedId].sort()) {
    const row = await lockPerson(scope, id);
    if (!row) throw AppError.notFound(PERSON);
    rows.set(id, row);
  }
  return { survivor: rows.get(survivorId) as PersonRow, merged: rows.get(mergedId) as PersonRow };
}

const ALREADY_MERGED = conflict({
  zh: '该记录已合并到其他记录，不能再合并',
  en: 'This record has already been merged into another one',
});

/** Thrown inside the preview's transaction so that everything it did rolls back. */
class PreviewDone extends Error {
  constructor(readonly moved: Record<string, string[]>) {
    super('merge preview');
  }
}

export interface MergeResult {
  mergeId: string;
  survivor: PersonRow;
  moved: Record<string, number>;
}

const counts = (moved: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(moved).map(([k, ids]) => [k, ids.length]));

/**
 * Merges `mergedId` into `survivorId`. With `preview`, does all of it (checks and moves included) and rolls back,
 * answering what would move.
 */
export async function mergePersons(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  input: PersonMergeBody,
  preview = false,
): Promise<MergeResult> {
  try {
    return await ctx.db.transaction().execute((trx) => merge(ctx, trx, user, actor, input, preview));
  } catch (err) {
    if (err instanceof PreviewDone) return { mergeId: '', survivor: {} as PersonRow, moved: counts(err.moved) };
    throw err;
  }
}

async function merge(
  ctx: AppContext,
  trx: Db,
  user: SessionUser,
  actor: Actor,
  input: PersonMergeBody,
  preview: boolean,
): Promise<MergeResult> {
  const { survivor, merged } = await lockPair(trx, user, input.survivorId, input.mergedId);
  if (survivor.merged_into || merged.merged_into) throw ALREADY_MERGED;
  const mergeId = crypto.randomUUID();
  const takeId = input.fieldChoices.idNumber === 'merged';
  const taken = (Object.keys(input.fieldChoices) as MergeField[]).filter((f) => input.fieldChoices[f] === 'merged');
  const set = asUpdate(
    snapshot(merged),
    taken.flatMap((f) => MERGE_COLUMNS[f]),
  );
  const now = new Date();

  // Rows first: the history and episodes moved are the merged record's own, before its tombstone line.
  const moved: Record<string, string[]> = {};
  for (const t of OWN_TABLES) {
    const keys = await moveRows(trx, t, merged.id, survivor.id);
    if (keys.length > 0) moved[t.table] = keys;
  }
  // The tombstone; when the survivor takes the merged ID number, the two swap numbers (the unique blind index is
  // parked on a placeholder meanwhile), so both numbers still lead to the survivor.
  const tombstone = await trx
    .updateTable('person')
    .set({
      merged_into: survivor.id,
      merged_at: now,
      merged_by: user.id,
      merge_id: mergeId,
      version: merged.version + 1,
      updated_at: now,
      ...(takeId ? { id_hash: `merging:${mergeId}` } : {}),
    })
    .where('id', '=', merged.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const candidate = { ...survivor, ...snapshotOf(merged, taken) } as PersonRow;
  const changes: Changes = {
    ...diff(ctx, survivor, candidate),
    mergedFrom: { from: null, to: merged.id_masked },
  };
  const row = await writeVersion(trx, survivor, set, 'merge', maskHistoryChanges(changes), user.id);
  if (takeId) {
    await trx
      .updateTable('person')
      .set(asUpdate(snapshot(survivor), ID_COLUMNS))
      .where('id', '=', merged.id)
      .execute();
  }
  await insertHistory(trx, tombstone, 'merge', { mergedInto: { from: null, to: row.id_masked } }, user.id);

  const payload: PersonMerging = {
    mergeId,
    survivor: row,
    merged: tombstone,
    served: ctx.config.exchange.served,
    preview,
    moved,
  };
  await personMerging.run(trx, payload);
  if (preview) throw new PreviewDone(moved);

  await trx
    .insertInto('person_merge')
    .values({
      id: mergeId,
      survivor_id: survivor.id,
      merged_id: merged.id,
      division_code: survivor.residence_division,
      reason: input.reason,
      field_choices: JSON.stringify(input.fieldChoices),
      survivor_before: JSON.stringify(snapshot(survivor)),
      merged_before: JSON.stringify(snapshot(merged)),
      survivor_version_before: survivor.version,
      survivor_version_after: row.version,
      merged_version_before: merged.version,
      merged_version_after: tombstone.version,
      moved: JSON.stringify(moved),
      actor_id: user.id,
    })
    .execute();
  await writeAudit(trx, actor, {
    action: 'person.merge',
    entity: 'person_merge',
    entityId: mergeId,
    personIds: [survivor.id, merged.id],
    details: {
      survivorId: survivor.id,
      mergedId: merged.id,
      fields: taken,
      moved: counts(moved),
      reason: input.reason,
    },
  });
  return { mergeId, survivor: row, moved: counts(moved) };
}

/** The merged record's values of the fields taken from it, as a row (for the survivor's history line). */
function snapshotOf(merged: PersonRow, taken: readonly MergeField[]): Partial<PersonRow> {
  return Object.fromEntries(taken.flatMap((f) => MERGE_COLUMNS[f].map((c) => [c, merged[c]])));
}

export interface UnmergeResult {
  survivor: PersonRow;
  merged: PersonRow;
}

/** Undoes a merge from its trail, within UNMERGE_DAYS; both records must be in the user's scope (else 404). */
export async function unmergePersons(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  mergeId: string,
): Promise<UnmergeResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const trail = await trx
      .selectFrom('person_merge')
      .selectAll()
      .where('id', '=', mergeId)
      .forUpdate()
      .executeTakeFirst();
    if (!trail) throw AppError.notFound(MERGE);
    const { survivor, merged } = await lockPair(trx, user, trail.survivor_id, trail.merged_id);
    if (trail.undone_at) throw conflict({ zh: '该合并已撤销', en: 'This merge has already been undone' });
    if (Date.now() - trail.at.getTime() > UNMERGE_DAYS * DAY_MS) {
      throw conflict({
        zh: `合并已超过${UNMERGE_DAYS}天，不能撤销；如确有错误，请修改记录或重新登记`,
        en: `The merge is more than ${UNMERGE_DAYS} days old and can no longer be undone`,
      });
    }
    if (survivor.merged_into) {
      throw conflict({
        zh: '保留的记录此后又被合并到其他记录，请先撤销那次合并',
        en: 'The surviving record was merged into another one since; undo that merge first',
      });
    }
    if (survivor.version !== trail.survivor_version_after || merged.merge_id !== trail.id) {
      throw conflict({
        zh: `合并后保留的记录又被修改过（现为第${survivor.version}版），不能自动撤销合并`,
        en: `The surviving record was changed after the merge (now version ${survivor.version}); the merge cannot be undone automatically`,
      });
    }
    const swapped = trail.field_choices.idNumber === 'merged';
    const now = new Date();
    if (swapped) {
      await trx
        .updateTable('person')
        .set({ id_hash: `unmerging:${trail.id}` })
        .where('id', '=', merged.id)
        .execute();
    }
    const survivorSet = asUpdate(trail.survivor_before, ALL_COLUMNS);
    const restoredSurvivor = { ...survivor, ...trail.survivor_before } as PersonRow;
    const survivorRow = await writeVersion(
      trx,
      survivor,
      survivorSet,
      'unmerge',
      maskHistoryChanges({
        ...diff(ctx, survivor, restoredSurvivor),
        unmergedFrom: { from: merged.id_masked, to: null },
      }),
      user.id,
    );
    const mergedRow = await trx
      .updateTable('person')
      .set({
        ...asUpdate(trail.merged_before, ALL_COLUMNS),
        merged_into: null,
        merged_at: null,
        merged_by: null,
        merge_id: null,
        version: merged.version + 1,
        updated_at: now,
      })
      .where('id', '=', merged.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const t of OWN_TABLES) {
      await moveRowsBack(trx, t, trail.moved[t.table] ?? [], survivor.id, merged.id);
    }
    await insertHistory(trx, mergedRow, 'unmerge', { mergedInto: { from: survivorRow.id_masked, to: null } }, user.id);
    await personUnmerging.run(trx, {
      mergeId: trail.id,
      survivor: survivorRow,
      merged: mergedRow,
      served: ctx.config.exchange.served,
      moved: trail.moved,
      notes: [],
    });
    await trx
      .updateTable('person_merge')
      .set({ undone_at: now, undone_by: user.id })
      .where('id', '=', trail.id)
      .execute();
    await writeAudit(trx, actor, {
      action: 'person.unmerge',
      entity: 'person_merge',
      entityId: trail.id,
      personIds: [survivor.id, merged.id],
      details: { survivorId: survivor.id, mergedId: merged.id },
    });
    return { survivor: survivorRow, merged: mergedRow };
  });
}

/** The records merged into a person (for its access log: the merged records' accesses are the person's too). */
export async function mergedRecordIds(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('person_merge')
    .select('merged_id')
    .where('survivor_id', '=', personId)
    .where('undone_at', 'is', null)
    .execute();
  return rows.map((r) => r.merged_id);
}

/** The merges a person took part in, newest first, with the other record's masked summary. */
export async function listMerges(db: Db, personId: string) {
  const rows = await db
    .selectFrom('person_merge as m')
    .innerJoin('person as o', (join) =>
      join.on(sql<boolean>`o.id = CASE WHEN m.survivor_id = ${personId} THEN m.merged_id ELSE m.survivor_id END`),
    )
    .where((eb) => eb.or([eb('m.survivor_id', '=', personId), eb('m.merged_id', '=', personId)]))
    .select(['m.id', 'm.survivor_id', 'm.at', 'm.reason', 'm.moved', 'm.undone_at', 'o.id as other_id'])
    .select(['o.name as other_name', 'o.id_masked as other_id_masked'])
    .orderBy('m.at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.survivor_id === personId ? ('survivor' as const) : ('merged' as const),
    otherId: r.other_id,
    otherIdNumberMasked: r.other_id_masked,
    otherName: r.other_name,
    at: r.at,
    reason: r.reason,
    moved: Object.fromEntries(Object.entries(r.moved).map(([k, ids]) => [k, ids.length])),
    undoneAt: r.undone_at,
    undoableUntil: r.undone_at ? null : new Date(r.at.getTime() + UNMERGE_DAYS * DAY_MS),
  }));
}
