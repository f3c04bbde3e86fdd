/** Small helpers for the community screens (their calls and types are in queries.ts). */
import { ApiError } from '../api';
import { errorLine } from '../components/errorText';
import { formatDate } from '../format';

/** Today in China time (the offices' calendar), whatever the browser's zone. */
export function todayIso(): string {
  return formatDate(new Date());
}

/** The API's message and each field issue, so a refusal says why. */
export function problem(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) return errorLine(error);
  return error instanceof Error ? error.message : String(error);
}
