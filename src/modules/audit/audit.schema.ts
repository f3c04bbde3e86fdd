/** Response schemas of the auditor's view (audit.routes.ts). */
import { z } from 'zod';
import { type Describes, fileBody, Instant } from '../../http/response-fields.ts';
import type { AuditLine as AuditLineType } from './audit.page.ts';
import type { AuditChainStatus } from './audit.trail.ts';

export const AuditLine = z.object({
  seq: z.string(),
  at: Instant,
  actorUsername: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorDivision: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  personId: z.string().nullable(),
  person: z.object({ name: z.string(), idNumberMasked: z.string() }).nullable(),
  personCount: z.number(),
  rows: z.number(),
  ip: z.string().nullable(),
  sealed: z.boolean(),
  flagged: z.boolean(),
  reason: z.string().nullable(),
});
true satisfies Describes<typeof AuditLine, AuditLineType>;

/** One page of lines; `next` is the `before` of the following page (null on the last). */
export const AuditPage = z.object({ items: z.array(AuditLine), pageSize: z.number(), next: z.string().nullable() });

export const AuditStatus = z.object({
  state: z.enum(['unchecked', 'ok', 'broken']),
  checkedAt: z.string().nullable(),
  checked: z.number(),
  checkpoint: z.object({ pos: z.string(), at: z.string() }).nullable(),
  firstBroken: z.object({ seq: z.string().nullable(), chainSeq: z.string(), reason: z.string() }).nullable(),
});
true satisfies Describes<typeof AuditStatus, AuditChainStatus>;

export const AuditCsv = fileBody('The filtered log as CSV (UTF-8 with BOM), newest first', 'text/csv');
