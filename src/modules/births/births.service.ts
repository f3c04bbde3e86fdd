/**
 * Birth service registration (生育登记服务) under current practice (国卫办人口发〔2021〕21号): either spouse
 * applies, online or at the counter, at the household-registration place or the place of residence, before or
 * after the birth. Data the registry holds is filled in, a signed pledge (承诺) may stand in for a missing
 * document, and scans are optional. The township reviews it. It is a service record for the benefits it
 * unlocks, not a permit.
 *
 * The result is queued for the exchange with the other area: `exchange_notified_at` stays null until the
 * exchange outbox (issue 5) sends it.
 */
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { AppContext } from '../../context.ts';
import { maskName } from '../../core/certificate.ts';
import { idNumberHash } from '../../core/certificate-payload.ts';
import { today } from '../../core/china-time.ts';
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError, fieldIssue, IssueCollector, type LocalizedText } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { withFreshNumber } from '../../core/record-number.ts';
import {
  BIRTH_ACTION_LABELS,
  BIRTH_STATUS_LABELS,
  type BirthAction,
  type BirthStatus,
  formatBirthNumber,
  MAX_UPLOAD_BYTES,
  REVIEW_ACTIONS,
  safeFileName,
  signBirthPayload,
  sniffUploadType,
  transition,
} from '../../core/services-birth.ts';
import type { Db } from '../../db/database.ts';
import type { BirthRegistrationDocumentTable, Role } from '../../db/schema.ts';
import { type Scoped, scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { activeSigningKey, verifyLink } from '../certificates/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { addChild, findPersonInScope, type PersonRow } from '../persons/index.ts';
import { birthRegistered } from './births.hooks.ts';
import { earlierRegistrations, registrationExists, withdrawReplaced } from './births.replace.ts';
import type { BirthCreate } from './births.schema.ts';

export const REGISTRATION: LocalizedText = { zh: '生育登记', en: 'Birth registration' };
/** The offices that review: the township (街道/乡镇) and the county. */
export const REVIEW_ROLES: readonly Role[] = ['county_admin', 'township_officer'];

/** Who submits: staff at the counter (person in their scope), or a resident online (self or spouse). */
export type BirthSubmitter =
  | { kind: 'staff'; user: SessionUser }
  | { kind: 'resident'; userId: string | null; personId: string };

/** The township office of a division: the reviewing office for that place (the division itself above level 4). */
export function reviewingOffice(code: string): string {
  return levelOf(code) > 4 ? `${code.slice(0, 9)}000` : code;
}

function outOfScope(path: string): AppError {
  return new AppError('NOT_FOUND', 404, { zh: '人员不存在或无权访问', en: 'Person not found or no access' }, [
    fieldIssue(path, fieldLabel(path), { zh: '不存在或不在您的辖区内', en: 'not found or outside your jurisdiction' }),
  ]);
}

/** What the registry already knows, so the applicant is not asked again (pre-filled, masked). */
export async function prefillFor(db: Db, person: PersonRow) {
  const refs = await divisionRefs(db, [person.hukou_division, person.residence_division]);
  return {
    name: person.name,
    idNumberMasked: person.id_masked,
    sex: person.sex,
    birthDate: person.birth_date,
    maritalStatus: person.marital_status,
    hukouDivision: { code: person.hukou_division, name: refs.get(person.hukou_division)?.fullName ?? null },
    residenceDivision: { code: person.residence_division, name: refs.get(person.residence_division)?.fullName ?? null },
    residenceAddress: person.residence_address,
    spouseId: person.spouse_id,
    spouseName: person.spouse_name,
    spouseIdNumberMasked: person.spouse_id_masked,
    childrenCount: person.children.length,
    children: person.children.map((c) => ({ sex: c.sex, birthYear: Number(c.birthDate.slice(0, 4)) })),
    suggestedChildOrder: person.children.length + 1,
  };
}

function dateIssues(input: BirthCreate, person: PersonRow, issues: IssueCollector) {
  const day = today();
  if (!input.childBornOn && !input.expectedOn) {
    issues.add(
      fieldIssue('childBornOn', fieldLabel('childBornOn'), {
        zh: '请填写子女出生日期或预产期',
        en: 'give the child’s birth date or the expected date',
      }),
    );
  }
  if (input.childBornOn) {
    if (input.childBornOn > day)
      issues.add(
        fieldIssue('childBornOn', fieldLabel('childBornOn'), { zh: '不能晚于今天', en: 'must not be in the future' }),
      );
    if (input.childBornOn <= person.birth_date)
      issues.add(
        fieldIssue('childBornOn', fieldLabel('childBornOn'), {
          zh: '不能早于申请人出生日期',
          en: 'must be after the applicant’s birth date',
        }),
      );
  }
  if (input.expectedOn && !input.childBornOn && input.expectedOn < day) {
    issues.add(
      fieldIssue('expectedOn', fieldLabel('expectedOn'), {
        zh: '已过预产期的，请填写出生日期',
        en: 'is past; give the birth date instead',
      }),
    );
  }
}

/** Submits a registration. The portal (resident self-service) calls this with a resident submitter. */
export async function submitBirthRegistration(
  ctx: AppContext,
  submitter: BirthSubmitter,
  actor: Actor,
  input: BirthCreate,
) {
  return ctx.db.transaction().execute(async (trx) => {
    let person: PersonRow | undefined;
    if (submitter.kind === 'staff') {
      person = await findPersonInScope(scoped(trx, submitter.user), { id: input.personId });
    } else {
      // A resident applies for themself or their spouse, never for anybody else.
      const self = await trx.selectFrom('person').selectAll().where('id', '=', submitter.personId).executeTakeFirst();
      if (self && (input.personId === self.id || input.personId === self.spouse_id)) {
        person = await trx.selectFrom('person').selectAll().where('id', '=', input.personId).executeTakeFirst();
      }
    }
    if (!person) throw outOfScope('personId');
    const issues = new IssueCollector();
    dateIssues(input, person, issues);
    const spouseId = input.spousePersonId ?? person.spouse_id ?? null;
    if (input.spousePersonId && input.spousePersonId === person.id) {
      issues.add(
        fieldIssue('spousePersonId', fieldLabel('spousePersonId'), {
          zh: '不能是申请人本人',
          en: 'must not be the applicant',
        }),
      );
    }
    issues.throwIfAny();
    if (spouseId) {
      const spouse = await trx.selectFrom('person').select('id').where('id', '=', spouseId).executeTakeFirst();
      if (!spouse) throw outOfScope('spousePersonId');
    }
    const earlier = await earlierRegistrations(
      trx,
      { personId: person.id, spouseId },
      { childOrder: input.childOrder, bornOn: input.childBornOn ?? null, sex: input.childSex ?? null },
    );
    if (earlier.length > 0 && !input.replace) throw registrationExists(earlier);
    const place = input.placeBasis === 'hukou' ? person.hukou_division : person.residence_division;
    const office = reviewingOffice(place);
    const known = await trx.selectFrom('division').select('code').where('code', '=', office).executeTakeFirst();
    const division = known ? office : place;
    const createdBy = submitter.kind === 'staff' ? submitter.user.id : submitter.userId;
    const prefilled = JSON.stringify(await prefillFor(trx, person));
    // A taken number is skipped (ON CONFLICT DO NOTHING) and another drawn: the transaction goes on.
    const row = await withFreshNumber(
      (random) => formatBirthNumber(division.slice(0, 6), Number(today().slice(0, 4)), random),
      (number) =>
        trx
          .insertInto('birth_registration')
          .values({
            number,
            person_id: person.id,
            spouse_person_id: spouseId,
            division_code: division,
            place_basis: input.placeBasis,
            channel: submitter.kind === 'resident' ? 'online' : input.channel,
            child_order: input.childOrder,
            child_born_on: input.childBornOn ?? null,
            child_name: input.childName,
            child_sex: input.childSex ?? null,
            expected_on: input.childBornOn ? null : (input.expectedOn ?? null),
            pledge: input.pledge,
            prefilled,
            created_by: createdBy,
          })
          .onConflict((oc) => oc.column('number').doNothing())
          .returningAll()
          .executeTakeFirst(),
    );
    const number = row.number;
    const replaceReason = earlier.length > 0 ? (input.reason ?? null) : null;
    if (earlier.length > 0)
      await withdrawReplaced(trx, actor, createdBy, person.id, earlier, replaceReason ?? '', row.id);
    await trx
      .insertInto('birth_registration_event')
      .values({
        registration_id: row.id,
        division_code: row.division_code,
        action: 'submit',
        from_status: null,
        to_status: 'submitted',
        message: replaceReason,
        actor_id: createdBy,
      })
      .execute();
    await writeAudit(trx, actor, {
      action: 'birth_registration.submit',
      entity: 'birth_registration',
      entityId: row.id,
      personIds: [person.id, ...(spouseId ? [spouseId] : [])],
      details: { number, channel: row.channel },
    });
    return { registration: { id: row.id, number: row.number, status: row.status, division: row.division_code } };
  });
}

/** Scope of a registration: its reviewing office in the user's subtree, or the applicant in scope. */
async function findRegistration(scope: Scoped, id: string, lock = false) {
  let q = registrationsIn(scope)
    .selectAll('b')
    .select(['p.name', 'p.id_masked', 'p.id_number_enc'])
    .where('b.id', '=', id);
  if (lock) q = q.forUpdate('b');
  return q.executeTakeFirst();
}

/** Registrations whose reviewing office or applicant is in the scope: either opens the record. */
function registrationsIn(scope: Scoped) {
  return scope.db
    .selectFrom('birth_registration as b')
    .innerJoin('person as p', 'p.id', 'b.person_id')
    .where((eb) => eb.or([scope.on('birth_registration', 'b')(eb), scope.on('person', 'p')(eb)]));
}

type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>;

export async function transitionRegistration(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { action: BirthAction; message?: string | null; reason?: string | undefined },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findRegistration(scoped(trx, user), id, true);
    if (!row) throw AppError.notFound(REGISTRATION);
    if (REVIEW_ACTIONS.includes(input.action)) {
      // Review belongs to the office the registration was filed with (or the county above it).
      if (!REVIEW_ROLES.includes(user.role)) throw AppError.forbidden();
      if (!isWithin(row.division_code, user.divisionCode)) {
        throw AppError.validation([
          fieldIssue('action', fieldLabel('action'), {
            zh: '此登记由其他乡镇（街道）审核',
            en: 'this registration is reviewed by another office',
          }),
        ]);
      }
    }
    const from = row.status as BirthStatus;
    const result = transition(from, input.action, input.message);
    if (!result.ok) throw AppError.validation([fieldIssue(result.path, fieldLabel(result.path), result.problem)]);
    const now = new Date();
    const patch: Record<string, unknown> = { status: result.to, updated_at: now, version: row.version + 1 };
    if (input.action === 'request_info') patch.message = input.message ?? null;
    // The reason for withdrawing is kept on the registration, where the applicant sees it in the portal.
    const withdrawReason = input.action === 'withdraw' ? input.reason?.trim() || null : null;
    if (input.action === 'withdraw') {
      patch.withdrawn_at = now;
      patch.message = withdrawReason;
    }
    const registeredOn = today();
    if (input.action === 'register') {
      const key = await activeSigningKey(trx, ctx.pii);
      patch.registered_at = now;
      patch.message = null;
      patch.key_id = key.kid;
      patch.exchange_notified_at = null;
      patch.payload = signBirthPayload(
        {
          number: row.number,
          maskedName: maskName(row.name),
          idHash: idNumberHash(row.number, ctx.pii.decrypt(row.id_number_enc)),
          office: row.division_code,
          registeredOn,
          childOrder: row.child_order,
        },
        key,
      );
    }
    await trx.updateTable('birth_registration').set(patch).where('id', '=', row.id).execute();
    if (input.action === 'register') {
      const applicant = await trx
        .selectFrom('person')
        .select(['hukou_division', 'residence_division'])
        .where('id', '=', row.person_id)
        .executeTakeFirstOrThrow();
      await birthRegistered.run(trx, { registration: row, applicant, registeredOn });
      await addChildToParents(trx, user, actor, row);
    }
    await trx
      .insertInto('birth_registration_event')
      .values({
        registration_id: row.id,
        division_code: row.division_code,
        action: input.action,
        from_status: from,
        to_status: result.to,
        message: withdrawReason ?? input.message ?? null,
        actor_id: user.id,
      })
      .execute();
    await writeAudit(trx, actor, {
      action: `birth_registration.${input.action}`,
      entity: 'birth_registration',
      entityId: row.id,
      personIds: [row.person_id],
      details: { number: row.number, from, to: result.to, ...(withdrawReason ? { reason: withdrawReason } : {}) },
    });
    return { registration: { id: row.id, number: row.number, status: result.to } };
  });
}

