/**
 * Certificate use cases. Issuing, re-issuing and revoking each run in one transaction with their history
 * line, events and audit row. Issuing is a service on request: nothing in Liudong requires a certificate.
 */
import type { AppContext } from '../../context.ts';
import { expiryDate, formatCertificateNumber, maskName } from '../../core/certificate.ts';
import { idNumberHash, signPayload } from '../../core/certificate-payload.ts';
import { today } from '../../core/china-time.ts';
import { isWithin, levelOf } from '../../core/divisions.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel, type MaritalStatus } from '../../core/person.ts';
import { withFreshNumber } from '../../core/record-number.ts';
import type { Db } from '../../db/database.ts';
import type { CertificateFactsColumn } from '../../db/schema.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { divisionRefs } from '../divisions/index.ts';
import { lockPerson, recordPersonEvent } from '../persons/index.ts';
import { certificateIssued } from './certificates.hooks.ts';
import {
  type CertificateRow,
  currentForPerson,
  findInScope,
  insertCertificate,
  insertEvent,
  type ListFilter,
  listEvents,
  listIssued,
  lockIssuedInScope,
} from './certificates.repository.ts';
import type { CertificateIssue } from './certificates.schema.ts';
import { type CertificateEventView, certificateView } from './certificates.view.ts';
import { printableInScope } from './printing.ts';
import { activeSigningKey } from './signing-keys.ts';

export const CERTIFICATE = { zh: '证明', en: 'Certificate' };
const PERSON = { zh: '人员', en: 'Person' };

function officeName(fullName: string, code: string): string {
  return levelOf(code) <= 3 ? `${fullName}卫生健康局` : `${fullName}计划生育办公室`;
}

async function eventsFor(db: Db, ids: string[]): Promise<Map<string, CertificateEventView[]>> {
  const out = new Map<string, CertificateEventView[]>();
  for (const e of await listEvents(db, ids)) {
    const list = out.get(e.certificate_id) ?? [];
    list.push({
      kind: e.kind,
      reason: e.reason,
      at: e.at,
      actor: { username: e.username, displayName: e.display_name },
    });
    out.set(e.certificate_id, list);
  }
  return out;
}

export async function viewWithEvents(db: Db, rows: CertificateRow[]) {
  const events = await eventsFor(
    db,
    rows.map((r) => r.id),
  );
  const day = today();
  return rows.map((r) => certificateView(r, day, events.get(r.id) ?? []));
}

/**
 * Issues a certificate for a person in scope. A standard certificate comes from the origin (户籍地) office;
 * a temporary one may be issued where the person lives. A current, unexpired certificate is replaced only when
 * the request asks for it (`replace` with a reason); otherwise 409 names it and nothing changes.
 */
export async function issueCertificate(ctx: AppContext, user: SessionUser, actor: Actor, input: CertificateIssue) {
  return ctx.db.transaction().execute(async (trx) => {
    const person = await lockPerson(scoped(trx, user), input.personId);
    if (!person) throw AppError.notFound(PERSON);
    const origin = isWithin(person.hukou_division, user.divisionCode);
    if (input.kind === 'standard' && !origin) {
      throw AppError.validation([
        fieldIssue('kind', fieldLabel('kind'), {
          zh: '正式证明由户籍地乡镇（街道）或县签发；现居住地可签发临时证明',
          en: 'a standard certificate is issued by the origin township or county; the place of residence may issue a temporary one',
        }),
      ]);
    }
    const previous = await currentForPerson(trx, person.id);
    const issuedOn = today();
    if (previous && previous.expires_on >= issuedOn && !input.replace) throw certificateExists(previous);
    const months = input.validMonths ?? ctx.config.certValidMonths[input.kind];
    const issuer = (await divisionRefs(trx, [user.divisionCode])).get(user.divisionCode);
    const key = await activeSigningKey(trx, ctx.pii);
    const idNumber = ctx.pii.decrypt(person.id_number_enc);
    const expiresOn = expiryDate(issuedOn, months);
    if (previous) {
      // Free the one-valid-per-person slot before the new row takes it; replaced_by is set below.
      await trx.updateTable('certificate').set({ status: 'replaced' }).where('id', '=', previous.id).execute();
    }
    // The number is in the signed payload, so each draw signs again; a taken number is skipped, not an error.
    const row = await withFreshNumber(
      (random) => formatCertificateNumber(user.divisionCode.slice(0, 6), Number(issuedOn.slice(0, 4)), random),
      (number) => {
        const facts: CertificateFactsColumn = {
          number,
          kind: input.kind,
          name: person.name,
          maskedName: maskName(person.name),
          idNumberMasked: person.id_masked,
          sex: person.sex,
          maritalStatus: person.marital_status,
          children: person.children.map((c) => ({ sex: c.sex, birthYear: Number(c.birthDate.slice(0, 4)) })),
          issuerDivision: user.divisionCode,
          issuerName: officeName(issuer?.fullName ?? user.divisionCode, user.divisionCode),
          issuedOn,
          expiresOn,
        };
        const payload = signPayload(
          {
            number,
            kind: input.kind,
            maskedName: facts.maskedName,
            idHash: idNumberHash(number, idNumber),
            maritalStatus: person.marital_status as MaritalStatus,
            childrenCount: facts.children.length,
            issuerDivision: user.divisionCode,
            issuedOn,
            expiresOn,
          },
          key,
        );
        return insertCertificate(trx, {
          number,
          person_id: person.id,
          division_code: user.divisionCode,
          kind: input.kind,
          issued_on: issuedOn,
          expires_on: expiresOn,
          facts: JSON.stringify(facts),
          payload,
          key_id: key.kid,
          issued_by: user.id,
          replaces_id: previous?.id ?? null,
        });
      },
    );
    const number = row.number;
    const reason = input.reason?.trim() || null;
    if (previous) {
      await trx.updateTable('certificate').set({ replaced_by_id: row.id }).where('id', '=', previous.id).execute();
      await insertEvent(trx, {
        certificate_id: previous.id,
        person_id: person.id,
        division_code: previous.division_code,
        kind: 'replaced',
        reason,
        actor_id: user.id,
      });
    }
    await insertEvent(trx, {
      certificate_id: row.id,
      person_id: person.id,
      division_code: row.division_code,
      kind: 'issued',
      reason,
      actor_id: user.id,
    });
    await recordPersonEvent(trx, person, { certificate: { from: previous?.number ?? null, to: number } }, user.id);
    await certificateIssued.run(trx, { certificate: row, person });
    await writeAudit(trx, actor, {
      action: previous ? 'certificate.reissue' : 'certificate.issue',
      entity: 'certificate',
      entityId: row.id,
      personIds: [person.id],
      details: { number, kind: input.kind, ...(previous ? { replaces: previous.number } : {}) },
    });
    // One row in, one view out.
    const [view] = await viewWithEvents(trx, [row]);
    return { certificate: view! };
  });
}

