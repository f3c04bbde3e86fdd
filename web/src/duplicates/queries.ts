/** The duplicate review queue (GET /api/duplicates and its actions) on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Item, Query } from '../api/types';

export type DuplicatePair = Item<Answer<'/api/duplicates'>['items']>;
export type PairSide = DuplicatePair['a'];

const byId = (id: string) => ({ params: { path: { id } } });

export const fetchDuplicates = (query: Query<'/api/duplicates'>) =>
  ok(client.GET('/api/duplicates', { params: { query } }));
export const markNotDuplicate = (id: string) => ok(client.POST('/api/duplicates/{id}/not-duplicate', byId(id)));
export const referDuplicate = (id: string) => ok(client.POST('/api/duplicates/{id}/refer', byId(id)));
