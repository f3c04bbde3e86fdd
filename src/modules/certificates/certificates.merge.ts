/**
 * A merge of two records of one person (persons.merge.ts) moves the merged record's certificates and their events
 * to the survivor. A person holds one valid certificate: when both records hold one, the merge is refused until an
 * office revokes one of them.
 */
import { registerMergeMoves } from '../persons/index.ts';

export function registerCertificateMergeMoves(): void {
  registerMergeMoves('certificates', {
    tables: [{ table: 'certificate' }, { table: 'certificate_event' }],
    refuse: async (db, survivorId, mergedId) => {
      const valid = await db
        .selectFrom('certificate')
        .select('person_id')
        .distinct()
        .where('person_id', 'in', [survivorId, mergedId])
        .where('status', '=', 'valid')
        .execute();
      return valid.length < 2
        ? null
        : {
            zh: '两条记录都有有效的婚育证明，请先注销其中一份再合并',
            en: 'Both records hold a valid certificate; revoke one of them before merging',
          };
    },
  });
}
