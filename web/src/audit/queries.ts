/** The audit trail's reads on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Item, Query } from '../api/types';

/** One line of GET /api/audit: the rows of one audit write, folded (a list read of 20 people is one line). */
export type AuditRow = Item<Answer<'/api/audit'>['items']>;
/** The server's latest check of the chain against its signed checkpoints (GET /api/audit/status). */
export type ChainStatus = Answer<'/api/audit/status'>;
export type AuditQuery = Query<'/api/audit'>;

export const fetchAudit = (query: AuditQuery) => ok(client.GET('/api/audit', { params: { query } }));
export const fetchChainStatus = () => ok(client.GET('/api/audit/status'));