/** The name a child is recorded under when the registration gave none (the office corrects it later). */
const UNNAMED_CHILD = '未填写';

/**
 * A registered birth puts the child on both parents' records (issue 26 part 7), through the persons writer, with
 * a history line and an audit entry each. Before the birth (no date yet) or without the child's sex there is no
 * child to record; the office adds it when the birth date is known.
 */
async function addChildToParents(trx: Db, user: SessionUser, actor: Actor, row: RegistrationRow): Promise<void> {
  if (!row.child_born_on || !row.child_sex) return;
  const child = { name: row.child_name ?? UNNAMED_CHILD, sex: row.child_sex, birthDate: row.child_born_on };
  const ids = [row.person_id, ...(row.spouse_person_id ? [row.spouse_person_id] : [])].sort();
  // The spouse of a person in scope may live elsewhere; the registration itself is what authorises this write.
  const parents = await trx.selectFrom('person').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  for (const parent of parents) {
    const after = await addChild(trx, parent, child, user.id);
    if (!after) continue;
    await writeAudit(trx, actor, {
      action: 'person.update',
      entity: 'person',
      entityId: parent.id,
      personIds: [parent.id],
      details: { fields: ['children'], birthRegistration: row.number },
    });
  }
}

function registrationSummary(r: RegistrationRow) {
  return {
    id: r.id,
    number: r.number,
    personId: r.person_id,
    personName: r.name,
    idNumberMasked: r.id_masked,
    division: r.division_code,
    placeBasis: r.place_basis,
    channel: r.channel,
    status: r.status,
    statusLabel: BIRTH_STATUS_LABELS[r.status as BirthStatus],
    childOrder: r.child_order,
    childBornOn: r.child_born_on,
    childName: r.child_name,
    childSex: r.child_sex,
    expectedOn: r.expected_on,
    pledge: r.pledge,
    message: r.message,
    submittedAt: r.submitted_at,
    registeredAt: r.registered_at,
    withdrawnAt: r.withdrawn_at,
    exchangeQueued: r.status === 'registered' && r.exchange_notified_at === null,
    exchangeNotifiedAt: r.exchange_notified_at,
    version: r.version,
  };
}

