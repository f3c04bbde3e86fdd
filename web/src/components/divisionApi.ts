/** Division look-ups, cached for the session: the tree is fetched one level at a time, never whole. */
import type { QueryClient } from '@tanstack/react-query';
import { client as http, ok } from '../api/client';
import type { Answer } from '../api/types';
import type { DivisionNode } from '../types';

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
      (await ok(http.GET('/api/divisions/{code}/children', { params: { path: { code: parent } }, signal }))).items,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type DivisionDetail = Answer<'/api/divisions/{code}'>;

export function fetchDivision(code: string, signal?: AbortSignal): Promise<DivisionDetail> {
  return ok(http.GET('/api/divisions/{code}', { params: { path: { code } }, signal }));
}

export async function searchDivisions(q: string, signal?: AbortSignal): Promise<DivisionNode[]> {
  return (await ok(http.GET('/api/divisions', { params: { query: { q, limit: 20 } }, signal }))).items;
}
