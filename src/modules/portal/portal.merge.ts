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
      return accounts.length < 2
        ? null
        : {
            zh: '两条记录都开通了居民账户，请先停用其中一个账户再合并',
            en: 'Both records have a resident account; deactivate one of them before merging',
          };
    },
  });
}
