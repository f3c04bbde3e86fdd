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

type Path = (string | number)[];

/** `items[3].hukouDivision.code`: keys joined by dots, array indexes in brackets. */
function pathText(path: Path): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

/**
 * Paths present (with a value) in what the handler gave but gone from what the schema kept. The path is a stack
 * turned into text only for a field that was dropped: a large list answer walks every field of every row, and
 * building each path's text made this walk cost more than the encoding itself.
 */
function droppedPaths(given: unknown, kept: unknown, at: Path, out: string[]): void {
  if (out.length >= 10) return;
  if (Array.isArray(given)) {
    if (!Array.isArray(kept)) return;
    for (let i = 0; i < given.length; i++) {
      at.push(i);
      droppedPaths(given[i], kept[i], at, out);
      at.pop();
    }
    return;
  }
  if (!isPlainObject(given) || !isPlainObject(kept)) return;
  for (const key in given) {
    const value = given[key];
    if (value === undefined || typeof value === 'function') continue;
    if (!(key in kept)) out.push(pathText([...at, key]));
    else if (typeof value === 'object' && value !== null) {
      at.push(key);
      droppedPaths(value, kept[key], at, out);
      at.pop();
    }
  }
}

export const responseSerializerCompiler: Compiler =
  ({ schema, method, url }) =>
  (data) => {
    const result = z.safeEncode(schema, data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    const dropped: string[] = [];
    droppedPaths(data, result.data, [], dropped);
    if (dropped.length > 0) throw new UndeclaredResponseField(method, url, dropped);
    return JSON.stringify(result.data);
  };
