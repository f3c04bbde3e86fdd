/**
 * ExcelJS, with one fix. Its streaming reader decodes each inflated chunk to text on its own, so a
 * Chinese character split across two chunks becomes "��" (exceljs issues #2063/#2084, unfixed in 4.4.0):
 * about one cell in a few thousand of a real register. We swap its SAX helper for the same loop with a
 * streaming UTF-8 decoder, before ExcelJS first loads it. Import ExcelJS from here, never directly.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type ExcelJSModule from 'exceljs';
import type { SaxesParser as SaxesParserType } from 'saxes';

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('exceljs'));
const saxPath = path.join(root, 'lib/utils/parse-sax.js');
const { SaxesParser } = require('saxes') as { SaxesParser: typeof SaxesParserType };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  if (error) throw error;
  if (events.length > 0) yield events;
}

if (!require.cache[saxPath]) {
  const mod = new (require('node:module') as { Module: new (id: string) => NodeJS.Module }).Module(saxPath);
  Object.assign(mod, { filename: saxPath, loaded: true, exports: parseSax });
  require.cache[saxPath] = mod;
}

const ExcelJS = require('exceljs') as typeof ExcelJSModule;
export default ExcelJS;
export type { CellValue, Worksheet } from 'exceljs';

/**
 * A string as an inline text cell (`t="inlineStr"`), for the streaming writers. Without shared strings ExcelJS
 * writes a plain string as `t="str"`, the type OOXML defines for a formula's cached result; an inline string
 * is text to every reader, whatever its first character (`=HYPERLINK(…)` stays text). ExcelJS makes a formula
 * only from a `{ formula }` object, never from a string. An empty string becomes an empty cell.
 */
export function textCell(text: string): RichTextCell | null {
  return text === '' ? null : { richText: [{ text }] };
}
type RichTextCell = { richText: { text: string }[] };
