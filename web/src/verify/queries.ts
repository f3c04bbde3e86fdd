/** The public verify page's calls on the typed client (no session: a 401 is never a redirect here). */
import { client, ok } from '../api/client';
import type { Answer } from '../api/types';

/**
 * Either a certificate's or a birth registration's verification (one endpoint answers both). Read off the
 * document directly: openapi-fetch's own answer type drops a property declared as exactly `null` (the birth
 * answer's `certificate: null`), which would merge the two variants.
 */
export type Verification = Answer<'/api/verify/{number}'>;

const quiet = { quiet401: true };

/** A certificate or registration view with the holder's masked details (a QR code, or the number and birth date). */
export const isDetailed = <T extends object>(view: T): view is Extract<T, { maskedName: string }> =>
  'maskedName' in view;

/** A birth registration's answer (the certificate's has no `registration`). */
export const isBirth = (answer: Verification): answer is Extract<Verification, { registration: unknown }> =>
  'registration' in answer;

// The casts only restore the declared `certificate: null` (see Verification).
export const verifyNumber = (number: string) =>
  ok(client.GET('/api/verify/{number}', { params: { path: { number } } }), quiet) as Promise<Verification>;

export const verifyPayload = (payload: string) =>
  ok(client.POST('/api/verify', { body: { payload } }), quiet) as Promise<Verification>;

/** The birth date goes in a POST body, never the URL. */
export const verifyWithBirthDate = (number: string, birthDate: string) =>
  ok(
    client.POST('/api/verify/{number}', { params: { path: { number } }, body: { birthDate } }),
    quiet,
  ) as Promise<Verification>;