export async function listRegistrations(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  query: { status?: BirthStatus | undefined; personId?: string | undefined; page: number; pageSize: number },
) {
  let q = registrationsIn(scoped(ctx.db, user));
  if (query.status) q = q.where('b.status', '=', query.status);
  if (query.personId) q = q.where('b.person_id', '=', query.personId);
  const [rows, count] = await Promise.all([
    q
      .selectAll('b')
      .select(['p.name', 'p.id_masked', 'p.id_number_enc'])
      .orderBy('b.submitted_at', 'desc')
      .orderBy('b.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (rows.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'birth_registration.list',
      entity: 'birth_registration',
      personIds: rows.map((r) => r.person_id),
    });
  }
  return { items: rows.map(registrationSummary), total: Number(count.n), page: query.page, pageSize: query.pageSize };
}

export async function getRegistration(ctx: AppContext, user: SessionUser, actor: Actor, id: string, baseUrl: string) {
  const row = await findRegistration(scoped(ctx.db, user), id);
  await ctx.readAudit.append(actor, {
    action: 'birth_registration.read',
    outcome: row ? 'ok' : 'not_found',
    entity: 'birth_registration',
    entityId: id,
    ...(row ? { personIds: [row.person_id] } : {}),
  });
  if (!row) throw AppError.notFound(REGISTRATION);
  const [events, documents, refs] = await Promise.all([
    ctx.db
      .selectFrom('birth_registration_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_id')
      .select(['e.action', 'e.from_status', 'e.to_status', 'e.message', 'e.at', 'u.display_name'])
      .where('e.registration_id', '=', row.id)
      .orderBy('e.at')
      .execute(),
    ctx.db
      .selectFrom('birth_registration_document')
      .select(['id', 'kind', 'file_name', 'media_type', 'size_bytes', 'uploaded_at'])
      .where('registration_id', '=', row.id)
      .orderBy('uploaded_at')
      .execute(),
    divisionRefs(ctx.db, [row.division_code]),
  ]);
  const link = row.payload ? verifyLink(baseUrl, row.payload) : null;
  return {
    registration: {
      ...registrationSummary(row),
      office: refs.get(row.division_code) ?? null,
      prefilled: row.prefilled,
      payload: row.payload,
      verifyLink: link,
      qrDataUrl: link ? await QRCode.toDataURL(link, { margin: 1, width: 200 }) : null,
      events: events.map((e) => ({
        action: e.action,
        actionLabel: BIRTH_ACTION_LABELS[e.action as BirthAction] ?? { zh: '提交', en: 'Submitted' },
        from: e.from_status,
        to: e.to_status,
        message: e.message,
        at: e.at,
        actor: e.display_name,
      })),
      documents: documents.map((d) => ({
        id: d.id,
        documentKind: d.kind,
        fileName: d.file_name,
        mediaType: d.media_type,
        size: d.size_bytes,
        uploadedAt: d.uploaded_at,
      })),
    },
  };
}

