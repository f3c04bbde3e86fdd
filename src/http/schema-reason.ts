/**
 * Issue 21 part 4: an action that replaces, cancels or refuses something carries its reason. One refinement for
 * every such body, so the message (naming the field `reason`) is the same everywhere.
 */
import type { z } from 'zod';
import { lineText } from './schema-fields.ts';

export const optionalReason = lineText(200, 0).optional();

/** Adds the `reason` issue when `needed` holds for the body and the reason has fewer than 2 characters. */
export function reasonWhen<T extends { reason?: string | undefined }>(
  needed: (v: T) => boolean,
  problem: { zh: string; en: string },
) {
  return (v: T, ctx: z.RefinementCtx) => {
    if (needed(v) && [...(v.reason ?? '').trim()].length < 2) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: problem.en, params: problem });
    }
  };
}
