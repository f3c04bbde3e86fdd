/**
 * Technical services (issue 26 part 3): the informed consent each needs, the follow-up schedule, complications.
 * No rule here refuses or delays a removal: a removal is checked exactly like any other service (its date, the
 * person's own consent, who pays) and is saved at once.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorIssue, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import type { ServiceKind } from '../../core/services.ts';
import {
  COMPLICATION_LABELS,
  CONSENT_TEXTS,
  CURRENT_CONSENT_VERSION,
  consentTextHash,
  followUpDue,
  isTechnical,
} from '../../core/services-technical.ts';
import type { Db } from '../../db/database.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { facilityOfUser, type ServiceRow } from './services.repository.ts';
import type { ComplicationCreate, InformedConsent, ServiceCreate } from './services.schema.ts';
import { providerServiceView, serviceView } from './services.view.ts';

const SERVICE = { zh: '服务记录', en: 'Service record' };
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

const issue = (path: string, zh: string, en: string) => fieldIssue(path, fieldLabel(path), { zh, en });

/** The consent text the form shows now, with its points and hash. */
export function currentConsentText() {
  const t = CONSENT_TEXTS[CURRENT_CONSENT_VERSION];
  const sha256 = consentTextHash(CURRENT_CONSENT_VERSION);
  if (!t || !sha256) throw new Error('the current consent version has no text');
  return {
    version: t.version,
    text: t.text,
    sha256,
    items: Object.entries(t.items).map(([key, text]) => ({ key, text })),
  };
}

/** What a technical service (or a follow-up after one) needs beyond the common checks. */
export async function technicalProblems(db: Db, personId: string, input: ServiceCreate): Promise<ErrorIssue[]> {
  const out: ErrorIssue[] = [];
  if (input.informedConsent && !isTechnical(input.serviceKind)) {
    out.push(issue('informedConsent', '只用于放取环、皮埋和结扎', 'is only for the technical services'));
  }
  if (isTechnical(input.serviceKind) && input.status === 'done') {
    if (!input.informedConsent) {
      out.push(
        issue('informedConsent', '技术服务须有本人签署的知情同意书', 'a technical service needs the signed consent'),
      );
    } else {
      out.push(...consentProblems(input.informedConsent));
    }
  }
  if (input.serviceKind === 'technical_follow_up') {
    const parent = input.followUpOf ? await parentTechnical(db, personId, input.followUpOf) : undefined;
    if (!parent) {
      out.push(issue('followUpOf', '术后随访须对应此人的一项技术服务', 'must name a technical service of this person'));
    }
  }
  return out;
}

function consentProblems(c: InformedConsent): ErrorIssue[] {
  const text = CONSENT_TEXTS[c.textVersion];
  if (!text) return [issue('informedConsent.textVersion', '没有这一版本', 'no such version')];
  if (c.method === 'checklist') {
    const missing = Object.keys(text.items).filter((k) => !c.checked.includes(k));
    return missing.length === 0
      ? []
      : [issue('informedConsent.checked', '须逐项确认全部事项', 'every point must be ticked')];
  }
  const bytes = Buffer.from(c.dataBase64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_DOCUMENT_BYTES) {
    return [issue('informedConsent.dataBase64', '文件应在 2 MB 以内且不为空', 'must be a file of at most 2 MB')];
  }
  return [];
}

async function parentTechnical(db: Db, personId: string, id: string) {
  const row = await db
    .selectFrom('service_record')
    .select(['id', 'kind', 'service_date'])
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('status', '=', 'done')
    .executeTakeFirst();
  return row && isTechnical(row.kind) ? row : undefined;
}

/**
 * The next follow-up date a record carries: the first visit of the kind's schedule after a technical service;
 * after a follow-up, the visit after the ones already made (null once the schedule is complete). Undefined:
 * not a technical record (the kind's own default applies).
 */
export async function technicalNextDue(
  db: Db,
  personId: string,
  kind: ServiceKind,
  status: 'done' | 'declined',
  serviceDate: string,
  followUpOf: string | null | undefined,
): Promise<string | null | undefined> {
  if (isTechnical(kind)) return status === 'done' ? followUpDue(kind, serviceDate, 0) : null;
  if (kind !== 'technical_follow_up' || !followUpOf) return undefined;
  const parent = await parentTechnical(db, personId, followUpOf);
  if (!parent || !isTechnical(parent.kind)) return null;
  const done = await db
    .selectFrom('service_record')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('follow_up_of', '=', parent.id)
    .where('kind', '=', 'technical_follow_up')
    .where('status', '=', 'done')
    .executeTakeFirstOrThrow();
  return followUpDue(parent.kind, parent.service_date, Number(done.n) + 1);
}

