/**
 * The shared request fields every route schema uses for dates and typed text, so one rule holds on every route
 * and in the importer (which parses rows with the persons schema). Dates carry `format: date` (`date-time`) in
 * the OpenAPI document, which is how the fuzz test finds every date field of every route.
 */
import { z } from 'zod';
import {
  type DateBounds,
  dateProblem,
  EARLIEST_DATE,
  isBoundedMonth,
  LATEST_DATE,
  MONTH_SHAPE,
} from '../core/calendar-date.ts';
import { hasInvisible, normaliseText, TEXT_PROBLEMS, type TextKind } from '../core/text.ts';

/** A real calendar day YYYY-MM-DD between 1900-01-01 and 2099-12-31; `notAfter: 'today'` for past events. */
export const dateField = (bounds: DateBounds = {}) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = dateProblem(value, bounds);
      // Not continuable: the object's own refinements (arrival after birth) would only repeat the problem.
      if (problem) ctx.addIssue({ code: 'custom', message: problem.en, params: problem, continue: false });
    })
    .meta({ format: 'date' });

/** A month YYYY-MM within the same years as dates; the pattern in the OpenAPI document marks it for the fuzz test. */
export const monthField = () =>
  z
    .string()
    .refine(isBoundedMonth, {
      params: {
        zh: `月份格式应为YYYY-MM，且在${EARLIEST_DATE.slice(0, 4)}至${LATEST_DATE.slice(0, 4)}年之间`,
        en: `must be a month YYYY-MM between ${EARLIEST_DATE.slice(0, 4)} and ${LATEST_DATE.slice(0, 4)}`,
      },
    })
    .meta({ pattern: MONTH_SHAPE.source });

/** An instant with its offset (slot start times), within the same years as dates. */
export const dateTimeField = () =>
  z.iso
    .datetime({ offset: true })
    .refine(
      (v) => {
        const day = new Date(v).toISOString().slice(0, 10);
        return day >= EARLIEST_DATE && day <= LATEST_DATE;
      },
      {
        params: {
          zh: `应在${EARLIEST_DATE}至${LATEST_DATE}之间`,
          en: `must lie between ${EARLIEST_DATE} and ${LATEST_DATE}`,
        },
      },
    )
    .meta({ format: 'date-time' });

/** A normalised string of a kind, refusing invisible characters; the base of the fields below. */
export const cleanString = (kind: TextKind) =>
  z
    .string()
    .overwrite((v) => normaliseText(v, kind))
    .refine((v) => !hasInvisible(v, kind), { params: TEXT_PROBLEMS[kind], abort: true });

/** One line (names, addresses, titles): NFKC, trimmed, no line breaks, tabs or invisible characters. */
export const lineText = (max: number, min = 1) => cleanString('line').min(min).max(max);
/** Prose (complaints, notes): NFC, trimmed, LF line breaks, nothing else invisible. */
export const linesText = (max: number, min = 1) => cleanString('lines').min(min).max(max);

/** Optional single line: absent, null and '' all become null. */
export const optionalLine = (max: number) =>
  cleanString('line')
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
/** Optional prose: absent, null and '' all become null. */
export const optionalLines = (max: number) =>
  cleanString('lines')
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A record's id in a path or body (every module's routes take them). */
export const uuid = z
  .string()
  .refine((v) => UUID.test(v), { params: { zh: '编号格式不正确', en: 'is not a valid id' } });
