/**
 * Response schemas shared by every route: the one error shape (see errors.ts) and helpers to declare a route's
 * answers. Each route declares its success body; `withErrors` adds the error shape for 4xx and 5xx, so the OpenAPI
 * document at /docs/json describes every answer and the serializer checks what a handler returns. The fields
 * answers share (texts in both languages, divisions, timestamps, lists, files) are in response-fields.ts.
 */
import { z } from 'zod';

export const ErrorIssue = z.object({ path: z.string(), message: z.string() });

/** { error: { code, message, issues, ...details, correlationId? } }: details vary by code, so the object is loose. */
export const ErrorBody = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(ErrorIssue),
    correlationId: z.string().optional(),
  }),
});

/** A route's answer for one status: a JSON body's schema, or a file (fileBody in response-fields.ts). */
export interface ContentAnswer {
  description?: string;
  content: Record<string, { schema: z.ZodType }>;
}
type Answer = z.ZodType | ContentAnswer;

/** The success answers of a route (by status code) plus the error shape for 4xx and 5xx. */
export function withErrors<T extends Record<number, Answer>>(
  ok: T,
): T & { '4xx': typeof ErrorBody; '5xx': typeof ErrorBody } {
  return { ...ok, '4xx': ErrorBody, '5xx': ErrorBody };
}

/** 204 and other answers without a body (undefined, so `reply.code(204).send()` type-checks; never serialized). */
export const NoContent = z.undefined().describe('no body');
