/**
 * Break-glass access (等保: emergency access): a registry user may open one record outside their
 * jurisdiction for a limited time, only with a stated reason. Every grant is written to the audit
 * log with outcome "break_glass", which the auditor's view flags.
 */
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { scoped } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';

export const BREAK_GLASS_MINUTES = 30;

export async function breakGlass(ctx: AppContext, user: SessionUser, actor: Actor, idNumber: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('person')
      .select(['id', 'hukou_division', 'residence_division'])
      .where('id_hash', '=', ctx.pii.blindIndex(idNumber))
      .executeTakeFirst();
    if (!person) {
      await writeAudit(trx, actor, { action: 'person.break_glass', outcome: 'not_found', details: { reason } });
      throw AppError.notFound({ zh: '人员', en: 'Person' });
    }
    const already = await scoped(trx, user)
      .selectFrom('person')
      .select('id')
      .where('id', '=', person.id)
      .executeTakeFirst();
    const expiresAt = new Date(Date.now() + BREAK_GLASS_MINUTES * 60_000);
    if (!already) {
      await trx
        .insertInto('break_glass_grant')
        .values({ user_id: user.id, person_id: person.id, reason, expires_at: expiresAt })
        .execute();
      await writeAudit(trx, actor, {
        action: 'person.break_glass',
        outcome: 'ok',
        entity: 'person',
        entityId: person.id,
        personIds: [person.id],
        details: { reason, expiresAt: expiresAt.toISOString(), flagged: true },
      });
    }
    return { personId: person.id, expiresAt: already ? null : expiresAt.toISOString(), inScope: Boolean(already) };
  });
}
