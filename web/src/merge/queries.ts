/** Fetchers of the merge endpoints (POST /api/persons/merge and friends, issue 24 part 3). */
import { query } from '../api';
import { api } from '../api/untyped';
import type { Person } from '../types';

export type Side = 'survivor' | 'merged';

export interface MergePreview {
  survivor: Person;
  merged: Person;
  differences: { field: string; survivor: unknown; merged: unknown }[];
  moves: Record<string, number>;
}

export interface MergeEntry {
  id: string;
  role: Side;
  otherId: string;
  otherIdNumberMasked: string;
  otherName: string;
  at: string;
  reason: string;
  moved: Record<string, number>;
  undoneAt: string | null;
  undoableUntil: string | null;
}

export const mergeKeys = {
  preview: (survivorId: string, mergedId: string) => ['persons', 'merge-preview', survivorId, mergedId] as const,
  list: (id: string) => ['persons', 'merges', id] as const,
};

export function fetchMergePreview(survivorId: string, mergedId: string, signal?: AbortSignal) {
  return api<MergePreview>(`/api/persons/merge-preview${query({ survivorId, mergedId })}`, { signal });
}

export function mergeRecords(body: {
  survivorId: string;
  mergedId: string;
  fieldChoices: Record<string, Side>;
  reason: string;
}) {
  return api<{ person: Person; mergeId: string; moved: Record<string, number> }>('/api/persons/merge', {
    method: 'POST',
    body,
  });
}

export async function fetchMerges(id: string, signal?: AbortSignal): Promise<MergeEntry[]> {
  return (await api<{ items: MergeEntry[] }>(`/api/persons/${encodeURIComponent(id)}/merges`, { signal })).items;
}

export function undoMerge(mergeId: string) {
  return api<{ survivor: Person; merged: Person }>(`/api/persons/merges/${encodeURIComponent(mergeId)}/undo`, {
    method: 'POST',
  });
}
