/**
 * A certificate without a trip home (issue 26 part 1). An inflow resident's portal application for a standard
 * certificate goes to the origin as an urgent 协查 (event 'certificate', purpose certificate_verification):
 *
 * 1. residence: `routeApplicationToOrigin` queues the inquiry in the transaction that files the application;
 * 2. origin: the inbox (`receiveRoutedApplication`) puts it in the origin's certificate queue: the same
 *    application id, in the same row when one deployment serves both counties;
 * 3. origin: the officer issues or declines; `answerRoutedApplication` answers the inquiry with the decision and,
 *    when issued, the certificate with its signed payload and check link;
 * 4. residence: the feedback (`applyApplicationAnswer`) settles the application; the resident sees the decision and
 *    the certificate with its QR code in the portal.
 *
 * The exchange writes `certificate_application` here directly: the portal module owns the table but depends on the
 * exchange (it routes through it), so the way back cannot be an import of the portal.
 */
import type { MessagePayload } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import type { OriginCertificate } from '../../db/schema.ts';
import { enqueueExchange } from './exchange.outbox.ts';

const county = (code: string) => code.slice(0, 6);

export interface RoutableApplication {
  id: string;
  person_id: string;
  kind: string;
  division_code: string;
  hukou_division: string;
  purpose: string | null;
}

/** A standard certificate for someone registered in another county belongs to the origin. */
export function belongsToOrigin(app: Pick<RoutableApplication, 'kind' | 'division_code' | 'hukou_division'>): boolean {
  return app.kind === 'standard' && county(app.division_code) !== county(app.hukou_division);
}

/** Residence: sends the application to the origin as an urgent inquiry; returns the message id. */
export async function routeApplicationToOrigin(db: Db, app: RoutableApplication): Promise<string> {
  const sent = await enqueueExchange(db, {
    kind: 'inquiry',
    event: 'certificate',
    urgent: true,
    subjectPersonId: app.person_id,
    fromDivision: app.division_code,
    toDivision: app.hukou_division,
    fromSide: 'residence',
    idempotencyKey: `application:${app.id}`,
    payload: {
      purpose: 'certificate_verification',
      text: '居民网上申请婚育证明，请户籍地办理',
      application: { id: app.id, kind: 'standard', ...(app.purpose ? { purpose: app.purpose.slice(0, 100) } : {}) },
    },
  });
  await db.updateTable('certificate_application').set({ routed_at: new Date() }).where('id', '=', app.id).execute();
  return sent.id;
}

/**
 * Origin: a routed application joins the certificate queue of the person's household-registration office. One
 * deployment serving both counties already holds the row (same id): it only learns which inquiry to answer.
 */
export async function receiveRoutedApplication(
  db: Db,
  inquiryId: string,
  application: NonNullable<MessagePayload['application']>,
  person: { id: string; residence_division: string; hukou_division: string },
): Promise<void> {
  await db
    .insertInto('certificate_application')
    .values({
      id: application.id,
      person_id: person.id,
      division_code: person.residence_division,
      hukou_division: person.hukou_division,
      kind: 'standard',
      purpose: application.purpose ?? null,
      origin_inquiry_id: inquiryId,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ origin_inquiry_id: inquiryId }))
    .execute();
}

/** Origin: the decision answers the inquiry the application came by (once: the reply key is the inquiry's). */
export async function answerRoutedApplication(
  db: Db,
  app: { id: string; origin_inquiry_id: string | null },
  outcome: { decision: 'issued' | 'declined'; note: string | null; certificate: OriginCertificate | null },
): Promise<void> {
  if (!app.origin_inquiry_id) return;
  const inquiry = await db
    .selectFrom('exchange_inbox')
    .select(['id', 'case_id', 'from_division', 'to_division', 'from_side', 'person_id'])
    .where('id', '=', app.origin_inquiry_id)
    .executeTakeFirst();
  if (!inquiry) return;
  const reply = await enqueueExchange(db, {
    kind: 'feedback',
    subjectPersonId: inquiry.person_id,
    fromDivision: inquiry.to_division,
    toDivision: inquiry.from_division,
    fromSide: inquiry.from_side === 'residence' ? 'origin' : 'residence',
    caseId: inquiry.case_id,
    inReplyTo: inquiry.id,
    idempotencyKey: `reply:${inquiry.id}`,
    payload: {
      found: true,
      application: { id: app.id, decision: outcome.decision },
      ...(outcome.note ? { text: outcome.note } : {}),
      ...(outcome.certificate ? { certificate: outcome.certificate } : {}),
    },
  });
  await db
    .updateTable('exchange_inbox')
    .set({ replied_at: new Date(), reply_id: reply.id, outcome: 'answered' })
    .where('id', '=', inquiry.id)
    .where('replied_at', 'is', null)
    .execute();
}

/**
 * Residence: the origin's answer settles the application it routed (a no-op when one deployment already decided
 * the same row). An answer "not in our registry" from the origin's work list declines it with their words.
 */
export async function applyApplicationAnswer(db: Db, askedKey: string, payload: MessagePayload): Promise<void> {
  const id = askedKey.startsWith('application:') ? askedKey.slice('application:'.length) : null;
  if (!id) return;
  const issued = payload.application?.decision === 'issued' && payload.found !== false;
  await db
    .updateTable('certificate_application')
    .set({
      status: issued ? 'issued' : 'rejected',
      decided_at: new Date(),
      decision_note: payload.text ?? (issued ? null : '户籍地未能办理（户籍地登记中未找到本人）'),
      origin_certificate: issued && payload.certificate ? JSON.stringify(payload.certificate) : null,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .where('routed_at', 'is not', null)
    .execute();
}
