/** The merge endpoints (POST /api/persons/merge and friends, issue 24 part 3) on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item } from '../api/types';

export type Side = 'survivor' | 'merged';
export type MergePreview = Answer<'/api/persons/merge-preview'>;
export type MergeEntry = Item<Answer<'/api/persons/{id}/merges'>['items']>;

export const mergeKeys = {
  preview: (survivorId: string, mergedId: string) => ['persons', 'merge-preview', survivorId, mergedId] as const,
  list: (id: string) => ['persons', 'merges', id] as const,
};

export const fetchMergePreview = (survivorId: string, mergedId: string, signal?: AbortSignal) =>
  ok(client.GET('/api/persons/merge-preview', { params: { query: { survivorId, mergedId } }, signal }));

export const mergeRecords = (body: Body<'/api/persons/merge'>) => ok(client.POST('/api/persons/merge', { body }));

export async function fetchMerges(id: string, signal?: AbortSignal): Promise<MergeEntry[]> {
  return (await ok(client.GET('/api/persons/{id}/merges', { params: { path: { id } }, signal }))).items;
}

export const undoMerge = (mergeId: string) =>
  ok(client.POST('/api/persons/merges/{mergeId}/undo', { params: { path: { mergeId } } }));
