/**
 * One timeline of a person's services, birth registrations and supplies received, newest first.
 * The caller has already checked (and audited) that the person is in scope.
 */
import type { AppContext } from '../../context.ts';
import type { LocalizedText } from '../../core/errors.ts';
import { SERVICE_KIND_LABELS } from '../../core/services.ts';
import { BIRTH_STATUS_LABELS, type BirthStatus } from '../../core/services-birth.ts';
import { ITEM_LABELS } from '../../core/services-supply.ts';
import { registrationsOfPerson } from '../births/index.ts';
import { listServicesForPerson } from './services.repository.ts';

export interface TimelineEntry {
  type: 'service' | 'birth_registration' | 'supply';
  id: string;
  date: string;
  title: LocalizedText;
  status: string;
  detail: LocalizedText | null;
}

function isoDay(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString().slice(0, 10);
}

export async function personTimeline(ctx: AppContext, personId: string): Promise<TimelineEntry[]> {
  const [services, registrations, supplies] = await Promise.all([
    listServicesForPerson(ctx.db, personId),
    registrationsOfPerson(ctx.db, personId),
    ctx.db
      .selectFrom('stock_movement as m')
      .innerJoin('distribution_point as p', 'p.id', 'm.point_id')
      .select(['m.id', 'm.item', 'm.quantity', 'm.at', 'p.name'])
      .where('m.person_id', '=', personId)
      .where('m.kind', '=', 'dispensed')
      .execute(),
  ]);
  const out: TimelineEntry[] = [];
  for (const s of services) {
    const where = s.facility_name ?? s.outreach_event ?? s.facility ?? null;
    out.push({
      type: 'service',
      id: s.id,
      date: s.service_date,
      title: SERVICE_KIND_LABELS[s.kind],
      status: s.status,
      detail: {
        zh: [s.status === 'declined' ? '本人谢绝' : '已提供', where, s.next_due_on ? `下次：${s.next_due_on}` : null]
          .filter(Boolean)
          .join(' · '),
        en: [s.status === 'declined' ? 'declined' : 'done', where, s.next_due_on ? `next: ${s.next_due_on}` : null]
          .filter(Boolean)
          .join(' · '),
      },
    });
  }
  for (const r of registrations) {
    const status = r.status as BirthStatus;
    const label = BIRTH_STATUS_LABELS[status];
    out.push({
      type: 'birth_registration',
      id: r.id,
      date: isoDay(r.registered_at ?? r.withdrawn_at ?? r.submitted_at),
      title: { zh: `生育登记 ${r.number}`, en: `Birth registration ${r.number}` },
      status,
      detail: {
        zh: [label.zh, `第${r.child_order}孩`, r.message].filter(Boolean).join(' · '),
        en: [label.en, `child ${r.child_order}`, r.message].filter(Boolean).join(' · '),
      },
    });
  }
  for (const m of supplies) {
    const item = ITEM_LABELS[m.item];
    out.push({
      type: 'supply',
      id: m.id,
      date: isoDay(m.at),
      title: { zh: '领取免费避孕药具', en: 'Free contraceptives received' },
      status: 'dispensed',
      detail: {
        zh: `${item.zh} ${m.quantity}${item.unitZh} · ${m.name}`,
        en: `${item.en} ${m.quantity} ${item.unitEn} · ${m.name}`,
      },
    });
  }
  return out.sort((a, b) => b.date.localeCompare(a.date) || a.type.localeCompare(b.type));
}
