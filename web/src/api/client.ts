/**
 * The typed API client: openapi-fetch over the paths generated from the server's OpenAPI document
 * (schema.gen.ts, made by `npm run gen:api`). It behaves as `api()` in ../api.ts did: the session cookie, the
 * language header, the one error shape thrown as ApiError, a 401 sending the user to the login page.
 * No i18next here: /verify and /portal use it too.
 */
import createClient from 'openapi-fetch';
import { acceptLanguage, answerUnauthenticated, errorFromBody, networkError, searchText } from '../api';
import type { paths } from './schema.gen';

export const client = createClient<paths>({ credentials: 'same-origin', querySerializer: searchText });

client.use({
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    request.headers.set('Accept-Language', acceptLanguage());
  },
  onError({ error }) {
    // An aborted request (a query superseded or unmounted) stays an AbortError; anything else is the network.
    if (error instanceof DOMException && error.name === 'AbortError') return;
    return networkError();
  },
});

export interface CallOptions {
  /** Do not redirect to login on 401 (the login call itself, the initial "who am I"). */
  quiet401?: boolean;
}

/** What openapi-fetch resolves to: the body of a 2xx answer in `data`, the error body otherwise. */
interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The answer's body, or the ApiError the pages catch: `const { person } = await ok(client.GET(…))`. */
export async function ok<R extends Result>(pending: Promise<R>, options: CallOptions = {}): Promise<Data<R>> {
  const { data, error, response } = await pending;
  if (response.ok) return data as Data<R>;
  answerUnauthenticated(response.status, options.quiet401);
  throw errorFromBody(response.status, error);
}

type Data<R extends Result> = Exclude<R['data'], undefined>;