function uploadError(problem: LocalizedText, status = 400): AppError {
  const issues = [fieldIssue('file', fieldLabel('file'), problem)];
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 413, problem, issues);
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, problem, issues);
  return AppError.validation(issues);
}

export const UPLOAD_TOO_LARGE: LocalizedText = {
  zh: `文件不能超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB`,
  en: `the file must not exceed ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
};

export function tooLarge(): AppError {
  return uploadError(UPLOAD_TOO_LARGE, 413);
}

export function noFile(): AppError {
  return uploadError({ zh: '没有收到文件', en: 'no file was received' });
}

/** Stores a scan in the database. The type comes from the bytes; the stored name is sanitised. */
export async function addDocument(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  upload: { kind: BirthRegistrationDocumentTable['kind']; fileName: string; bytes: Buffer },
) {
  if (upload.bytes.length === 0) throw uploadError({ zh: '文件为空', en: 'the file is empty' });
  if (upload.bytes.length > MAX_UPLOAD_BYTES) throw tooLarge();
  const type = sniffUploadType(upload.bytes);
  if (!type) {
    throw uploadError(
      { zh: '只接受JPEG、PNG图片或PDF文件', en: 'only JPEG or PNG images and PDF files are accepted' },
      415,
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findRegistration(scoped(trx, user), id, true);
    if (!row) throw AppError.notFound(REGISTRATION);
    if (row.status !== 'submitted' && row.status !== 'needs_info') {
      throw uploadError({
        zh: '已登记或已撤回的申请不能再上传材料',
        en: 'a registered or withdrawn application takes no more documents',
      });
    }
    const doc = await trx
      .insertInto('birth_registration_document')
      .values({
        registration_id: row.id,
        division_code: row.division_code,
        kind: upload.kind,
        file_name: safeFileName(upload.fileName, type),
        media_type: type,
        size_bytes: upload.bytes.length,
        sha256: crypto.createHash('sha256').update(upload.bytes).digest('hex'),
        content: upload.bytes,
        uploaded_by: user.id,
      })
      .returning(['id', 'kind', 'file_name', 'media_type', 'size_bytes', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'birth_registration.upload',
      entity: 'birth_registration',
      entityId: row.id,
      personIds: [row.person_id],
      details: { document: doc.id, type, size: doc.size_bytes },
    });
    return {
      document: {
        id: doc.id,
        documentKind: doc.kind,
        fileName: doc.file_name,
        mediaType: doc.media_type,
        size: doc.size_bytes,
        uploadedAt: doc.uploaded_at,
      },
    };
  });
}

export async function getDocument(ctx: AppContext, user: SessionUser, actor: Actor, id: string, docId: string) {
  const row = await findRegistration(scoped(ctx.db, user), id);
  const doc = row
    ? await ctx.db
        .selectFrom('birth_registration_document')
        .select(['id', 'file_name', 'media_type', 'content'])
        .where('id', '=', docId)
        .where('registration_id', '=', row.id)
        .executeTakeFirst()
    : undefined;
  await ctx.readAudit.append(actor, {
    action: 'birth_registration.read_document',
    outcome: doc ? 'ok' : 'not_found',
    entity: 'birth_registration',
    entityId: id,
    ...(row ? { personIds: [row.person_id] } : {}),
  });
  if (!row || !doc) throw AppError.notFound({ zh: '材料', en: 'Document' });
  return doc;
}

/** Registrations of one person (applicant or spouse), for the timeline. */
export async function registrationsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('birth_registration')
    .select([
      'id',
      'number',
      'status',
      'child_order',
      'child_born_on',
      'expected_on',
      'submitted_at',
      'registered_at',
      'withdrawn_at',
      'message',
    ])
    .where((eb) => eb.or([eb('person_id', '=', personId), eb('spouse_person_id', '=', personId)]))
    .orderBy('submitted_at', 'desc')
    .execute();
}
