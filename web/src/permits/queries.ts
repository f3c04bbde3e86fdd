/** The residence-permit work list (GET /api/residence-permits and its decisions) on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item } from '../api/types';

export type PermitPage = Answer<'/api/residence-permits'>;
export type Permit = Item<PermitPage['items']>;
export type PermitStatus = Permit['status'];
export type ConfirmBody = Body<'/api/residence-permits/{id}/confirm'>;

export const PERMITS_KEY = ['residence-permits'] as const;

export const fetchPermits = (status: PermitStatus, page: number) =>
  ok(client.GET('/api/residence-permits', { params: { query: { status, page, pageSize: 20 } } }));
export const confirmPermit = (id: string, body: ConfirmBody) =>
  ok(client.POST('/api/residence-permits/{id}/confirm', { params: { path: { id } }, body }));
export const markPermitNotFound = (id: string, reason: string) =>
  ok(client.POST('/api/residence-permits/{id}/not-found', { params: { path: { id } }, body: { reason } }));
