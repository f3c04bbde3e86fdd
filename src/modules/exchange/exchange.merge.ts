/**
 * A merge moves the merged record's exchange cases and messages to the survivor (persons.merge.ts), and when the two
 * records involve offices of another deployment (a household registration or residence outside the divisions this
 * deployment serves), each of those offices is notified through the outbox: a 'merge' notification about the
 * survivor, naming the merged record's masked ID number; an unmerge sends 'unmerge'. Within one deployment there
 * is nobody to tell.
 */
import { serves } from '../../core/exchange.ts';
import type { Db } from '../../db/database.ts';
import { type PersonMerging, personMerging, personUnmerging, registerMergeMoves } from '../persons/index.ts';
import { enqueueExchange } from './exchange.outbox.ts';

const county = (code: string) => code.slice(0, 6).padEnd(12, '0');

type Merge = Pick<PersonMerging, 'mergeId' | 'survivor' | 'merged' | 'served'>;

/** The counties of the two records that another deployment serves, each once. */
export function mergeCounterparts(merge: Merge): string[] {
  const places = [merge.survivor, merge.merged].flatMap((p) => [p.residence_division, p.hukou_division]);
  return [...new Set(places.filter((p) => !serves(merge.served, p)).map(county))];
}

async function notifyMerge(db: Db, merge: Merge, event: 'merge' | 'unmerge'): Promise<void> {
  const counterparts = mergeCounterparts(merge);
  if (counterparts.length === 0) return;
  const places = [merge.survivor.residence_division, merge.survivor.hukou_division];
  const from = places.find((p) => serves(merge.served, p)) ?? merge.survivor.residence_division;
  for (const to of counterparts) {
    await enqueueExchange(db, {
      kind: 'notification',
      event,
      subjectPersonId: merge.survivor.id,
      fromDivision: from,
      toDivision: to,
      idempotencyKey: `${event}:${merge.mergeId}:${to}`,
      payload: {
        name: merge.survivor.name,
        facts: { mergedIdNumberMasked: merge.merged.id_masked, mergeId: merge.mergeId },
      },
    });
  }
}

export function registerExchangeMergeMoves(): void {
  registerMergeMoves('exchange', {
    tables: [{ table: 'exchange_case' }, { table: 'exchange_inbox' }, { table: 'exchange_outbox' }],
  });
  personMerging.on('exchange.mergeNotice', async (trx, merge) => {
    if (!merge.preview) await notifyMerge(trx, merge, 'merge');
  });
  personUnmerging.on('exchange.unmergeNotice', (trx, merge) => notifyMerge(trx, merge, 'unmerge'));
}
