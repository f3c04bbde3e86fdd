/**
 * Demo exchange traffic for the demo county: inflow notifications for some of its inflow people, paired
 * automatically (inside one deployment), a few inquiries from origin counties about people the registry
 * does not hold (on the work list, some overdue), and one dead letter. Deterministic for a given demo.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { addDays } from '../../core/certificate.ts';
import { today } from '../../core/china-time.ts';
import { type InquiryPurpose, purposeNeedsConsent } from '../../core/exchange.ts';
import type { SessionUser } from '../../http/session.ts';
import { recordDeadLetter } from './exchange.deadletters.ts';
import { enqueueExchange } from './exchange.outbox.ts';
import { replyToMessage } from './exchange.service.ts';
import { ExchangeWorker } from './exchange.worker.ts';

interface DemoInquiry {
  from: string;
  to: string;
  urgent: boolean;
  ageDays: number;
  /** Why it is asked (the closed list), and a note in service language. */
  purpose: InquiryPurpose;
  text: string;
  /** Answered by the township this many days after it arrived (past the deadline for one of them). */
  answeredAfter?: number;
}

const INQUIRIES: readonly DemoInquiry[] = [
  {
    from: '341221000000',
    to: '330205005000',
    urgent: true,
    ageDays: 3,
    purpose: 'service_referral',
    text: '转介：该居民需要孕产期保健服务，请协助联系。',
  },
  {
    from: '411525000000',
    to: '330205005000',
    urgent: false,
    ageDays: 10,
    purpose: 'registration_pairing',
    text: '请核对该居民在贵地的居住登记，以便两地记录一致。',
  },
  {
    from: '520502000000',
    to: '330205003000',
    urgent: false,
    ageDays: 40,
    purpose: 'contact_update',
    text: '该居民留存的联系电话已停用，请协助更新联系方式。',
  },
  {
    from: '341222000000',
    to: '330205005000',
    urgent: true,
    ageDays: 20,
    purpose: 'service_referral',
    text: '转介：该居民希望在居住地接受产前检查，请告知就近服务安排。',
  },
  {
    from: '330825000000',
    to: '330205003000',
    urgent: false,
    ageDays: 1,
    purpose: 'certificate_verification',
    text: '该居民出示的婚育证明编号请协助核验。',
  },
  // Answered earlier this year: the on-time feedback rate (按时反馈率) has a history, with one answer late.
  {
    from: '341221000000',
    to: '330205005000',
    urgent: false,
    ageDays: 120,
    purpose: 'registration_pairing',
    text: '请核对该居民的居住登记。',
    answeredAfter: 6,
  },
  {
    from: '411525000000',
    to: '330205005000',
    urgent: true,
    ageDays: 95,
    purpose: 'birth_registration_check',
    text: '该居民已申请生育登记，请核对其在贵地登记的子女信息。',
    answeredAfter: 4,
  },
  {
    from: '341222000000',
    to: '330205003000',
    urgent: false,
    ageDays: 80,
    purpose: 'certificate_verification',
    text: '请核验该居民所持婚育证明是否有效。',
    answeredAfter: 21,
  },
  {
    from: '520502000000',
    to: '330205003000',
    urgent: false,
    ageDays: 70,
    purpose: 'contact_update',
    text: '请协助确认该居民的现住址。',
    answeredAfter: 41,
  },
  {
    from: '341221000000',
    to: '330205005000',
    urgent: true,
    ageDays: 45,
    purpose: 'service_referral',
    text: '转介：该居民需要产后访视服务，请协助联系。',
    answeredAfter: 9,
  },
];

const DEMO_NAMES = ['王秀英', '李建国', '张丽', '刘洋', '陈静'];

