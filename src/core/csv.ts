/**
 * The one CSV writer: every CSV the product sends (persons, report tables, the audit log) is built here.
 * Quoting follows RFC 4180; formula neutralisation follows OWASP's CSV-injection guidance, because a value
 * such as `=HYPERLINK("http://x","y")` arrives from an import or a resident's approved address change and a
 * spreadsheet would run it when staff open the export.
 *
 * The rule:
 * - A text cell starting with = + - @ tab, CR, LF or NUL gets a single quote in front (`'=HYPERLINK(…)`), which
 *   spreadsheets show as text. This applies to every string, also to text that looks like a negative number
 *   ("-5"): the writer cannot tell data from a formula such as `-2+3`.
 * - A typed number (or bigint) is written as it is, so a negative count or difference stays a number: its digits
 *   cannot carry a formula. Booleans are `true`/`false`, dates ISO 8601, null and undefined empty.
 * - A cell holding , " ; tab, CR or LF is quoted, with its quotes doubled. The semicolon and tab are quoted too:
 *   a spreadsheet set to another list separator would otherwise split the cell and start a new one mid-value.
 * The importer reads our own exports back: `withoutFormulaGuard` drops the added quote (see import-values.ts).
 */

export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

/** First characters a spreadsheet reads as the start of a formula (or that hide one behind a control character). */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** Byte-order mark: Excel opens a UTF-8 CSV with Chinese correctly only with it. */
export const CSV_BOM = '\uFEFF';

function textOf(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  return String(value);
}

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: CsvValue): string {
  const text = textOf(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF line end. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole small file: BOM, then one line per record. Large exports stream `csvLine` instead. */
export function csvDocument(lines: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + lines.map(csvLine).join('');
}

/** The text a cell had before `csvCell` guarded it: drops a quote that stands before a formula start. */
export function withoutFormulaGuard(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.charAt(1)) ? text.slice(1) : text;
}
