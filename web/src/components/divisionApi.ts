/** Division look-ups, cached for the session: the tree is fetched one level at a time, never whole. */
import type { QueryClient } from '@tanstack/react-query';
import { api, query } from '../api';
import type { DivisionNode, DivisionRef } from '../types';

export const ROOT = 'root';

export const divisionKeys = {
  children: (parent: string) => ['divisions', 'children', parent] as const,
  detail: (code: string) => ['divisions', 'detail', code] as const,
  search: (q: string) => ['divisions', 'search', q] as const,
};

export function loadChildren(client: QueryClient, parent: string): Promise<DivisionNode[]> {
  return client.fetchQuery({
    queryKey: divisionKeys.children(parent),
    queryFn: async ({ signal }) =>
      (await api<{ items: DivisionNode[] }>(`/api/divisions/${encodeURIComponent(parent)}/children`, { signal })).items,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface DivisionDetail {
  division: DivisionNode;
  path: DivisionRef[];
}

export function fetchDivision(code: string, signal?: AbortSignal): Promise<DivisionDetail> {
  return api<DivisionDetail>(`/api/divisions/${encodeURIComponent(code)}`, { signal });
}

export async function searchDivisions(q: string, signal?: AbortSignal): Promise<DivisionNode[]> {
  return (await api<{ items: DivisionNode[] }>(`/api/divisions${query({ q, limit: 20 })}`, { signal })).items;
}
