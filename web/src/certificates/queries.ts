/** Certificates, arrival checks and work lists on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

export type Certificate = Item<Answer<'/api/persons/{id}/certificates'>['items']>;
export type CertificateKind = Certificate['kind'];
/** The certificate kinds a work-items answer lists (declared there as strings). */
export const isCertificateKind = (kind: string): kind is CertificateKind => kind === 'standard' || kind === 'temporary';

export type CheckResult = Answer<'/api/certificate-checks', 'post'>;
export type PrintJob = Answer<'/api/certificates/print-jobs/{jobId}'>['job'];
export type WorklistItem = Item<Answer<'/api/worklists/items'>['items']>;
export type WorklistSummary = Answer<'/api/worklists/summary'>;

export const fetchPersonCertificates = (personId: string) =>
  ok(client.GET('/api/persons/{id}/certificates', { params: { path: { id: personId } } }));

export const fetchIssued = () => ok(client.GET('/api/certificates', { params: { query: { pageSize: 100 } } }));

export const issueCertificate = (body: Body<'/api/certificates'>) => ok(client.POST('/api/certificates', { body }));

export const reissueCertificate = (id: string, reason: string) =>
  ok(client.POST('/api/certificates/{id}/reissue', { params: { path: { id } }, body: { reason } }));

export const revokeCertificate = (id: string, reason: string) =>
  ok(client.POST('/api/certificates/{id}/revoke', { params: { path: { id } }, body: { reason } }));

export const recordCheck = (body: Body<'/api/certificate-checks'>) =>
  ok(client.POST('/api/certificate-checks', { body }));

export const startPrintJob = (ids: string[]) => ok(client.POST('/api/certificates/print-jobs', { body: { ids } }));

export const fetchPrintJob = (jobId: string) =>
  ok(client.GET('/api/certificates/print-jobs/{jobId}', { params: { path: { jobId } } }));

export const fetchWorklistItems = (query: Query<'/api/worklists/items'>) =>
  ok(client.GET('/api/worklists/items', { params: { query } }));

export const fetchWorklistSummary = () => ok(client.GET('/api/worklists/summary'));
