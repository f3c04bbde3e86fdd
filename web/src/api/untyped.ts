/**
 * Transitional: the untyped `api<T>()` of before the typed client, kept only for the pages main received while the
 * typed client was being built and that have not moved to their feature's queries.ts yet. New code uses
 * `ok(client.GET(…))` from ./client. Delete this file when the last caller is gone.
 */
import { acceptLanguage, answerUnauthenticated, errorFromBody, networkError } from '../api';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  quiet401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw networkError();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    answerUnauthenticated(response.status, options.quiet401);
    throw errorFromBody(response.status, body);
  }
  return body as T;
}
