/**
 * Residence-permit registrations in, from public security (issue 26 part 6). Each is stored as a pending arrival
 * for the office of the village its address names; nobody is registered or changed here. A resubmission (same
 * department, ID number and registration date) finds the stored row and adds nothing.
 */
import type { AppContext } from '../../context.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import { subtree } from '../../db/scoped.ts';
import type { Actor } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { DivisionResolver } from '../import/index.ts';
import type { PermitSubmission } from './permits.schema.ts';

export interface SubmittingKey {
  id: string;
  department: string;
  division_code: string;
}

export interface PermitResult {
  index: number;
  id: string;
  outcome: 'accepted' | 'duplicate';
  status: 'pending' | 'confirmed' | 'not_found';
  addressResolved: boolean;
}

/** Where the work waits: the division the address resolves to inside the key's area, else the key's area itself. */
async function placeAddresses(ctx: AppContext, key: SubmittingKey, addresses: string[]) {
  const resolver = new DivisionResolver(ctx.db, key.division_code);
  await resolver.resolve(addresses, 'residence');
  const area = subtree(key.division_code);
  return (address: string): { code: string; resolved: boolean } => {
    const found = resolver.get(address, 'residence');
    if (found && 'code' in found && area.contains(found.code)) return { code: found.code, resolved: true };
    return { code: key.division_code, resolved: false };
  };
}

export async function submitPermits(
  ctx: AppContext,
  key: SubmittingKey,
  actor: Actor,
  registrations: readonly PermitSubmission[],
): Promise<{ accepted: number; duplicates: number; results: PermitResult[] }> {
  const place = await placeAddresses(
    ctx,
    key,
    registrations.map((r) => r.address),
  );
  const rows = registrations.map((r) => {
    const where = place(r.address);
    return {
      dept_key_id: key.id,
      department: key.department,
      permit_number: r.permitNumber,
      id_number_enc: ctx.pii.encrypt(r.idNumber),
      id_hash: ctx.pii.blindIndex(r.idNumber),
      id_masked: maskIdNumber(r.idNumber),
      name: r.name,
      address: r.address,
      registered_on: r.registeredOn,
      division_code: where.code,
      address_resolved: where.resolved,
    };
  });
  return ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('residence_permit')
      .values(rows)
      .onConflict((oc) => oc.columns(['department', 'id_hash', 'registered_on']).doNothing())
      .returning(['id', 'id_hash', 'registered_on'])
      .execute();
    const stored = await trx
      .selectFrom('residence_permit')
      .select(['id', 'id_hash', 'registered_on', 'status', 'address_resolved', 'created_at'])
      .where('department', '=', key.department)
      .where(
        'id_hash',
        'in',
        rows.map((r) => r.id_hash),
      )
      .execute();
    const keyOf = (hash: string, day: string) => `${hash}|${day}`;
    const byKey = new Map(stored.map((s) => [keyOf(s.id_hash, String(s.registered_on)), s]));
    const fresh = new Set(inserted.map((r) => r.id));
    const claimed = new Set<string>();
    const results: PermitResult[] = rows.map((r, index) => {
      const row = byKey.get(keyOf(r.id_hash, r.registered_on));
      if (!row) throw new Error('a submitted permit is neither inserted nor stored');
      // The first row of a batch that inserted it is accepted; a repeat inside the batch is a duplicate too.
      const accepted = fresh.has(row.id) && !claimed.has(row.id);
      claimed.add(row.id);
      return {
        index,
        id: row.id,
        outcome: accepted ? 'accepted' : 'duplicate',
        status: row.status,
        addressResolved: row.address_resolved,
      };
    });
    const accepted = results.filter((r) => r.outcome === 'accepted').length;
    await writeAudit(trx, actor, {
      action: 'residence_permit.submit',
      entity: 'residence_permit',
      details: {
        department: key.department,
        received: rows.length,
        accepted,
        duplicates: rows.length - accepted,
        ids: results.filter((r) => r.outcome === 'accepted').map((r) => r.id),
      },
    });
    return { accepted, duplicates: rows.length - accepted, results };
  });
}