/** The person already holds a current certificate: say which, and how to replace it. */
function certificateExists(current: CertificateRow): AppError {
  return new AppError(
    'CERTIFICATE_EXISTS',
    409,
    {
      zh: `该人员已持有有效证明（编号${current.number}，有效期至${current.expires_on}）；如需换发，请填写原因后换发`,
      en: `This person already holds a valid certificate (${current.number}, valid until ${current.expires_on}); to replace it, re-issue with a reason`,
    },
    [],
    { existing: { id: current.id, number: current.number, expiresOn: current.expires_on } },
  );
}

/** Re-issue: a new certificate with the person's current facts; the old one becomes "replaced". */
export async function reissueCertificate(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  id: string,
  input: { reason: string; validMonths?: number | undefined },
) {
  const current = await findInScope(scoped(ctx.db, user), id);
  if (!current) throw AppError.notFound(CERTIFICATE);
  return issueCertificate(ctx, user, actor, {
    personId: current.person_id,
    kind: current.kind,
    reason: input.reason,
    validMonths: input.validMonths,
    replace: true,
  });
}

export async function revokeCertificate(ctx: AppContext, user: SessionUser, actor: Actor, id: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockIssuedInScope(scoped(trx, user), id);
    if (!row) throw AppError.notFound(CERTIFICATE);
    if (row.status !== 'valid') {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: '该证明已撤销或已换发，不能再撤销',
        en: 'This certificate is already revoked or replaced',
      });
    }
    const updated = await trx
      .updateTable('certificate')
      .set({ status: 'revoked', revoked_at: new Date(), revoked_by: user.id, revoke_reason: reason })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertEvent(trx, {
      certificate_id: row.id,
      person_id: row.person_id,
      division_code: row.division_code,
      kind: 'revoked',
      reason,
      actor_id: user.id,
    });
    const person = await trx
      .selectFrom('person')
      .select(['id', 'residence_division', 'version'])
      .where('id', '=', row.person_id)
      .executeTakeFirstOrThrow();
    await recordPersonEvent(trx, person, { certificateRevoked: { from: row.number, to: reason } }, user.id);
    await writeAudit(trx, actor, {
      action: 'certificate.revoke',
      entity: 'certificate',
      entityId: row.id,
      personIds: [row.person_id],
      details: { number: row.number, reason },
    });
    const [view] = await viewWithEvents(trx, [updated]);
    return { certificate: view! };
  });
}

/** One certificate in scope, with its events; the read is audited against the person. */
export async function getCertificate(ctx: AppContext, user: SessionUser, actor: Actor, id: string, action: string) {
  const row = await findInScope(scoped(ctx.db, user), id);
  await ctx.readAudit.append(actor, {
    action,
    outcome: row ? 'ok' : 'not_found',
    entity: 'certificate',
    entityId: id,
    ...(row ? { personIds: [row.person_id] } : {}),
  });
  if (!row) throw AppError.notFound(CERTIFICATE);
  return row;
}

/** Certificates in scope, a page at a time; every person listed gets a read-audit row. */
export async function listCertificates(ctx: AppContext, user: SessionUser, actor: Actor, filter: ListFilter) {
  const { rows, total } = await listIssued(scoped(ctx.db, user), filter);
  if (rows.length > 0) {
    await ctx.readAudit.append(actor, {
      action: 'certificate.list',
      entity: 'certificate',
      personIds: rows.map((r) => r.person_id),
    });
  }
  return { rows, total };
}

/** The certificates of a print batch: all in scope or none (404); the batch is audited. */
export async function certificatesToPrint(ctx: AppContext, user: SessionUser, actor: Actor, ids: string[]) {
  const rows = await printableInScope(scoped(ctx.db, user), ids);
  if (rows.length !== ids.length) throw AppError.notFound(CERTIFICATE);
  await ctx.readAudit.append(actor, {
    action: 'certificate.print_batch',
    entity: 'certificate',
    personIds: rows.map((r) => r.person_id),
    details: { count: rows.length },
  });
  return rows;
}
