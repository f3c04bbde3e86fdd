/** The resident portal's calls (/api/portal/*) on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item } from '../api/types';

const byId = (id: string) => ({ path: { id } });
/** The portal asks its own way to sign in again: a 401 is an answer here, not a redirect. */
const quiet = { quiet401: true };

export type PortalMe = Answer<'/api/portal/me'>;
export type PortalBirth = Item<Answer<'/api/portal/birth-registrations'>['items']>;
export type PortalCertificate = Item<Answer<'/api/portal/certificates'>['items']>;
export type Application = Item<Answer<'/api/portal/applications'>['items']>;
export type PortalComplaint = Item<Answer<'/api/portal/complaints'>['items']>;
export type AccessRow = Item<Answer<'/api/portal/access-log'>['items']>;
export type Services = Answer<'/api/portal/services'>;
export type Booking = Item<Services['bookings']>;
export type Slot = Item<Answer<'/api/portal/slots'>['items']>;

export const askCode = (idNumber: string) => ok(client.POST('/api/portal/auth/code', { body: { idNumber } }), quiet);
export const verifyCode = (idNumber: string, code: string) =>
  ok(client.POST('/api/portal/auth/verify', { body: { idNumber, code } }), quiet);
export const fetchPortalMe = () => ok(client.GET('/api/portal/me'), quiet);
export const signOutPortal = () => ok(client.POST('/api/auth/logout'), quiet);

export const giveConsent = (body: Body<'/api/portal/consent'>) => ok(client.POST('/api/portal/consent', { body }));
export const requestContactChange = (body: Body<'/api/portal/contact-changes'>) =>
  ok(client.POST('/api/portal/contact-changes', { body }));

export const fetchPortalBirths = () => ok(client.GET('/api/portal/birth-registrations'));
export const submitPortalBirth = (body: Body<'/api/portal/birth-registrations'>) =>
  ok(client.POST('/api/portal/birth-registrations', { body }));

export const fetchPortalCertificates = () => ok(client.GET('/api/portal/certificates'));
export const fetchApplications = () => ok(client.GET('/api/portal/applications'));
export const applyForCertificate = (body: Body<'/api/portal/applications'>) =>
  ok(client.POST('/api/portal/applications', { body }));

export const fetchPortalComplaints = () => ok(client.GET('/api/portal/complaints'));
export const submitComplaint = (body: Body<'/api/portal/complaints'>) =>
  ok(client.POST('/api/portal/complaints', { body }));
export const rateComplaint = (id: string, body: Body<'/api/portal/complaints/{id}/rating'>) =>
  ok(client.POST('/api/portal/complaints/{id}/rating', { params: byId(id), body }));

export const fetchAccessLog = () => ok(client.GET('/api/portal/access-log'));

export const fetchPortalServices = () => ok(client.GET('/api/portal/services'));
export const fetchSlots = () => ok(client.GET('/api/portal/slots'));
export const bookSlot = (body: Body<'/api/portal/bookings'>) => ok(client.POST('/api/portal/bookings', { body }));
export const cancelBooking = (id: string) => ok(client.POST('/api/portal/bookings/{id}/cancel', { params: byId(id) }));
