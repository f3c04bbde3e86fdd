/**
 * A merged record's resident account, consents, applications, contact changes and bookings follow it to the
 * survivor (persons.merge.ts). One account per person: when both records have one, the merge is refused.
 */
import { registerMergeMoves } from '../persons/index.ts';

export function registerPortalMergeMoves(): void {
  registerMergeMoves('portal', {
    tables: [
      { table: 'resident_account', key: 'user_id' },
      { table: 'consent_event' },
      { table: 'certificate_application' },
      { table: 'contact_change' },
      { table: 'service_booking' },
    ],
    refuse: async (db, survivorId, mergedId) => {
      const accounts = await db
        .selectFrom('resident_account')
        .select('person_id')
        .where('person_id', 'in', [survivorId, mergedId])
        .execute();
      if (accounts.length >= 2) {
        return {
          zh: '两条记录都开通了居民账户，请先停用其中一个账户再合并',
          en: 'Both records have a resident account; deactivate one of them before merging',
        };
      }
      // One booking per person and slot: the same slot booked by both records cannot become one person's twice.
      const slots = await db
        .selectFrom('service_booking')
        .select('slot_id')
        .where('person_id', 'in', [survivorId, mergedId])
        .where('status', '=', 'booked')
        .groupBy('slot_id')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      return slots.length === 0
        ? null
        : {
            zh: '两条记录预约了同一个服务时段，请先取消其中一个预约再合并',
            en: 'Both records booked the same service slot; cancel one booking before merging',
          };
    },
  });
}
