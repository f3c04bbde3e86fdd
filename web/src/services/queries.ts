/** Services, supplies and birth registrations on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

const byId = (id: string) => ({ path: { id } });

// Services
export type ServiceRecord = Item<Answer<'/api/persons/{id}/services'>['items']>;
export type RecentService = Item<Answer<'/api/services'>['items']>;
export type FacilityClients = Answer<'/api/facility/clients'>;
export type Facility = Item<Answer<'/api/facilities'>['items']>;
export type TimelineEntry = Item<Answer<'/api/persons/{id}/timeline'>['items']>;

export const fetchFacilities = (signal?: AbortSignal) => ok(client.GET('/api/facilities', { signal }));
export const fetchPersonServices = (personId: string, signal?: AbortSignal) =>
  ok(client.GET('/api/persons/{id}/services', { params: byId(personId), signal }));
export const fetchRecentServices = (query: Query<'/api/services'>, signal?: AbortSignal) =>
  ok(client.GET('/api/services', { params: { query }, signal }));
export const fetchFacilityClients = (signal?: AbortSignal) => ok(client.GET('/api/facility/clients', { signal }));
export const fetchFacilityClient = (personId: string, signal?: AbortSignal) =>
  ok(client.GET('/api/facility/clients/{id}', { params: byId(personId), signal }));
export const fetchTimeline = (personId: string, signal?: AbortSignal) =>
  ok(client.GET('/api/persons/{id}/timeline', { params: byId(personId), signal }));
/** The fields issue 26 adds to recording a service (TechnicalFields). */
export type TechnicalBody = Pick<Body<'/api/services'>, 'payer' | 'followUpOf' | 'informedConsent'>;
export type ConsentDocument = Extract<NonNullable<TechnicalBody['informedConsent']>, { method: 'document' }>;
export const fetchConsentText = (signal?: AbortSignal) => ok(client.GET('/api/services/consent-text', { signal }));
export const recordService = (body: Body<'/api/services'>) => ok(client.POST('/api/services', { body }));

// Technical services and payers (issue 26 part 3)
export type PayerRow = Item<Answer<'/api/services/by-payer'>['rows']>;
export const fetchTechnicalDetail = (serviceId: string, signal?: AbortSignal) =>
  ok(client.GET('/api/services/{id}/technical', { params: byId(serviceId), signal }));
export const recordComplication = (serviceId: string, body: Body<'/api/services/{id}/complications'>) =>
  ok(client.POST('/api/services/{id}/complications', { params: byId(serviceId), body }));
/** The JSON answer (the route also answers CSV, which the page links to rather than fetches). */
export const fetchPayerReport = (signal?: AbortSignal) =>
  ok(client.GET('/api/services/by-payer', { signal })) as Promise<Answer<'/api/services/by-payer'>>;

// Bookings at a provider (issue 26 part 2) and the reminders sent (part 5)
export type FacilityBooking = Item<Answer<'/api/facility/bookings'>['items']>;
export const fetchFacilityBookings = (signal?: AbortSignal) => ok(client.GET('/api/facility/bookings', { signal }));
export const markAttendance = (id: string, attendance: Body<'/api/facility/bookings/{id}/attendance'>['attendance']) =>
  ok(client.POST('/api/facility/bookings/{id}/attendance', { params: byId(id), body: { attendance } }));
export type ReminderRow = Item<Answer<'/api/reminders'>['items']>;
export const fetchReminders = (query: Query<'/api/reminders'>, signal?: AbortSignal) =>
  ok(client.GET('/api/reminders', { params: { query }, signal }));

// Supplies
export type Point = Item<Answer<'/api/distribution-points'>['items']>;
export type PointDetail = Answer<'/api/distribution-points/{id}'>;
export type Movement = Item<PointDetail['movements']>;
export type RestockAlert = Item<Answer<'/api/stock/alerts'>['items']>;
export type StockReport = Answer<'/api/stock/report'>;

export const fetchPoints = (signal?: AbortSignal) => ok(client.GET('/api/distribution-points', { signal }));
export const fetchPoint = (id: string, signal?: AbortSignal) =>
  ok(client.GET('/api/distribution-points/{id}', { params: byId(id), signal }));
export const fetchStockAlerts = (signal?: AbortSignal) => ok(client.GET('/api/stock/alerts', { signal }));
export const fetchStockReport = (signal?: AbortSignal) => ok(client.GET('/api/stock/report', { signal }));
export const createPoint = (body: Body<'/api/distribution-points'>) =>
  ok(client.POST('/api/distribution-points', { body }));
export const recordMovement = (id: string, body: Body<'/api/distribution-points/{id}/movements'>) =>
  ok(client.POST('/api/distribution-points/{id}/movements', { params: byId(id), body }));
export const recordTransfer = (id: string, body: Body<'/api/distribution-points/{id}/transfers'>) =>
  ok(client.POST('/api/distribution-points/{id}/transfers', { params: byId(id), body }));

// Birth registrations
export type Registration = Item<Answer<'/api/birth-registrations'>['items']>;
export type RegistrationDetail = Answer<'/api/birth-registrations/{id}'>['registration'];

export const fetchRegistrations = (query: Query<'/api/birth-registrations'>, signal?: AbortSignal) =>
  ok(client.GET('/api/birth-registrations', { params: { query }, signal }));
export const fetchRegistration = (id: string, signal?: AbortSignal) =>
  ok(client.GET('/api/birth-registrations/{id}', { params: byId(id), signal }));
export const transitionRegistration = (id: string, body: Body<'/api/birth-registrations/{id}/transitions'>) =>
  ok(client.POST('/api/birth-registrations/{id}/transitions', { params: byId(id), body }));
export const createRegistration = (body: Body<'/api/birth-registrations'>) =>
  ok(client.POST('/api/birth-registrations', { body }));
