/** One-off data step run at start-up: encrypt phone numbers written before they were encrypted. */
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';

const BATCH = 1000;

export async function encryptClearPhones(ctx: AppContext): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('person')
      .select(['id', 'phone'])
      .where('phone', 'is not', null)
      // v1: the original key; v2.<kid>: a key made by `liudong keys rotate-data`.
      .where(sql<boolean>`phone NOT LIKE 'v1.%' AND phone NOT LIKE 'v2.%'`)
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return done;
    await ctx.db.transaction().execute(async (trx) => {
      for (const r of rows) {
        await trx
          .updateTable('person')
          .set({ phone: ctx.pii.encrypt(r.phone as string) })
          .where('id', '=', r.id)
          .execute();
      }
    });
    done += rows.length;
  }
}
