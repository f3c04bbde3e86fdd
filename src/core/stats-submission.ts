/**
 * Reporting up the tree (逐级上报): the frozen report a unit submits for a closed month, its content hash, the
 * exchange message that carries it to another deployment, and the table the level above assembles from its
 * units' submissions. Only rollup cells travel: the schemas are strict, so no person field can ride along.
 * Pure: no I/O.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { formatRate, INDICATOR_BY_CODE, indicatorValue } from './indicators.ts';

const code12 = z.string().regex(/^\d{12}$/);
const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const text = (max: number) => z.string().max(max);
const cell = z.union([z.number().finite(), text(40), z.null()]);

export const FrozenColumn = z.strictObject({
  group: text(40),
  label: text(40),
  indicator: text(60),
  part: z.enum(['value', 'numerator', 'denominator']),
});
export type FrozenColumn = z.infer<typeof FrozenColumn>;

export const FrozenRow = z.strictObject({
  /** The child unit's code; null for 本级 (the unit's own office); the unit's own code for 合计. */
  code: code12.nullable(),
  name: text(100),
  kind: z.enum(['child', 'own', 'total']),
  cells: z.array(cell).max(100),
});
export type FrozenRow = z.infer<typeof FrozenRow>;

/** A submitted month's report table as it was submitted; served afterwards exactly like this. */
export const FrozenReport = z.strictObject({
  division: z.strictObject({ code: code12, name: text(100), fullName: text(200) }),
  period: monthKey,
  title: text(300),
  unit: text(200),
  stamp: z.strictObject({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    closed: z.literal(true),
    label: text(100),
    history: z.strictObject({ month: monthKey, computedAt: text(20).nullable() }).nullable(),
  }),
  columns: z.array(FrozenColumn).max(100),
  rows: z.array(FrozenRow).max(2000),
  suppressed: z.boolean(),
  minCell: z.number().int().min(0),
});
export type FrozenReport = z.infer<typeof FrozenReport>;

/** JSON with object keys sorted at every level: the same content gives the same bytes (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(report: FrozenReport): string {
  return crypto.createHash('sha256').update(canonicalJson(report)).digest('hex');
}

/** The exchange message of one submission (plaintext `{"v":1,"statsSubmission":{…}}`, sealed and signed). */
export const SubmissionMessage = z.strictObject({
  id: z.uuid(),
  division: code12,
  parent: code12,
  periodKind: z.literal('month'),
  period: monthKey,
  version: z.number().int().min(1).max(1000),
  reason: text(500).nullable(),
  submitter: text(100),
  submittedAt: z.iso.datetime(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  report: FrozenReport,
});
export type SubmissionMessage = z.infer<typeof SubmissionMessage>;

export const SUBMISSION_WIRE_KEY = 'statsSubmission';

/** The plaintext of a submission message. */
export function submissionBody(message: SubmissionMessage): Buffer {
  return Buffer.from(JSON.stringify({ v: 1, [SUBMISSION_WIRE_KEY]: message }), 'utf8');
}

/**
 * The submission an opened body carries, or null when it is not a submission (a person envelope or a batch).
 * A body that says it is one but fails the schema, or whose hash does not match its table, throws `malformed`.
 */
export function submissionOf(json: unknown, malformed: (detail: string) => Error): SubmissionMessage | null {
  if (!json || typeof json !== 'object' || !(SUBMISSION_WIRE_KEY in json)) return null;
  const wrapper = z.strictObject({ v: z.literal(1), [SUBMISSION_WIRE_KEY]: SubmissionMessage }).safeParse(json);
  if (!wrapper.success) {
    const first = wrapper.error.issues[0];
    throw malformed(first ? `${first.path.join('.')}: ${first.message}` : 'invalid submission');
  }
  const message = wrapper.data[SUBMISSION_WIRE_KEY] as SubmissionMessage;
  if (message.report.division.code !== message.division || message.report.period !== message.period)
    throw malformed('the table is not the submitted unit and month');
  if (contentHash(message.report) !== message.contentHash) throw malformed('content hash does not match');
  if (message.version > 1 && !message.reason) throw malformed('a correction needs a reason');
  return message;
}

/** One unit of the level above's table: its submitted total row, or null when it has not submitted. */
export interface AssembledUnit {
  code: string;
  name: string;
  cells: FrozenRow['cells'] | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';

/**
 * The 合计 row over the units that submitted: counts add up; a rate is recomputed from its numerator and
 * denominator columns when the table has both; anything else (per-day ratios, rates without their parts) is
 * left blank rather than guessed.
 */
export function assembledTotal(columns: readonly FrozenColumn[], units: readonly AssembledUnit[]): FrozenRow['cells'] {
  const rows = units.flatMap((u) => (u.cells ? [u.cells] : []));
  const sumOf = (i: number): number | null => {
    const values = rows.map((r) => r[i]);
    return values.every(isNumber) && values.length > 0 ? values.reduce((a, v) => a + v, 0) : null;
  };
  return columns.map((c, i) => {
    const def = INDICATOR_BY_CODE.get(c.indicator);
    if (!def) return null;
    const additive = c.part !== 'value' || (def.factor === 1 && !def.denominatorPerDayOver && !def.denominator);
    if (additive) return sumOf(i);
    const num = columns.findIndex((x) => x.indicator === c.indicator && x.part === 'numerator');
    const den = columns.findIndex((x) => x.indicator === c.indicator && x.part === 'denominator');
    if (num < 0 || den < 0 || def.factor === 1) return null;
    const n = sumOf(num);
    const d = sumOf(den);
    if (n === null || d === null) return null;
    return formatRate(indicatorValue(def, n, d), def.factor);
  });
}
