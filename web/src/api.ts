/**
 * The error the pages catch, and what the typed client (api/client.ts) needs to raise it: the one error shape
 * turned into ApiError, the language header, the 401 listener. Its two messages of its own (the server's errors
 * come translated) are `errors.*` of the `common` namespace, which every bundle loads.
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

/** The one error shape (`{ error: { code, message, issues } }`) as the error the pages catch. */
export function errorFromBody(status: number, body: unknown): ApiError {
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

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', i18n.t('common:errors.network'));
}

/** A 401 sends the user back to the login page, except where the caller expects it (`quiet401`). */
export function answerUnauthenticated(status: number, quiet401 = false): void {
  if (status === 401 && !quiet401) onUnauthenticated?.();
}

export function acceptLanguage(): string {
  return currentLang() === 'en' ? 'en' : 'zh-CN';
}

/** `a=1&b=2`, leaving out empty values (an empty filter is no filter); a list repeats its key. */
export function searchText(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of [value].flat()) {
      if (item === undefined || item === null || item === '') continue;
      search.append(key, String(item));
    }
  }
  return search.toString();
}

/** Builds `?a=1&b=2` for links to file answers (xlsx, pdf, csv), leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const text = searchText(params);
  return text ? `?${text}` : '';
}
