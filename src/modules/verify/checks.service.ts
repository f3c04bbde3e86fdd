/**
 * Verification at the place of residence: staff record that a certificate was presented and checked, or
 * that the person holds none (recorded, never held against them). A forged or unknown certificate opens
 * a misuse incident for referral to public security; the app computes no fines.
 */
import type { AppContext } from '../../context.ts';
import { AppError, fieldIssue } from '../../core/errors.ts';
import { fieldLabel } from '../../core/person.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { personExistsInScope } from '../persons/index.ts';
import { publicView, type Verification, verifyNumber, verifyScanned } from './verify.service.ts';

export interface CheckInput {
  payload?: string | undefined;
  number?: string | undefined;
  noneHeld?: boolean | undefined;
  personId?: string | undefined;
  place?: string | undefined;
  notes?: string | undefined;
}

const PERSON = { zh: '人员', en: 'Person' };

function oneOf(input: CheckInput): 'qr' | 'number' | 'none_held' {
  const given = [
    input.payload ? 'qr' : null,
    input.number ? 'number' : null,
    input.noneHeld ? 'none_held' : null,
  ].filter((x): x is 'qr' | 'number' | 'none_held' => x !== null);
  if (given.length !== 1) {
    throw AppError.validation([
      fieldIssue('payload', fieldLabel('payload'), {
        zh: '请扫描二维码、输入证明编号或选择“未持有证明”，三者选一',
        en: 'scan the QR code, enter the number, or choose "holds none" (exactly one)',
      }),
    ]);
  }
  return given[0] as 'qr' | 'number' | 'none_held';
}

export async function recordCheck(
  ctx: AppContext,
  user: SessionUser,
  actor: Actor,
  input: CheckInput,
  lang: 'zh' | 'en',
) {
  const method = oneOf(input);
  if (input.personId && !(await personExistsInScope(scoped(ctx.db, user), input.personId)))
    throw AppError.notFound(PERSON);
  if (method === 'none_held' && !input.personId) {
    throw AppError.validation([
      fieldIssue('personId', fieldLabel('personId'), { zh: '记录“未持有证明”时请选择人员', en: 'choose the person' }),
    ]);
  }
  let v: Verification | null = null;
  if (method === 'qr') v = await verifyScanned(ctx, input.payload as string);
  if (method === 'number') v = await verifyNumber(ctx, input.number as string);
  // From a person's page the certificate shown must be theirs; someone else's would close the wrong item.
  if (input.personId && v?.row && v.row.person_id !== input.personId) {
    const field = method === 'qr' ? 'payload' : 'number';
    throw AppError.validation([
      fieldIssue(field, fieldLabel(field), {
        zh: '该证明不属于此人，请核对后重新扫描或输入',
        en: 'this certificate belongs to someone else; check it and scan or type again',
      }),
    ]);
  }
  const result = v?.result ?? 'none_held';
  const personId = input.personId ?? v?.row?.person_id ?? null;
  const presented = (input.payload ?? input.number ?? '').slice(0, 1200);

  return ctx.db.transaction().execute(async (trx) => {
    const check = await trx
      .insertInto('certificate_check')
      .values({
        division_code: user.divisionCode,
        person_id: personId,
        certificate_id: v?.row?.id ?? null,
        number_presented: v?.row?.number ?? (method === 'number' ? presented : null),
        method,
        result,
        checked_by: user.id,
        notes: input.notes ?? null,
      })
      .returning(['id', 'checked_at'])
      .executeTakeFirstOrThrow();
    let incident: { id: string } | null = null;
    if (result === 'forged' || result === 'not_found') {
      incident = await trx
        .insertInto('misuse_incident')
        .values({
          check_id: check.id,
          division_code: user.divisionCode,
          presented,
          reason: v?.reason?.zh ?? v?.label.zh ?? result,
          place: input.place ?? null,
          created_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    await writeAudit(trx, actor, {
      action: 'certificate.check',
      outcome: 'ok',
      entity: 'certificate_check',
      entityId: check.id,
      ...(personId ? { personIds: [personId] } : {}),
      details: { method, result, ...(incident ? { incident: incident.id } : {}) },
    });
    return {
      check: { id: check.id, method, result, checkedAt: check.checked_at, personId },
      // Staff at the residence hold the certificate in their hands and the check is audited: full masked view.
      verification: v ? publicView(v, lang, true) : null,
      incident,
    };
  });
}

export async function listChecks(ctx: AppContext, user: SessionUser, personId?: string) {
  let q = scoped(ctx.db, user).selectFrom('certificate_check as k').leftJoin('app_user as u', 'u.id', 'k.checked_by');
  if (personId) q = q.where('k.person_id', '=', personId);
  const rows = await q
    .select([
      'k.id',
      'k.method',
      'k.result',
      'k.number_presented',
      'k.person_id',
      'k.checked_at',
      'k.division_code',
      'u.display_name',
    ])
    .orderBy('k.checked_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    result: r.result,
    number: r.number_presented,
    personId: r.person_id,
    checkedAt: r.checked_at,
    division: r.division_code,
    checkedBy: r.display_name,
  }));
}
