/** How a service record is shown: to staff in full, to a provider without notes written elsewhere. */
import { SERVICE_KIND_LABELS } from '../../core/services.ts';
import type { ServiceRow } from './services.repository.ts';

export function serviceView(r: ServiceRow & { facility_name?: string | null }) {
  return {
    id: r.id,
    personId: r.person_id,
    division: r.division_code,
    serviceKind: r.kind,
    kindLabel: SERVICE_KIND_LABELS[r.kind],
    status: r.status,
    serviceDate: r.service_date,
    facilityId: r.facility_id,
    facilityName: r.facility_name ?? r.facility,
    outreachEvent: r.outreach_event,
    providerName: r.provider_name,
    outcome: r.outcome,
    contraceptiveInUse: r.contraceptive_in_use,
    nextDueOn: r.next_due_on,
    consent: r.consent,
    notes: r.notes,
    followUpOf: r.follow_up_of,
    payer: r.payer,
    bookingId: r.booking_id,
    createdAt: r.created_at,
  };
}

/** What a provider sees of a service: no free-text notes written elsewhere. */
export function providerServiceView(r: ServiceRow & { facility_name?: string | null }) {
  const { notes: _notes, ...rest } = serviceView(r);
  return rest;
}
