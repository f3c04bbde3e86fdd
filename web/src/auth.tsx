/** Who is signed in: one TanStack query (`['me']`), plus the capability rules the menus follow. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError } from './api';
import { fetchMe as fetchSession, logOut } from './login/queries';
import type { Role, User } from './types';

export const ME_KEY = ['me'] as const;

/** Set when the API answered 401 mid-session, so the login page can say the session ended. */
let sessionExpired = false;
export const session = {
  markExpired: () => {
    sessionExpired = true;
  },
  clearExpired: () => {
    sessionExpired = false;
  },
  wasExpired: () => sessionExpired,
};

async function fetchMe(): Promise<User | null> {
  try {
    const { user, stage } = await fetchSession();
    // A session that still owes a login step (TOTP, enrolment, password change) is not signed in yet.
    return stage === 'full' ? user : null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The signed-in user; only call below <RequireAuth>. */
export function useUser(): User {
  const { data } = useMe();
  if (!data) throw new Error('useUser() outside an authenticated route');
  return data;
}

export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await logOut();
    } finally {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    }
  }, [queryClient]);
}

const PERSON_READERS: Role[] = ['county_admin', 'township_officer', 'village_manager'];
const PERSON_WRITERS: Role[] = ['county_admin', 'township_officer', 'village_manager'];

/** Statistics are aggregates: department users see them with small cells withheld. */
const STATS_VIEWERS: Role[] = ['county_admin', 'township_officer', 'village_manager', 'dept_verifier'];

/** Who works the origin–residence exchange (协查 · 通报 · 反馈). */
export const EXCHANGE_ROLES: Role[] = ['county_admin', 'township_officer'];

export const can = {
  browsePersons: (user: User) => PERSON_READERS.includes(user.role),
  editPersons: (user: User) => PERSON_WRITERS.includes(user.role),
  readAudit: (user: User) => user.role === 'auditor' || user.role === 'county_admin',
  recordServices: (user: User) => PERSON_READERS.includes(user.role) || user.role === 'provider',
  viewStats: (user: User) => STATS_VIEWERS.includes(user.role),
};
