import { z } from 'zod';
import { DivisionRef, Instant, Localized } from '../../http/response-fields.ts';
import { PersonDetailBody, PersonIdParam, ScorePartBody } from '../persons/index.ts';

export const DUPLICATE_VIEWS = ['open', 'decided'] as const;

export const DuplicateListQuery = z.strictObject({
  /** open: open and referred pairs (the work); decided: not a duplicate and merged (the trail). */
  view: z.enum(DUPLICATE_VIEWS).default('open'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DuplicateListQuery = z.infer<typeof DuplicateListQuery>;

/** A pair's id: the same check and message as a person's. */
export const DuplicateIdParam = PersonIdParam;

/** A record outside the user's scope: never its details, only who holds it and a masked summary. */
const MaskedPersonBody = z.object({
  /** The surname and one mark per further character: 张**. */
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthYear: z.number(),
  /** The office holding the record (its residence division). */
  office: DivisionRef,
});

const SideBody = z.object({
  inScope: z.boolean(),
  person: PersonDetailBody.nullable(),
  masked: MaskedPersonBody.nullable(),
});

export const DuplicatePairBody = z.object({
  id: z.string(),
  score: z.number(),
  likely: z.boolean(),
  /** The agreeing parts for display: 拼音相同 · 出生日期相同 · 户籍同一乡镇. */
  label: Localized,
  parts: z.array(ScorePartBody),
  status: z.enum(['open', 'not_duplicate', 'referred', 'merged']),
  referredFrom: DivisionRef.nullable(),
  referredTo: DivisionRef.nullable(),
  /** Referred by another office to this user's jurisdiction. */
  referredToMe: z.boolean(),
  decidedAt: Instant.nullable(),
  foundAt: Instant,
  a: SideBody,
  b: SideBody,
});

export const DuplicatePageBody = z.object({
  items: z.array(DuplicatePairBody),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const DuplicateDecisionBody = z.object({ pair: DuplicatePairBody });