/** Stores the consent with the version and the SHA-256 of the text shown; a form is stored with its own hash. */
export async function saveConsent(db: Db, recordId: string, c: InformedConsent, signedOn: string): Promise<void> {
  const textSha = consentTextHash(c.textVersion);
  if (!textSha) throw new Error('consent version checked before saving');
  const document = c.method === 'document' ? Buffer.from(c.dataBase64, 'base64') : null;
  await db
    .insertInto('service_consent')
    .values({
      service_record_id: recordId,
      method: c.method,
      text_version: c.textVersion,
      text_sha256: textSha,
      checklist: c.method === 'checklist' ? JSON.stringify([...new Set(c.checked)]) : null,
      document,
      document_name: c.method === 'document' ? c.fileName : null,
      document_type: c.method === 'document' ? c.contentType : null,
      document_sha256: document ? createHash('sha256').update(document).digest('hex') : null,
      signed_on: signedOn,
    })
    .execute();
}

/** A technical record in the user's reach: staff by the record's division, a provider by its own facility. */
async function technicalInReach(db: Db, user: SessionUser, id: string): Promise<ServiceRow | undefined> {
  let row: ServiceRow | undefined;
  if (user.role === 'provider') {
    const own = await facilityOfUser(db, user.id);
    row = own
      ? await db
          .selectFrom('service_record')
          .selectAll()
          .where('id', '=', id)
          .where('facility_id', '=', own)
          .executeTakeFirst()
      : undefined;
  } else {
    row = await scoped(db, user).selectFrom('service_record').selectAll().where('id', '=', id).executeTakeFirst();
  }
  return row && isTechnical(row.kind) ? row : undefined;
}

function complicationView(c: {
  id: string;
  kind: keyof typeof COMPLICATION_LABELS;
  severity: 'mild' | 'serious';
  noted_on: string;
  note: string | null;
  created_at: Date;
}) {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: COMPLICATION_LABELS[c.kind],
    severity: c.severity,
    notedOn: c.noted_on,
    note: c.note,
    createdAt: c.created_at,
  };
}

/** One technical service with its consent facts, follow-ups and complications (read audited). */
export async function technicalDetail(ctx: AppContext, user: SessionUser, actor: Actor, id: string) {
  const row = await technicalInReach(ctx.db, user, id);
  await ctx.readAudit.append(actor, {
    action: 'service.read_technical',
    outcome: row ? 'ok' : 'not_found',
    entity: 'service_record',
    entityId: id,
    ...(row ? { personIds: [row.person_id] } : {}),
  });
  if (!row) throw AppError.notFound(SERVICE);
  const consent = await ctx.db
    .selectFrom('service_consent')
    .select(['method', 'text_version', 'text_sha256', 'checklist', 'document_name', 'document_sha256', 'signed_on'])
    .where('service_record_id', '=', row.id)
    .executeTakeFirst();
  const followUps = await ctx.db
    .selectFrom('service_record')
    .select(['id', 'service_date', 'next_due_on'])
    .where('follow_up_of', '=', row.id)
    .where('kind', '=', 'technical_follow_up')
    .orderBy('service_date')
    .execute();
  const complications = await ctx.db
    .selectFrom('service_complication')
    .selectAll()
    .where('service_record_id', '=', row.id)
    .orderBy('noted_on')
    .execute();
  const last = followUps.at(-1);
  return {
    service: user.role === 'provider' ? providerServiceView(row) : serviceView(row),
    consent: consent
      ? {
          method: consent.method,
          textVersion: consent.text_version,
          textSha256: consent.text_sha256,
          checked: consent.checklist,
          documentName: consent.document_name,
          documentSha256: consent.document_sha256,
          signedOn: consent.signed_on,
        }
      : null,
    followUps: followUps.map((f) => ({ id: f.id, serviceDate: f.service_date, nextDueOn: f.next_due_on })),
    nextFollowUpOn: last ? last.next_due_on : row.next_due_on,
    complications: complications.map(complicationView),
  };
}

/** Records a complication noted after a technical service (at a follow-up visit or whenever it is reported). */
export async function recordComplication(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: ComplicationCreate,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await technicalInReach(trx, user, id);
    if (!row) throw AppError.notFound(SERVICE);
    if (input.notedOn < row.service_date) {
      throw AppError.validation([issue('notedOn', '不能早于服务日期', 'must not be before the service date')]);
    }
    const saved = await trx
      .insertInto('service_complication')
      .values({
        service_record_id: row.id,
        person_id: row.person_id,
        division_code: row.division_code,
        kind: input.kind,
        severity: input.severity,
        noted_on: input.notedOn,
        note: input.note ?? null,
        recorded_by: user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'service.complication',
      entity: 'service_record',
      entityId: row.id,
      personIds: [row.person_id],
      details: { kind: input.kind, severity: input.severity },
    });
    return { complication: complicationView(saved) };
  });
}
