/** The community screens' calls on the typed client; the types are the server's answers. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item, Query } from '../api/types';

const byId = (id: string) => ({ path: { id } });

export type Household = Item<Answer<'/api/households'>['items']>;
export type Member = Item<Household['members']>;
export type GroupSummary = Item<Answer<'/api/household-groups'>['items']>;
export type GroupDetail = Answer<'/api/household-groups/{id}'>;
export type DutyLog = Item<Answer<'/api/household-groups/{id}/duty-logs'>['items']>;
export type Visit = Item<Answer<'/api/visits'>['items']>;
export type DueItem = Item<Answer<'/api/persons/{id}/visits'>['due']>;
export type Party = Item<Answer<'/api/employers'>['items']>;
export type PartyDetail = Answer<'/api/employers/{id}'>;
export type OutreachRow = Item<Answer<'/api/employers/outreach-list'>['items']>;
export type EmployerLinks = Answer<'/api/persons/{id}/employer-links'>;
export type OutreachEvent = Item<Answer<'/api/outreach-events'>['items']>;
export type Figures = Answer<'/api/outreach-events/figures'>;

// Households and twelve-household groups
export const fetchHouseholds = (query: Query<'/api/households'>) =>
  ok(client.GET('/api/households', { params: { query } }));
export const createHousehold = (body: Body<'/api/households'>) => ok(client.POST('/api/households', { body }));
export const recordAbsence = (id: string, body: Body<'/api/households/{id}/absences'>) =>
  ok(client.POST('/api/households/{id}/absences', { params: byId(id), body }));
export const fetchRepresentatives = (query: Query<'/api/representatives'>) =>
  ok(client.GET('/api/representatives', { params: { query } }));
export const fetchGroups = () => ok(client.GET('/api/household-groups'));
export const fetchGroup = (id: string) => ok(client.GET('/api/household-groups/{id}', { params: byId(id) }));
export const createGroup = (body: Body<'/api/household-groups'>) => ok(client.POST('/api/household-groups', { body }));
export const generateRoster = (id: string, body: Body<'/api/household-groups/{id}/roster'>) =>
  ok(client.POST('/api/household-groups/{id}/roster', { params: byId(id), body }));
export const fetchDutyLogs = (id: string) =>
  ok(client.GET('/api/household-groups/{id}/duty-logs', { params: byId(id) }));
export const recordDutyLog = (id: string, body: Body<'/api/household-groups/{id}/duty-logs'>) =>
  ok(client.POST('/api/household-groups/{id}/duty-logs', { params: byId(id), body }));

// Visits
export const fetchVisits = () => ok(client.GET('/api/visits', { params: { query: { pageSize: 200 } } }));
export const recordVisit = (body: Body<'/api/visits'>) => ok(client.POST('/api/visits', { body }));
export const fetchPersonVisits = (personId: string) =>
  ok(client.GET('/api/persons/{id}/visits', { params: byId(personId) }));

// Employers and landlords
export const fetchParties = (query: Query<'/api/employers'>) => ok(client.GET('/api/employers', { params: { query } }));
export const fetchParty = (id: string) => ok(client.GET('/api/employers/{id}', { params: byId(id) }));
export const createParty = (body: Body<'/api/employers'>) => ok(client.POST('/api/employers', { body }));
export const addAgreement = (id: string, body: Body<'/api/employers/{id}/agreements'>) =>
  ok(client.POST('/api/employers/{id}/agreements', { params: byId(id), body }));
export const fetchOutreachList = (query: Query<'/api/employers/outreach-list'>) =>
  ok(client.GET('/api/employers/outreach-list', { params: { query } }));
export const fetchEmployerLinks = (personId: string) =>
  ok(client.GET('/api/persons/{id}/employer-links', { params: byId(personId) }));
export const saveEmployerLinks = (personId: string, body: Body<'/api/persons/{id}/employer-links', 'put'>) =>
  ok(client.PUT('/api/persons/{id}/employer-links', { params: byId(personId), body }));

// Outreach events
export const fetchOutreachEvents = () =>
  ok(client.GET('/api/outreach-events', { params: { query: { pageSize: 200 } } }));
export const fetchOutreachFigures = (query: Query<'/api/outreach-events/figures'>) =>
  ok(client.GET('/api/outreach-events/figures', { params: { query } }));
export const createOutreachEvent = (body: Body<'/api/outreach-events'>) =>
  ok(client.POST('/api/outreach-events', { body }));
