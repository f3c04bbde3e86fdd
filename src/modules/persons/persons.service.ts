/**
 * Person registry use cases. Each runs in one transaction: rules from core, SQL from the repository,
 * history and audit written with the change they describe.
 */
import { type Insertable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { prepareRecord } from '../../core/dedup/score.ts';
import { AppError, fieldIssue, IssueCollector } from '../../core/errors.ts';
import { parseIdNumber } from '../../core/id-number.ts';
import { ageBandBirthRange, fieldLabel, inJurisdiction, OUTSIDE_JURISDICTION } from '../../core/person.ts';
import { searchKey } from '../../core/pinyin.ts';
import type { Db } from '../../db/database.ts';
import type { PersonTable } from '../../db/schema.ts';
import { type Scoped, scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { MIN_ID_PREFIX } from '../../security/pii.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs, existingCodes } from '../divisions/index.ts';
import { blockKeys, blockRows, matchRecordOf, scoreCandidates } from './persons.candidates.ts';
import {
  encryptPhone,
  idNumberColumns,
  inputColumns,
  nameColumns,
  publicFields,
  spouseIdColumns,
} from './persons.columns.ts';
import { mergeDifferences, mergePersons, unmergePersons } from './persons.merge.ts';
import {
  countUpTo,
  findByIdHash,
  findPersonInScope,
  lockPerson,
  type PersonRow,
  personExistsInScope,
} from './persons.repository.ts';
import {
  arrivalBeforeBirthProblem,
  arrivedBeforeBirth,
  OWN_HOME_LANDLORD,
  type PersonCreate,
  type PersonListQuery,
  type PersonMergeBody,
  type PersonPatch,
} from './persons.schema.ts';
import { personDetail, personSummary, type ViewContext } from './persons.view.ts';
import { amendPerson, type Registration, registerPerson } from './persons.write.ts';

const PERSON = { zh: '人员', en: 'Person' };

export async function viewContext(ctx: AppContext, db: Db, user: SessionUser, rows: PersonRow[]): Promise<ViewContext> {
  return {
    jurisdiction: user.divisionCode,
    pii: ctx.pii,
    divisions: await divisionRefs(
      db,
      rows.flatMap((r) => [r.hukou_division, r.residence_division]),
    ),
    childbearing: { minAge: ctx.config.childbearingMinAge, maxAge: ctx.config.childbearingMaxAge },
    today: today(),
  };
}

/** Checks that referenced divisions exist and that the person falls inside the user's jurisdiction. */
async function checkDivisions(db: Db, user: SessionUser, hukou: string, residence: string): Promise<void> {
  const issues = new IssueCollector();
  const known = await existingCodes(db, [hukou, residence]);
  const unknown = { zh: '不存在的行政区划代码', en: 'unknown division code' };
  if (!known.has(hukou)) issues.add(fieldIssue('hukouDivision', fieldLabel('hukouDivision'), unknown));
  if (!known.has(residence)) issues.add(fieldIssue('residenceDivision', fieldLabel('residenceDivision'), unknown));
  issues.throwIfAny();
  if (!inJurisdiction(hukou, residence, user.divisionCode)) {
    issues.add(fieldIssue('residenceDivision', fieldLabel('residenceDivision'), OUTSIDE_JURISDICTION));
  }
  issues.throwIfAny();
}

/** A merged record (a tombstone) is never changed; its survivor is. */
function mergedRecordError(): AppError {
  return new AppError('MERGE_CONFLICT', 409, {
    zh: '该记录已合并到其他记录，请修改合并后保留的记录',
    en: 'This record was merged into another one; change the surviving record instead',
  });
}

function duplicateIdError(): AppError {
  return new AppError('DUPLICATE', 409, { zh: '该身份证号已登记', en: 'This ID number is already registered' }, [
    fieldIssue('idNumber', fieldLabel('idNumber'), { zh: '已登记，不能重复登记', en: 'is already registered' }),
  ]);
}

async function spouseFacts(
  ctx: AppContext,
  scope: Scoped,
  input: { spouseId?: string | null; spouseIdNumber?: string | null },
) {
  let spouseBirth: string | null = null;
  if (input.spouseIdNumber) {
    const parsed = parseIdNumber(input.spouseIdNumber);
    if (parsed.ok) spouseBirth = parsed.value.birthDate;
  }
  if (input.spouseId) {
    const spouse = await personExistsInScope(scope, input.spouseId);
    if (!spouse) {
      throw AppError.validation([
        fieldIssue('spouseId', fieldLabel('spouseId'), { zh: '未找到该人员', en: 'person not found' }),
      ]);
    }
    spouseBirth = spouse.birth_date;
  }
  return { ...spouseIdColumns(ctx.pii, input.spouseIdNumber), spouse_birth_date: spouseBirth };
}

export async function createPerson(ctx: AppContext, user: SessionUser, actor: Actor, input: PersonCreate) {
  return ctx.db.transaction().execute((trx) => createPersonIn(ctx, trx, user, actor, input));
}

/** createPerson inside the caller's transaction (a residence-permit confirmation registers with its own write). */
export async function createPersonIn(ctx: AppContext, trx: Db, user: SessionUser, actor: Actor, input: PersonCreate) {
  const scope = scoped(trx, user);
  await checkDivisions(trx, user, input.hukouDivision, input.residenceDivision);
  const id = parseIdNumber(input.idNumber);
  if (!id.ok) throw AppError.validation([fieldIssue('idNumber', fieldLabel('idNumber'), id.problem)]);
  const idHash = ctx.pii.blindIndex(id.value.idNumber);
  if (await findByIdHash(trx, idHash)) throw duplicateIdError();

  const registration: Registration = {
    ...inputColumns(ctx.pii, input, id.value),
    spouse_id: input.spouseId ?? null,
    ...(await spouseFacts(ctx, scope, input)),
  };
  const row = await registerPerson(trx, ctx.pii, registration, {
    actorId: user.id,
    registeredBy: user.divisionCode,
  });
  await writeAudit(trx, actor, { action: 'person.create', entity: 'person', entityId: row.id, personIds: [row.id] });
  const view = await viewContext(ctx, trx, user, [row]);
  return { person: personDetail(row, view), duplicates: await possibleDuplicates(ctx, scope, row) };
}

const SAME_NAME_BIRTH = { zh: '姓名和出生日期相同', en: 'same name and birth date' };
/** The create and update responses list at most this many possible duplicates, best first. */
const DUPLICATES_SHOWN = 10;

/**
 * Possible duplicates of a person just written, in the user's scope: the matcher's candidates (score at or above
 * the configured threshold), and, as before issue 24, anyone with the same name and birth date.
 */
async function possibleDuplicates(ctx: AppContext, scope: Scoped, row: PersonRow) {
  const subject = prepareRecord(matchRecordOf(ctx.pii, row));
  const rows = await blockRows(scope.selectFrom('person'), blockKeys(ctx.pii, subject, row.name), [row.id]);
  const { candidate, likely } = ctx.config.duplicates;
  const sameNameBirth = (r: PersonRow) => r.name === row.name && r.birth_date === row.birth_date;
  return scoreCandidates(ctx.pii, subject, rows, (c) => c.match.score >= candidate || sameNameBirth(c.row))
    .slice(0, DUPLICATES_SHOWN)
    .map(({ row: p, match }) => ({
      id: p.id,
      name: p.name,
      birthDate: p.birth_date,
      idNumberMasked: p.id_masked,
      reason: match.score >= candidate && match.label.zh ? match.label : SAME_NAME_BIRTH,
      score: match.score,
      likely: match.score >= likely,
      parts: match.parts,
    }));
}

/** Public fields the matcher compares: an update that changes one of them lists possible duplicates again. */
const MATCHED_FIELDS = ['idNumber', 'name', 'hukouDivision', 'spouseName', 'spouseIdNumber', 'children', 'phone'];

export async function updatePerson(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  personId: string,
  patch: PersonPatch,
) {
  return ctx.db.transaction().execute((trx) => updatePersonIn(ctx, trx, user, actor, personId, patch));
}

/** updatePerson inside the caller's transaction. */
export async function updatePersonIn(
  ctx: AppContext,
  trx: Db,
  user: SessionUser,
  actor: Actor,
  personId: string,
  patch: PersonPatch,
) {
  const scope = scoped(trx, user);
  const current = await lockPerson(scope, personId);
  if (!current) throw AppError.notFound(PERSON);
  if (current.merged_into) throw mergedRecordError();
  if (current.version !== patch.version) {
    throw new AppError(
      'VERSION_CONFLICT',
      409,
      { zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
      [],
      { currentVersion: current.version },
    );
  }
  const hukou = patch.hukouDivision ?? current.hukou_division;
  const residence = patch.residenceDivision ?? current.residence_division;
  if (patch.hukouDivision || patch.residenceDivision) await checkDivisions(trx, user, hukou, residence);

  const set: Partial<Insertable<PersonTable>> = {};
  if (patch.idNumber !== undefined) {
    const id = parseIdNumber(patch.idNumber);
    if (!id.ok) throw AppError.validation([fieldIssue('idNumber', fieldLabel('idNumber'), id.problem)]);
    const idHash = ctx.pii.blindIndex(id.value.idNumber);
    if (idHash !== current.id_hash) {
      if (await findByIdHash(trx, idHash)) throw duplicateIdError();
      Object.assign(set, {
        ...idNumberColumns(ctx.pii, id.value.idNumber),
        sex: id.value.sex,
        birth_date: id.value.birthDate,
      });
    }
  }
  if (patch.name !== undefined) Object.assign(set, nameColumns(patch.name));
  if (patch.hukouDivision !== undefined) set.hukou_division = patch.hukouDivision;
  if (patch.residenceDivision !== undefined) set.residence_division = patch.residenceDivision;
  if (patch.residenceAddress !== undefined) set.residence_address = patch.residenceAddress;
  if (patch.arrivedOn !== undefined) set.arrived_on = patch.arrivedOn;
  if (patch.departedOn !== undefined) set.departed_on = patch.departedOn;
  if (patch.maritalStatus !== undefined) set.marital_status = patch.maritalStatus;
  if (patch.spouseName !== undefined) set.spouse_name = patch.spouseName;
  if (patch.spouseId !== undefined || patch.spouseIdNumber !== undefined) {
    const facts = await spouseFacts(ctx, scope, {
      spouseId: patch.spouseId === undefined ? current.spouse_id : patch.spouseId,
      spouseIdNumber: patch.spouseIdNumber,
    });
    if (patch.spouseId !== undefined) set.spouse_id = patch.spouseId;
    if (patch.spouseIdNumber !== undefined)
      Object.assign(set, { spouse_id_enc: facts.spouse_id_enc, spouse_id_masked: facts.spouse_id_masked });
    set.spouse_birth_date = facts.spouse_birth_date ?? current.spouse_birth_date;
  }
  if (patch.children !== undefined) set.children = JSON.stringify(patch.children);
  if (patch.phone !== undefined) set.phone = encryptPhone(ctx.pii, patch.phone);
  if (patch.employer !== undefined) set.employer = patch.employer;
  if (patch.landlord !== undefined) set.landlord = patch.landlord;
  if (patch.housingType !== undefined) set.housing_type = patch.housingType;
  const housing = set.housing_type !== undefined ? set.housing_type : current.housing_type;
  if (housing === 'own') {
    // A landlord typed for a person in their own home is refused; moving into one's own home clears it.
    if (patch.landlord) throw AppError.validation([fieldIssue('landlord', fieldLabel('landlord'), OWN_HOME_LANDLORD)]);
    if (current.landlord) set.landlord = null;
    if (current.landlord_id) set.landlord_id = null;
  }

  const before = publicFields(current, ctx.pii);
  const candidate = {
    ...current,
    ...set,
    children: set.children ? JSON.parse(set.children as string) : current.children,
  } as PersonRow;
  if (arrivedBeforeBirth(candidate.arrived_on, candidate.birth_date))
    throw AppError.validation([fieldIssue('arrivedOn', fieldLabel('arrivedOn'), arrivalBeforeBirthProblem)]);
  const after = publicFields(candidate, ctx.pii);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  }
  const view = await viewContext(ctx, trx, user, [current]);
  if (Object.keys(changes).length === 0) return { person: personDetail(current, view) };

  const row = await amendPerson(trx, current, set, changes, user.id);
  await writeAudit(trx, actor, {
    action: 'person.update',
    entity: 'person',
    entityId: row.id,
    personIds: [row.id],
    details: { fields: Object.keys(changes) },
  });
  const afterView = await viewContext(ctx, trx, user, [row]);
  const matched = MATCHED_FIELDS.some((f) => f in changes);
  return {
    person: personDetail(row, afterView),
    ...(matched ? { duplicates: await possibleDuplicates(ctx, scope, row) } : {}),
  };
}

/** A record read by id or ID number: the survivor when the key named a merged record (a tombstone). */
interface Resolved {
  row: PersonRow;
  tombstone?: PersonRow;
}

/** Follows a tombstone to its survivor (a chain of merges too), inside the scope; undefined when out of it. */
async function resolveMerged(scope: Scoped, row: PersonRow, userId: string): Promise<Resolved | undefined> {
  let current: PersonRow | undefined = row;
  for (let hops = 0; current?.merged_into && hops < 10; hops++) {
    current = await findPersonInScope(scope, { id: current.merged_into }, userId);
  }
  if (!current || current.merged_into) return undefined;
  return current === row ? { row } : { row: current, tombstone: row };
}

/**
 * Reads one person in scope and audits the read, found or not. The response waits for the audit row
 * to commit (group-committed with concurrent reads), so no record leaves without its audit entry.
 */
async function readAudited(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  key: { id: string } | { idHash: string },
  action: string,
): Promise<Resolved> {
  const scope = scoped(ctx.db, user);
  const found = await findPersonInScope(scope, key, user.id);
  const resolved = found ? await resolveMerged(scope, found, user.id) : undefined;
  const entityId = resolved?.row.id ?? ('id' in key ? key.id : undefined);
  const personIds = resolved ? [resolved.row.id, ...(resolved.tombstone ? [resolved.tombstone.id] : [])] : [];
  await ctx.readAudit.append(actor, {
    action,
    outcome: resolved ? 'ok' : 'not_found',
    entity: 'person',
    ...(entityId ? { entityId } : {}),
    ...(resolved ? { personIds } : {}),
  });
  if (!resolved) throw AppError.notFound(PERSON);
  return resolved;
}

/** Where a merged record went, for the answer to a request that named it. */
function mergedFrom(tombstone: PersonRow | undefined) {
  return tombstone
    ? { mergedFrom: { id: tombstone.id, idNumberMasked: tombstone.id_masked, mergedAt: tombstone.merged_at } }
    : {};
}

export async function getPerson(ctx: AppContext, user: SessionUser, actor: Actor, id: string, revealId: boolean) {
  const { row, tombstone } = await readAudited(
    ctx,
    user,
    actor,
    { id },
    revealId ? 'person.read_id_number' : 'person.read',
  );
  const view = await viewContext(ctx, ctx.db, user, [row]);
  const person = { ...personDetail(row, view), ...mergedFrom(tombstone) };
  return { person: revealId ? { ...person, idNumber: ctx.pii.decrypt(row.id_number_enc) } : person };
}

/** Exact lookup by ID number (the counter's most common question), through the blind index. */
export async function lookupPerson(ctx: AppContext, user: SessionUser, actor: Actor, idNumber: string) {
  const { row, tombstone } = await readAudited(
    ctx,
    user,
    actor,
    { idHash: ctx.pii.blindIndex(idNumber) },
    'person.lookup',
  );
  const view = await viewContext(ctx, ctx.db, user, [row]);
  return { person: { ...personDetail(row, view), ...mergedFrom(tombstone) } };
}

/** Ensures the person is in scope before any sub-resource is read; audits the read. A merged id reads the survivor. */
export async function requirePersonInScope(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  action: string,
): Promise<PersonRow> {
  return (await readAudited(ctx, user, actor, { id }, action)).row;
}

/**
 * The person list counts its matches up to this many (50 pages of 20). At 1M people (PostgreSQL) a count of
 * a common pinyin search ("ly": 16,929 people) took 63 ms in full, 30–45 ms up to 10,000, 6 ms up to 1,000.
 */
export const LIST_COUNT_CAP = 1000;

export async function listPersons(ctx: AppContext, user: SessionUser, actor: Actor, query: PersonListQuery) {
  const scope = scoped(ctx.db, user);
  const like = (p: string) => `${p}%`;
  // Merged records (tombstones) leave the list and its search; their id still resolves (getPerson).
  let q = scope.selectFrom('person').where('merged_into', 'is', null);
  if (query.division) q = q.where(subtree(query.division).on('person'));
  if (query.flow === 'inflow')
    q = q.where('residence_division', 'like', scope.like).where('hukou_division', 'not like', scope.like);
  if (query.flow === 'outflow')
    q = q.where('hukou_division', 'like', scope.like).where('residence_division', 'not like', scope.like);
  if (query.flow === 'local')
    q = q.where('hukou_division', 'like', scope.like).where('residence_division', 'like', scope.like);
  if (query.sex) q = q.where('sex', '=', query.sex);
  if (query.maritalStatus) q = q.where('marital_status', '=', query.maritalStatus);
  if (query.ageBand) {
    const range = ageBandBirthRange(query.ageBand, today());
    if (range.from) q = q.where('birth_date', '>=', range.from);
    if (range.to) q = q.where('birth_date', '<=', range.to);
  }
  const term = query.q?.trim();
  if (term) {
    const id = term.toUpperCase();
    if (/^\d[\dX]*$/.test(id)) {
      if (id.length < MIN_ID_PREFIX) {
        throw AppError.validation([
          fieldIssue('q', fieldLabel('q'), {
            zh: `按身份证号搜索请至少输入${MIN_ID_PREFIX}位`,
            en: `enter at least ${MIN_ID_PREFIX} digits to search by ID number`,
          }),
        ]);
      }
      if (id.length >= 18) q = q.where('id_hash', '=', ctx.pii.blindIndex(id));
      else q = q.where(sql<boolean>`id_prefix_hashes @> ARRAY[${ctx.pii.blindIndex(`p:${id}`)}]::text[]`);
    } else if (/^[a-zü]+$/i.test(term)) {
      const t = like(searchKey(term));
      q = q.where((eb) => eb.or([eb('name_initials', 'like', t), eb('name_pinyin', 'like', t)]));
    } else {
      q = q.where('name', 'like', like(term.replace(/[\\%_]/g, (c) => `\\${c}`)));
    }
  }
  {
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      countUpTo(ctx.db, q, LIST_COUNT_CAP),
    ]);
    // Every person shown gets an audit row (one INSERT for the page), so each person's access log includes it.
    if (rows.length > 0) {
      await ctx.readAudit.append(actor, {
        action: 'person.list',
        entity: 'person',
        personIds: rows.map((r) => r.id),
        details: { query: { ...query, q: query.q ? '(search)' : undefined } },
      });
    }
    const view = await viewContext(ctx, ctx.db, user, rows);
    return {
      items: rows.map((r) => personSummary(r, view)),
      // More than `total` match when capped: the list says so and asks for a narrower search.
      total: count.total,
      totalCapped: count.capped,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}

/**
 * What merging two records would do: both records, the fields that differ, and the rows that would move (a dry run
 * of the merge itself, rolled back, so its checks and counts are the real ones). Both reads are audited.
 */
export async function previewMerge(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  pair: { survivorId: string; mergedId: string },
) {
  const survivor = await readAudited(ctx, user, actor, { id: pair.survivorId }, 'person.merge_preview');
  const merged = await readAudited(ctx, user, actor, { id: pair.mergedId }, 'person.merge_preview');
  if (survivor.tombstone || merged.tombstone) {
    throw new AppError('MERGE_CONFLICT', 409, {
      zh: '该记录已合并到其他记录，不能再合并',
      en: 'This record has already been merged into another one',
    });
  }
  const { moved } = await mergePersons(ctx, user, actor, { ...pair, fieldChoices: {}, reason: 'preview' }, true);
  const view = await viewContext(ctx, ctx.db, user, [survivor.row, merged.row]);
  return {
    survivor: personDetail(survivor.row, view),
    merged: personDetail(merged.row, view),
    differences: mergeDifferences(ctx, survivor.row, merged.row),
    moves: moved,
  };
}

/** Merges two records (persons.merge.ts) and answers the survivor as it now is. */
export async function mergeRecords(ctx: AppContext, user: SessionUser, actor: Actor, input: PersonMergeBody) {
  const result = await mergePersons(ctx, user, actor, input);
  const view = await viewContext(ctx, ctx.db, user, [result.survivor]);
  return { person: personDetail(result.survivor, view), mergeId: result.mergeId, moved: result.moved };
}

/** Undoes a merge and answers both records as restored. */
export async function unmergeRecords(ctx: AppContext, user: SessionUser, actor: Actor, mergeId: string) {
  const { survivor, merged } = await unmergePersons(ctx, user, actor, mergeId);
  const view = await viewContext(ctx, ctx.db, user, [survivor, merged]);
  return { survivor: personDetail(survivor, view), merged: personDetail(merged, view) };
}
