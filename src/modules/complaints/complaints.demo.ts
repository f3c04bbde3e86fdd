/**
 * Demo data for the resident portal and complaints: a demo resident who can sign in to /portal (the code
 * appears in the server output), a few published service slots, and complaints in each state. Dates are
 * relative to the demo's "today".
 */
import type { AppContext } from '../../context.ts';
import { addDays } from '../../core/certificate.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { completeSeededRegistration, encryptPhone } from '../persons/index.ts';
import { createComplaint } from './complaints.service.ts';

/** The phone given to the demo resident, so the portal's log SMS sender has somewhere to send the code. */
export const DEMO_RESIDENT_PHONE = '13800138000';
const VILLAGE = '330205005003';
const TOWNSHIP = '330205005000';

/**
 * The demo resident: the first (by pinyin) married woman from elsewhere living in 梅堰社区, one of the generated
 * people, so the demo's person count and determinism are unchanged. Her ID number is printed at start.
 */
export async function findDemoResident(ctx: AppContext) {
  const row = await ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'id_number_enc'])
    .where('residence_division', '=', VILLAGE)
    .where('hukou_division', 'not like', '330205%')
    .where('sex', '=', 'F')
    .where('departed_on', 'is', null)
    .orderBy('marital_status')
    .orderBy('name_pinyin')
    .orderBy('birth_date')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, idNumber: ctx.pii.decrypt(row.id_number_enc) } : null;
}

export async function loadPortalDemo(ctx: AppContext, today: Date): Promise<void> {
  const { db } = ctx;
  const day = today.toISOString().slice(0, 10);
  const resident = await findDemoResident(ctx);
  if (!resident) return;
  await completeSeededRegistration(db, { phone: encryptPhone(ctx.pii, DEMO_RESIDENT_PHONE) }, { ids: [resident.id] });

  const township = await db.selectFrom('app_user').select('id').where('username', '=', 'township').executeTakeFirst();
  const slot = (days: number, hour: number, kind: string, facility: string, capacity: number) => ({
    division_code: TOWNSHIP,
    kind: kind as 'reproductive_checkup',
    facility,
    starts_at: new Date(`${addDays(day, days)}T${String(hour).padStart(2, '0')}:00:00+08:00`),
    capacity,
    created_by: township?.id ?? null,
  });
  await db
    .insertInto('service_slot')
    .values([
      slot(3, 9, 'reproductive_checkup', '甬江街道社区卫生服务中心', 20),
      slot(5, 14, 'contraceptive_counselling', '梅堰社区计生服务室', 8),
      slot(10, 9, 'prenatal_care', '江北区妇幼保健院', 10),
      slot(12, 19, 'mental_health_counselling', '甬江街道青年之家（夜间场）', 12),
    ])
    .execute();

  const complaints = [
    {
      type: 'consultation',
      category: 'policy',
      subject: '三孩生育登记要带什么材料',
      body: '我们在宁波打工，想办生育登记，需要回老家吗？',
      days: -1,
      channel: 'portal',
      person: true,
    },
    {
      type: 'complaint',
      category: 'service_quality',
      subject: '免费体检预约电话打不通',
      body: '连续三天打服务站电话都没人接。',
      days: -12,
      channel: 'hotline',
      person: false,
    },
    {
      type: 'complaint',
      category: 'certificate',
      subject: '临时证明办理时间太长',
      body: '提交材料一周还没有结果。',
      days: -20,
      channel: 'walk_in',
      person: false,
      reply: '经核实已于次日办结，已电话告知。',
    },
    {
      type: 'consultation',
      category: 'privacy',
      subject: '房东能看到我的信息吗',
      body: '登记的信息会不会给房东或者单位？',
      days: -30,
      channel: 'portal',
      person: true,
      reply: '不会。您的信息只有辖区工作人员因工作需要才能查看，每次查看都有记录，您可以在"谁看过"中查看。',
      rating: 5,
    },
  ] as const;
  for (const c of complaints) {
    const receivedOn = addDays(day, c.days);
    const row = await createComplaint(ctx, db, SYSTEM_ACTOR, {
      personId: c.person ? resident.id : null,
      divisionCode: VILLAGE,
      channel: c.channel,
      type: c.type,
      category: c.category,
      subject: c.subject,
      body: c.body,
      contactName: c.person ? null : '来电群众',
      contactPhone: null,
      receivedOn,
      createdBy: null,
    } as Parameters<typeof createComplaint>[3]);
    if ('reply' in c) {
      await db
        .updateTable('complaint')
        .set({
          status: 'rating' in c ? 'closed' : 'replied',
          reply: c.reply,
          replied_on: addDays(receivedOn, 2),
          replied_at: new Date(`${addDays(receivedOn, 2)}T10:00:00+08:00`),
          rating: 'rating' in c ? c.rating : null,
          rated_at: 'rating' in c ? new Date(`${addDays(receivedOn, 3)}T10:00:00+08:00`) : null,
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
}