export async function loadDemoExchange(ctx: AppContext, persons: number): Promise<void> {
  const count = Math.min(150, Math.max(40, Math.floor(persons / 100)));
  const inflow = await ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'residence_division', 'hukou_division', 'arrived_on'])
    .where('residence_division', 'like', '330205%')
    .where('hukou_division', 'not like', '330205%')
    .orderBy('id_masked')
    .orderBy('birth_date')
    .limit(count)
    .execute();
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of inflow) {
      await enqueueExchange(trx, {
        kind: 'notification',
        event: 'inflow',
        subjectPersonId: p.id,
        fromDivision: p.residence_division,
        toDivision: p.hukou_division,
        fromSide: 'residence',
        idempotencyKey: `inflow:${p.id}`,
        payload: {
          name: p.name,
          residenceDivision: p.residence_division,
          ...(p.arrived_on ? { arrivedOn: p.arrived_on } : {}),
        },
      });
    }
  });
  const worker = new ExchangeWorker({
    db: ctx.db,
    pii: ctx.pii,
    config: {
      served: [],
      natsUrl: null,
      peers: [],
      subjectPrefix: 'demo',
      stream: 'DEMO',
      consumer: 'demo',
      pollMs: 200,
    },
  });
  while ((await worker.dispatchOnce()) > 0) {
    // until every demo message is delivered and answered
  }

  // Inquiries from origin townships about people this registry does not hold: a person answers them.
  const day = today();
  for (const [i, q] of INQUIRIES.entries()) {
    const sentOn = addDays(day, -q.ageDays);
    const sent = await enqueueExchange(ctx.db, {
      kind: 'inquiry',
      fromDivision: q.from,
      toDivision: q.to,
      fromSide: 'origin',
      urgent: q.urgent,
      idempotencyKey: `demo-inquiry:${i}`,
      payload: {
        purpose: q.purpose,
        text: q.text,
        name: DEMO_NAMES[i % DEMO_NAMES.length] as string,
        // The demo's referrals were agreed with the resident the day they were sent.
        ...(purposeNeedsConsent(q.purpose) ? { consentOn: sentOn } : {}),
      },
    });
    await ctx.db
      .updateTable('exchange_outbox')
      .set({ created_at: new Date(`${sentOn}T09:00:00Z`), due_on: addDays(sentOn, q.urgent ? 15 : 30) })
      .where('id', '=', sent.id)
      .execute();
  }
  while ((await worker.dispatchOnce()) > 0) {
    // deliver the inquiries
  }
  await answerDemoInquiries(ctx, day);
  await demoServicesElsewhere(ctx, day);
  while ((await worker.dispatchOnce()) > 0) {
    // deliver the answers
  }
  await recordDeadLetter(ctx.db, ctx.pii, {
    source: 'local',
    subject: null,
    peer: null,
    messageId: 'demo-dead-letter',
    division: '330205005000',
    reason: 'unknown_inquiry',
    detail: 'demo',
    raw: Buffer.from(
      JSON.stringify({
        v: 1,
        id: crypto.randomUUID(),
        key: 'demo-dead-letter',
        kind: 'feedback',
        event: null,
        caseId: crypto.randomUUID(),
        fromSide: 'origin',
        from: '341221000000',
        to: '330205005000',
        urgent: false,
        dueOn: null,
        inReplyTo: crypto.randomUUID(),
        sentAt: new Date().toISOString(),
        payload: { found: true, text: '该人员已核实。' },
      }),
    ),
    headers: {},
  });
}

/** The township officers answer the older demo inquiries through the same call as the console, dated back. */
async function answerDemoInquiries(ctx: AppContext, day: string): Promise<void> {
  for (const [i, q] of INQUIRIES.entries()) {
    if (q.answeredAfter === undefined) continue;
    const inbox = await ctx.db
      .selectFrom('exchange_inbox')
      .select('id')
      .where('idempotency_key', '=', `demo-inquiry:${i}`)
      .executeTakeFirst();
    const officer = await ctx.db
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name', 'role', 'division_code'])
      .where('division_code', '=', q.to)
      .where('role', '=', 'township_officer')
      .orderBy('username')
      .executeTakeFirst();
    if (!inbox || !officer) continue;
    const user: SessionUser = {
      id: officer.id,
      username: officer.username,
      displayName: officer.display_name,
      role: officer.role,
      divisionCode: officer.division_code,
      sessionHash: '',
      stage: 'full',
    };
    const actor = { id: officer.id, username: officer.username, role: officer.role, divisionCode: q.to, ip: null };
    const { replyId } = await replyToMessage(ctx, user, actor, inbox.id, {
      found: true,
      text: '已与该居民联系核实，相关事项已办理。',
    });
    const answeredAt = new Date(`${addDays(day, -q.ageDays + q.answeredAfter)}T10:00:00+08:00`);
    await ctx.db.updateTable('exchange_inbox').set({ replied_at: answeredAt }).where('id', '=', inbox.id).execute();
    await ctx.db.updateTable('exchange_outbox').set({ created_at: answeredAt }).where('id', '=', replyId).execute();
  }
}

/**
 * Check-ups and counselling some of the county's outflow people received where they live now, as the residences
 * tell it ('service' notices, issue 26 part 4): the county's 异地服务 figure has something to show.
 */
async function demoServicesElsewhere(ctx: AppContext, day: string): Promise<void> {
  const outflow = await ctx.db
    .selectFrom('person')
    .select(['id', 'residence_division', 'hukou_division'])
    .where('hukou_division', 'like', '330205%')
    .where('residence_division', 'not like', '330205%')
    .orderBy('id_masked')
    .limit(12)
    .execute();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, p] of outflow.entries()) {
      await enqueueExchange(trx, {
        kind: 'notification',
        event: 'service',
        subjectPersonId: p.id,
        fromDivision: p.residence_division,
        toDivision: p.hukou_division,
        fromSide: 'residence',
        idempotencyKey: `demo-service:${p.id}`,
        payload: {
          service: {
            kind: i % 3 === 2 ? 'counselling' : 'checkup',
            date: addDays(day, -(5 + i * 4)),
            placeType: i % 2 === 0 ? 'health_centre' : 'maternal_child_hospital',
          },
        },
      });
    }
  });
}
