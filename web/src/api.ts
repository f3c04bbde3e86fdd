/**
 * Small fetch wrapper: JSON in and out, cookies for the session, typed errors. Its two messages of its own
 * (the server's errors come translated) are `errors.*` of the `common` namespace, which every bundle loads.
 */
import i18n from 'i18next';
import { currentLang } from './lang';
import type { ErrorIssue } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ErrorIssue[];
  readonly correlationId?: string;

  constructor(status: number, code: string, message: string, issues: ErrorIssue[] = [], correlationId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.correlationId = correlationId;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener | null = null;

/** The app registers one listener that sends the user back to the login page. */
export function setUnauthenticatedListener(listener: UnauthenticatedListener | null): void {
  onUnauthenticated = listener;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toIssues(raw: unknown): ErrorIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((issue) => ({
    path: Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? ''),
    message: String(issue.message ?? ''),
  }));
}

function errorFromBody(status: number, body: unknown): ApiError {
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!err)
    return new ApiError(status, status === 0 ? 'NETWORK' : 'HTTP_ERROR', i18n.t('common:errors.http', { status }));
  const correlationId = typeof err.correlationId === 'string' ? err.correlationId : undefined;
  return new ApiError(
    status,
    String(err.code ?? 'HTTP_ERROR'),
    String(err.message ?? i18n.t('common:errors.http', { status })),
    toIssues(err.issues),
    correlationId,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to login on 401 (the login call itself, the initial "who am I"). */
  quiet401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang() === 'en' ? 'en' : 'zh-CN',
  };
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
    throw new ApiError(0, 'NETWORK', i18n.t('common:errors.network'));
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
    const error = errorFromBody(response.status, body);
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  return body as T;
}

/** Builds `?a=1&b=2`, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
