/** Statistics on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Item, Query } from '../api/types';

export type Dashboard = Answer<'/api/stats/dashboard'>;
export type KeyRate = Item<Dashboard['keyRates']>;
export type Cell = Pick<KeyRate, 'numerator' | 'denominator' | 'value' | 'suppressed'>;
export type Localized = KeyRate['name'];
export type Population = Answer<'/api/stats/population'>;
export type Assessment = Answer<'/api/stats/assessments'>;
export type Overview = Answer<'/api/stats/submissions/overview'>;
export type Unit = Overview['own'];
export type Frozen = Answer<'/api/stats/submissions/preview'>;

export const fetchDashboard = (query: Query<'/api/stats/dashboard'>, signal?: AbortSignal) =>
  ok(client.GET('/api/stats/dashboard', { params: { query }, signal }));
export const fetchPopulation = (signal?: AbortSignal) => ok(client.GET('/api/stats/population', { signal }));
export const fetchAssessment = (query: Query<'/api/stats/assessments'>, signal?: AbortSignal) =>
  ok(client.GET('/api/stats/assessments', { params: { query }, signal }));
export const fetchSubmissionOverview = (query: Query<'/api/stats/submissions/overview'>, signal?: AbortSignal) =>
  ok(client.GET('/api/stats/submissions/overview', { params: { query }, signal }));
export const fetchSubmissionPreview = (query: Query<'/api/stats/submissions/preview'>, signal?: AbortSignal) =>
  ok(client.GET('/api/stats/submissions/preview', { params: { query }, signal }));
export const submitPeriod = (period: string, reason: string | null) =>
  ok(client.POST('/api/stats/submissions', { body: { period, ...(reason ? { reason } : {}) } }));
