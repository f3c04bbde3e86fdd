/** The admin pages' calls (users, department keys, exchange status) on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

export type UserList = Answer<'/api/users'>;
export type StaffAccount = Item<UserList['items']>;
export type UserActionResult = Answer<'/api/users/{id}/lock', 'post'>;
export type UserAction = 'password_reset' | 'lock' | 'unlock' | 'totp_reset' | 'deactivate';
export type NewUser = Body<'/api/users'>;
export type DeptKey = Item<Answer<'/api/dept-keys'>['items']>;
export type NewDeptKey = Body<'/api/dept-keys'>;
export type CreatedDeptKey = Answer<'/api/dept-keys', 'post'>;
export type ExchangeStatus = Answer<'/api/exchange/status'>;

export const fetchUsers = (query: Query<'/api/users'>) => ok(client.GET('/api/users', { params: { query } }));
export const createUser = (body: NewUser) => ok(client.POST('/api/users', { body }));

/** One route per action (users.routes.ts); the reason goes where the server asks for one. */
export function actOnUser(id: string, action: UserAction, reason?: string): Promise<UserActionResult> {
  const init = { params: { path: { id } }, body: reason ? { reason } : {} };
  switch (action) {
    case 'password_reset':
      return ok(client.POST('/api/users/{id}/password-reset', init));
    case 'unlock':
      return ok(client.POST('/api/users/{id}/unlock', init));
    case 'lock':
      return ok(client.POST('/api/users/{id}/lock', { ...init, body: { reason: reason ?? '' } }));
    case 'totp_reset':
      return ok(client.POST('/api/users/{id}/totp-reset', { ...init, body: { reason: reason ?? '' } }));
    case 'deactivate':
      return ok(client.POST('/api/users/{id}/deactivate', { ...init, body: { reason: reason ?? '' } }));
  }
}

export const fetchDeptKeys = () => ok(client.GET('/api/dept-keys'));
export const createDeptKey = (body: NewDeptKey) => ok(client.POST('/api/dept-keys', { body }));
export const revokeDeptKey = (id: string, reason: string) =>
  ok(client.POST('/api/dept-keys/{id}/revoke', { params: { path: { id } }, body: { reason } }));

export const fetchExchangeStatus = () => ok(client.GET('/api/exchange/status'));

/** What a department key may do (src/core/dept-scopes.ts); the form offers these. */
export const DEPT_SCOPES = ['certificate_status', 'residence_permits:write'] as const satisfies readonly Item<
  DeptKey['scopes']
>[];
export type DeptScope = Item<DeptKey['scopes']>;
