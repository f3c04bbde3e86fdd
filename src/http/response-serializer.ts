/**
 * The response serializer: each JSON answer is encoded through the route's response schema (fastify-type-provider-
 * zod), and a field the handler returns but the schema does not declare is an error too, not silently dropped.
 * Zod objects strip unknown keys, so without this check a schema that forgot a field would hide it from the
 * console and no test would notice. Either mistake answers 500 with a correlation id (errors.ts); the log names
 * the route and the field. Streams and buffers (files) never reach a serializer.
 */
import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Compiler = FastifySerializerCompiler<z.ZodType>;

export class UndeclaredResponseField extends Error {
  constructor(method: string, url: string, paths: string[]) {
    super(`${method} ${url} returned fields its response schema does not declare: ${paths.join(', ')}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Paths present (with a value) in what the handler gave but gone from what the schema kept. */
function droppedPaths(given: unknown, kept: unknown, at: string, out: string[]): void {
  if (out.length >= 10) return;
  if (Array.isArray(given) && Array.isArray(kept)) {
    for (let i = 0; i < given.length; i++) droppedPaths(given[i], kept[i], `${at}[${i}]`, out);
    return;
  }
  if (!isPlainObject(given) || !isPlainObject(kept)) return;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || typeof value === 'function') continue;
    const path = at ? `${at}.${key}` : key;
    if (!(key in kept)) out.push(path);
    else droppedPaths(value, kept[key], path, out);
  }
}

export const responseSerializerCompiler: Compiler =
  ({ schema, method, url }) =>
  (data) => {
    const result = z.safeEncode(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    const dropped: string[] = [];
    droppedPaths(data, result.data, '', dropped);
    if (dropped.length > 0) throw new UndeclaredResponseField(method, url, dropped);
    return JSON.stringify(result.data);
  };
