/**
 * Sign-in and the session on the typed client. Every login step is quiet on 401: the login page answers it
 * itself, it is not a session that ended.
 */
import { client, ok } from '../api/client';
import type { Answer, Body } from '../api/types';

const quiet = { quiet401: true };

/** What each login step answers: the user and the step still owed (src/modules/auth/auth.stage.ts). */
export type StepResult = Answer<'/api/auth/login', 'post'>;
export type LoginStage = StepResult['next'];
export type Me = Answer<'/api/auth/me'>;
export type Enrolment = Answer<'/api/auth/totp/enrol', 'post'>;
export type Confirmed = Answer<'/api/auth/totp/confirm', 'post'>;

export const fetchMe = () => ok(client.GET('/api/auth/me'), quiet);
export const logIn = (body: Body<'/api/auth/login'>) => ok(client.POST('/api/auth/login', { body }), quiet);
export const logOut = () => ok(client.POST('/api/auth/logout'), quiet);
export const logOutEverywhere = () => ok(client.POST('/api/auth/logout-all'));
export const changePassword = (body: Body<'/api/auth/password'>) =>
  ok(client.POST('/api/auth/password', { body }), quiet);
export const verifyTotp = (code: string) => ok(client.POST('/api/auth/totp', { body: { code } }), quiet);
export const startEnrolment = () => ok(client.POST('/api/auth/totp/enrol'), quiet);
export const confirmEnrolment = (code: string) => ok(client.POST('/api/auth/totp/confirm', { body: { code } }), quiet);
