/** Complaints, contact changes, service slots and certificate applications on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

const byId = (id: string) => ({ path: { id } });

export type ComplaintList = Answer<'/api/complaints'>;
export type StaffComplaint = Item<ComplaintList['items']>;
export type ChangeRow = Item<Answer<'/api/contact-changes'>['items']>;
export type SlotRow = Item<Answer<'/api/service-slots'>['items']>;
export type ApplicationRow = Item<Answer<'/api/certificate-applications'>['items']>;

export const fetchComplaints = (query: Query<'/api/complaints'>) =>
  ok(client.GET('/api/complaints', { params: { query } }));
export const createComplaint = (body: Body<'/api/complaints'>) => ok(client.POST('/api/complaints', { body }));
export const replyToComplaint = (id: string, body: Body<'/api/complaints/{id}/reply'>) =>
  ok(client.POST('/api/complaints/{id}/reply', { params: byId(id), body }));
export const assignComplaint = (id: string, body: Body<'/api/complaints/{id}/assign'>) =>
  ok(client.POST('/api/complaints/{id}/assign', { params: byId(id), body }));
export const recordLegalRequest = (id: string, body: Body<'/api/complaints/{id}/legal-requests'>) =>
  ok(client.POST('/api/complaints/{id}/legal-requests', { params: byId(id), body }));

export const fetchContactChanges = () => ok(client.GET('/api/contact-changes'));
export const decideContactChange = (id: string, body: Body<'/api/contact-changes/{id}/decide'>) =>
  ok(client.POST('/api/contact-changes/{id}/decide', { params: byId(id), body }));

export const fetchSlots = () => ok(client.GET('/api/service-slots'));
export const publishSlot = (body: Body<'/api/service-slots'>) => ok(client.POST('/api/service-slots', { body }));

export const fetchApplications = () => ok(client.GET('/api/certificate-applications'));
export const decideApplication = (id: string, body: Body<'/api/certificate-applications/{id}/decide'>) =>
  ok(client.POST('/api/certificate-applications/{id}/decide', { params: byId(id), body }));
