/**
 * Issue 21 part 4: a second birth registration for a person who already has one open (submitted or waiting for
 * documents), or one registered for the same child, is not filed silently. The answer is 409 naming the earlier
 * one; with `replace: true` and a reason the open ones are withdrawn with that reason, which the applicant sees.
 */
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';

interface Earlier {
  id: string;
  number: string;
  status: string;
  child_order: number;
  division_code: string;
  version: number;
}

/** The child a registration is about, to find the same child registered before (issue 26 part 7). */
export interface ChildKey {
  childOrder: number;
  bornOn: string | null;
  sex: 'M' | 'F' | null;
}

/**
 * The applicant's open registrations, and the couple's registered ones for the same child: filed by either spouse
 * with the same child order, or with the same birth date (and sex, so twins of different sexes are two children).
 * Locks the couple first (in id order, so two spouses applying at once cannot deadlock), so two submissions at once
 * cannot both find nothing.
 */
export async function earlierRegistrations(
  db: Db,
  couple: { personId: string; spouseId: string | null },
  child: ChildKey,
): Promise<Earlier[]> {
  const ids = [couple.personId, ...(couple.spouseId ? [couple.spouseId] : [])].sort();
  await db.selectFrom('person').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  return db
    .selectFrom('birth_registration')
    .select(['id', 'number', 'status', 'child_order', 'division_code', 'version'])
    .where((eb) =>
      eb.or([
        eb.and([eb('person_id', '=', couple.personId), eb('status', 'in', ['submitted', 'needs_info'])]),
        eb.and([
          eb.or([eb('person_id', 'in', ids), eb('spouse_person_id', 'in', ids)]),
          eb('status', '=', 'registered'),
          eb.or([
            eb('child_order', '=', child.childOrder),
            ...(child.bornOn
              ? [
                  eb.and([
                    eb('child_born_on', '=', child.bornOn),
                    ...(child.sex ? [eb.or([eb('child_sex', '=', child.sex), eb('child_sex', 'is', null)])] : []),
                  ]),
                ]
              : []),
          ]),
        ]),
      ]),
    )
    .orderBy('submitted_at')
    .execute();
}

export function registrationExists(earlier: Earlier[]): AppError {
  const open = earlier.filter((e) => e.status !== 'registered');
  const registered = earlier.filter((e) => e.status === 'registered');
  const numbers = earlier.map((e) => e.number).join('、');
  const zh = open.length
    ? `该人员已有办理中的生育登记（编号${numbers}）；如需重新登记，请填写原因，原登记将撤回`
    : `该子女已由本人或配偶办理生育登记（第${registered[0]?.child_order}孩，编号${numbers}），同一子女不重复登记；如确需再次登记，请填写原因`;
  const en = open.length
    ? `This person already has a birth registration in progress (${numbers}); to file a new one, give a reason and the earlier one is withdrawn`
    : `This child is already registered for this couple, as child ${registered[0]?.child_order} (${numbers}); to file another, give a reason`;
  return new AppError('BIRTH_REGISTRATION_EXISTS', 409, { zh, en }, [], {
    existing: earlier.map((e) => ({ id: e.id, number: e.number, status: e.status, childOrder: e.child_order })),
  });
}

/** Withdraws the open earlier registrations with the reason given for the new one. */
export async function withdrawReplaced(
  db: Db,
  actor: Actor,
  actorId: string | null,
  personId: string,
  earlier: Earlier[],
  reason: string,
  replacedBy: string,
): Promise<void> {
  const now = new Date();
  for (const e of earlier.filter((x) => x.status !== 'registered')) {
    await db
      .updateTable('birth_registration')
      .set({ status: 'withdrawn', withdrawn_at: now, message: reason, updated_at: now, version: e.version + 1 })
      .where('id', '=', e.id)
      .execute();
    await db
      .insertInto('birth_registration_event')
      .values({
        registration_id: e.id,
        division_code: e.division_code,
        action: 'withdraw',
        from_status: e.status,
        to_status: 'withdrawn',
        message: reason,
        actor_id: actorId,
      })
      .execute();
    await writeAudit(db, actor, {
      action: 'birth_registration.withdraw',
      entity: 'birth_registration',
      entityId: e.id,
      personIds: [personId],
      details: { number: e.number, from: e.status, to: 'withdrawn', replacedBy },
    });
  }
}
