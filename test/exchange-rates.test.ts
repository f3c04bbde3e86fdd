/** Exchange indicators are dated by China time (UTC+8), like the statistics rollups, whatever the session's zone. */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRates } from '../src/modules/exchange/exchange.repository.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('exchangeRates dates', () => {
  it('counts a message sent at 04:00 in China on that China day, in a session set to Los Angeles', async () => {
    await env.ctx.db
      .transaction()
      .execute(async (trx) => {
        await sql`set local time zone 'America/Los_Angeles'`.execute(trx);
        const sentOn = async (day: string) =>
          (await exchangeRates(trx, { division: '330205000000', from: day, to: day, today: '2026-03-02' })).total.sent;
        const before = { china: await sentOn('2026-03-02'), la: await sentOn('2026-03-01') };
        await trx
          .insertInto('exchange_outbox')
          .values({
            id: crypto.randomUUID(),
            idempotency_key: `tz:${crypto.randomUUID()}`,
            kind: 'notification',
            event: 'marriage',
            case_id: crypto.randomUUID(),
            from_side: 'residence',
            person_id: null,
            division_code: '330205005003',
            from_division: '330205005003',
            to_division: '341221000000',
            urgent: false,
            needs_reply: false,
            due_on: null,
            in_reply_to: null,
            payload: '{}',
            transport: null,
            reply_id: null,
            replied_at: null,
            last_error: null,
            sent_at: null,
            // 2026-03-02 04:00 in China, still 2026-03-01 in Los Angeles and in UTC.
            created_at: new Date('2026-03-01T20:00:00Z'),
          })
          .execute();
        expect(await sentOn('2026-03-02')).toBe(before.china + 1);
        expect(await sentOn('2026-03-01')).toBe(before.la);
        throw new RolledBack();
      })
      .catch((err: unknown) => {
        if (!(err instanceof RolledBack)) throw err;
      });
  });
});

/** Ends the test's transaction so the row it inserted is not left behind. */
class RolledBack extends Error {}
