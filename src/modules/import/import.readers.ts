/**
 * Streaming row readers: one async generator per format, yielding the physical row number and its
 * cells, with the share of the file read so far (bytes) for progress and ETA. Memory stays flat.
 */
import fs from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { CellValue } from '../../core/import-values.ts';
import ExcelJS, { type CellValue as ExcelCellValue } from '../../http/exceljs.ts';
import { type CheckedFile, hugeCell, MAX_CELL_CHARS } from './import.file.ts';

export interface SourceRow {
  /** 1-based row number as staff see it in Excel or a text editor (for CSV: the record number). */
  number: number;
  cells: CellValue[];
}

export interface RowSource {
  rows: AsyncGenerator<SourceRow>;
  /** Fraction of the file consumed, 0..1. */
  progress(): number;
}

export function openRows(file: CheckedFile): RowSource {
  let read = 0;
  // Count bytes in a pipe stage: a 'data' listener on the file stream would switch it to flowing mode
  // and read the whole file into memory ahead of the parser.
  const counted = fs.createReadStream(file.path, { highWaterMark: 1 << 18 }).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        read += chunk.length;
        done(null, chunk);
      },
    }),
  );
  const progress = () => Math.min(1, read / Math.max(1, file.size));
  return { rows: file.format === 'xlsx' ? xlsxRows(counted) : csvRows(counted, file.encoding), progress };
}

/** Delimiter of a text export: tab when the first line has more tabs than commas (Excel's "Unicode text"). */
function delimiterOf(firstChunk: string): string {
  const line = firstChunk.slice(0, firstChunk.indexOf('\n') >>> 0);
  const tabs = line.split('\t').length;
  const commas = line.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/**
 * A cell as its own string. Slices of 13 characters or more share the decoded chunk (256 KB) in V8, so a
 * kept cell (an address in a pending batch, a division name in the resolver's cache) would keep the whole
 * chunk alive; copying the few long cells keeps memory proportional to what is kept.
 */
function detached(cell: string): string {
  return cell.length < 13 ? cell : Buffer.from(cell, 'utf8').toString('utf8');
}

const QUOTE = 34;
const NEWLINE = 10;

/**
 * RFC 4180 CSV with quotes, CRLF or LF, a BOM; tolerant of a stray quote inside an unquoted field.
 * Fields are cut out of the chunk as runs (slice), not built a character at a time: one string per cell
 * instead of a chain of one-character pieces, which cost both time and ~30 bytes a character.
 */
export async function* csvRows(input: Readable, encoding: CheckedFile['encoding']): AsyncGenerator<SourceRow> {
  const text =
    encoding === 'utf8'
      ? input.setEncoding('utf8')
      : input.pipe(iconv.decodeStream(encoding === 'utf16le' ? 'utf16le' : 'gb18030'));
  let delimiter = 0;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let number = 0;
  let carry = '';
  const pending: SourceRow[] = [];
  const endField = () => {
    row.push(detached(field));
    field = '';
  };
  const endRow = () => {
    endField();
    number++;
    pending.push({ number, cells: row });
    row = [];
  };
  for await (const raw of text) {
    let chunk = carry + String(raw);
    carry = '';
    if (!delimiter) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      delimiter = delimiterOf(chunk).charCodeAt(0);
    }
    let i = 0;
    while (i < chunk.length) {
      if (quoted) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          field += chunk.slice(i);
          i = chunk.length;
        } else {
          field += chunk.slice(i, q);
          i = q + 1;
          if (i === chunk.length)
            carry = '"'; // "" or end of quote: the next chunk decides
          else if (chunk.charCodeAt(i) === QUOTE) {
            field += '"';
            i++;
          } else quoted = false;
        }
      } else {
        let j = i;
        for (; j < chunk.length; j++) {
          const c = chunk.charCodeAt(j);
          if (c === delimiter || c === NEWLINE || c === QUOTE) break;
        }
        if (j > i) field += chunk.slice(i, j);
        if (j < chunk.length) {
          const c = chunk.charCodeAt(j);
          if (c === delimiter) endField();
          else if (c === NEWLINE) {
            if (field.endsWith('\r')) field = field.slice(0, -1);
            endRow();
          } else if (field === '') quoted = true;
          else field += '"';
        }
        i = j + 1;
      }
      if (field.length > MAX_CELL_CHARS) throw hugeCell();
    }
    if (carry) quoted = true;
    yield* pending;
    pending.length = 0;
  }
  if (field !== '' || row.length > 0) endRow();
  yield* pending;
}

type ExcelValue = ExcelCellValue;

/** ExcelJS hands back rich text, formulas and hyperlinks as objects; staff mean their displayed text. */
function plainValue(value: ExcelValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return plainValue(value.result as ExcelValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return null;
}

/** The first worksheet, row by row, through ExcelJS's streaming reader (styles ignored: dates arrive as serials). */
export async function* xlsxRows(input: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as ExcelValue[];
      const cells: CellValue[] = [];
      for (let i = 1; i < values.length; i++) {
        const v = plainValue(values[i]);
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS) throw hugeCell();
        cells.push(v);
      }
      yield { number: row.number, cells };
    }
    // Only the first sheet holds the register; later sheets are instructions or lists.
    input.destroy();
    return;
  }
}
