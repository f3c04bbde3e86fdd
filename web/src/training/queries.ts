/** Staff training records (GET/POST /api/trainings) on the typed client. */
import { client, ok } from '../api/client';
import type { Answer, Body, Item } from '../api/types';

export type TrainingList = Answer<'/api/trainings'>;
export type Training = Item<TrainingList['items']>;
export type Staff = Item<Answer<'/api/trainings/staff'>['items']>;
export type NewTraining = Body<'/api/trainings'>;

export const fetchTrainingStaff = () => ok(client.GET('/api/trainings/staff'));
export const fetchTrainings = (year: number) => ok(client.GET('/api/trainings', { params: { query: { year } } }));
export const createTraining = (body: NewTraining) => ok(client.POST('/api/trainings', { body }));
