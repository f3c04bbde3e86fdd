/** TanStack Query keys and fetchers for persons. */
import { api, query } from '../api';
import type { AccessEntry, Episode, Flow, HistoryEntry, Page, Person, PersonSummary } from '../types';

export interface PersonFilters {
  q?: string;
  flow?: Flow;
  sex?: 'M' | 'F';
  ageBand?: string;
  maritalStatus?: string;
  division?: string;
  page: number;
  pageSize: number;
}

export const personKeys = {
  all: ['persons'] as const,
  list: (filters: PersonFilters) => ['persons', 'list', filters] as const,
  detail: (id: string) => ['persons', 'detail', id] as const,
  revealed: (id: string) => ['persons', 'reveal', id] as const,
  history: (id: string) => ['persons', 'history', id] as const,
  episodes: (id: string) => ['persons', 'episodes', id] as const,
  accessLog: (id: string) => ['persons', 'access-log', id] as const,
};

export function fetchPersons(filters: PersonFilters, signal?: AbortSignal): Promise<Page<PersonSummary>> {
  return api(`/api/persons${query({ ...filters })}`, { signal });
}

export async function fetchPerson(id: string, reveal = false, signal?: AbortSignal): Promise<Person> {
  const suffix = reveal ? '?reveal=idNumber' : '';
  const { person } = await api<{ person: Person }>(`/api/persons/${encodeURIComponent(id)}${suffix}`, { signal });
  return person;
}

function listOf<T>(path: string) {
  return async (signal?: AbortSignal): Promise<T[]> => (await api<{ items: T[] }>(path, { signal })).items;
}

export const fetchHistory = (id: string) => listOf<HistoryEntry>(`/api/persons/${encodeURIComponent(id)}/history`);
export const fetchEpisodes = (id: string) => listOf<Episode>(`/api/persons/${encodeURIComponent(id)}/episodes`);
export const fetchAccessLog = (id: string) => listOf<AccessEntry>(`/api/persons/${encodeURIComponent(id)}/access-log`);
