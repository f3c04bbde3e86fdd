/** TanStack Query keys and fetchers for persons, on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';
import type { Person, PersonPage } from '../types';

/** The list's filters as the server takes them; page and pageSize always set (they live in the URL). */
export type PersonFilters = Query<'/api/persons'> & { page: number; pageSize: number };

export const personKeys = {
  all: ['persons'] as const,
  list: (filters: PersonFilters) => ['persons', 'list', filters] as const,
  detail: (id: string) => ['persons', 'detail', id] as const,
  revealed: (id: string) => ['persons', 'reveal', id] as const,
  history: (id: string) => ['persons', 'history', id] as const,
  episodes: (id: string) => ['persons', 'episodes', id] as const,
  accessLog: (id: string) => ['persons', 'access-log', id] as const,
};

export function fetchPersons(filters: PersonFilters, signal?: AbortSignal): Promise<PersonPage> {
  return ok(client.GET('/api/persons', { params: { query: filters }, signal }));
}

export async function fetchPerson(id: string, reveal = false, signal?: AbortSignal): Promise<Person> {
  const query = reveal ? { reveal: 'idNumber' as const } : {};
  const { person } = await ok(client.GET('/api/persons/{id}', { params: { path: { id }, query }, signal }));
  return person;
}

const byId = (id: string) => ({ params: { path: { id } } });

export const fetchHistory = (id: string) => async (signal?: AbortSignal) =>
  (await ok(client.GET('/api/persons/{id}/history', { ...byId(id), signal }))).items;
export const fetchEpisodes = (id: string) => async (signal?: AbortSignal) =>
  (await ok(client.GET('/api/persons/{id}/episodes', { ...byId(id), signal }))).items;
export const fetchAccessLog = (id: string) => async (signal?: AbortSignal) =>
  (await ok(client.GET('/api/persons/{id}/access-log', { ...byId(id), signal }))).items;

export const createPerson = (body: Body<'/api/persons'>) => ok(client.POST('/api/persons', { body }));

export const updatePerson = (id: string, body: Body<'/api/persons/{id}', 'patch'>) =>
  ok(client.PATCH('/api/persons/{id}', { params: { path: { id } }, body }));

export type WorkItems = Answer<'/api/persons/{id}/work-items'>;
export type WorkItem = Item<WorkItems['items']>;

export const workItemKeys = { person: (id: string) => ['work-items', id] as const };

export const fetchWorkItems = (id: string, signal?: AbortSignal) =>
  ok(client.GET('/api/persons/{id}/work-items', { ...byId(id), signal }));
