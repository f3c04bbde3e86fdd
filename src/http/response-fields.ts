/**
 * Pieces of response schemas several modules answer with (see responses.ts for the error shape). A handler's
 * return type is checked against its route's schema by the type provider, and the serializer checks the value.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ROLES } from '../core/roles.ts';
import type { ContentAnswer } from './responses.ts';

/** A text in both languages (LocalizedText). */
export const Localized = z.object({ zh: z.string(), en: z.string() });

/** A division as lists and headers show it. */
export const DivisionRef = z.object({ code: z.string(), name: z.string(), fullName: z.string(), level: z.number() });

export const RoleSchema = z.enum(ROLES);

/** An instant read from the database: a Date in the handler, an ISO date-time string on the wire. */
export const Instant = z.date();

/** A calendar date column (YYYY-MM-DD text: database.ts keeps DATE as a string). */
export const DateText = z.string();

/** A list without paging. */
export const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A paged list: the page's items and the total count. */
export const paged = <T extends z.ZodType>(item: T) =>
  Items(item).extend({ total: z.number(), page: z.number(), pageSize: z.number() });

/** A file body (pdf, xlsx, docx, csv): a Buffer or stream sent untouched (no serializer runs), documented as binary. */
const FileBody = z.custom<Buffer | Readable>(() => true).meta({ type: 'string', format: 'binary' });

/** File answers of these content types. */
export function fileBody(description: string, ...contentTypes: string[]): ContentAnswer {
  return { description, content: Object.fromEntries(contentTypes.map((type) => [type, { schema: FileBody }])) };
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Answers that are JSON by default and a file on request (`format=xlsx|csv`). */
export function jsonOrFile(json: z.ZodType, description: string, ...contentTypes: string[]): ContentAnswer {
  const file = fileBody(description, ...contentTypes);
  return { description, content: { 'application/json': { schema: json }, ...file.content } };
}

/**
 * True when a schema's output and a service's type describe the same shape (each assignable to the other), so a
 * schema cannot drift from the type it describes: `true satisfies Describes<typeof Schema, ServiceType>`.
 */
export type Describes<S extends z.ZodType, T> = [z.output<S>] extends [T]
  ? [T] extends [z.output<S>]
    ? true
    : false
  : false;
