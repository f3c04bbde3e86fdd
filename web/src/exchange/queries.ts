/** The origin–residence exchange on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

export type MessagePage = Answer<'/api/exchange/messages'>;
export type MessageRow = Item<MessagePage['items']>;
export type DeadLetter = Item<Answer<'/api/exchange/dead-letters'>['items']>;
export type Rates = Answer<'/api/exchange/rates'>;
export type RateRow = Rates['total'];
export type Thread = Answer<'/api/exchange/cases/{id}'>;

export const fetchMessages = (query: Query<'/api/exchange/messages'>) =>
  ok(client.GET('/api/exchange/messages', { params: { query } }));

export const replyToMessage = (id: string, body: Body<'/api/exchange/messages/{id}/reply'>) =>
  ok(client.POST('/api/exchange/messages/{id}/reply', { params: { path: { id } }, body }));

export const fetchDeadLetters = () => ok(client.GET('/api/exchange/dead-letters'));

export const retryDeadLetter = (id: string) =>
  ok(client.POST('/api/exchange/dead-letters/{id}/retry', { params: { path: { id } } }));

export const fetchRates = () => ok(client.GET('/api/exchange/rates'));

export const fetchCase = (id: string) => ok(client.GET('/api/exchange/cases/{id}', { params: { path: { id } } }));

export const sendInquiry = (body: Body<'/api/exchange/inquiries'>) =>
  ok(client.POST('/api/exchange/inquiries', { body }));
