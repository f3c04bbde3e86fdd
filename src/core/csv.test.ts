import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../modules/import/index.ts';
import { CSV_BOM, csvCell, csvDocument, csvLine, withoutFormulaGuard } from './csv.ts';
import { cellText } from './import-values.ts';

/** The security review's payloads, and one per remaining trigger character. */
const FORMULAS = [
  '=HYPERLINK("http://x","y")',
  '+1+1',
  '-2+3',
  '@SUM(1,2)',
  "=cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\0=1+1',
  '-5',
];

async function readBack(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of csvRows(Readable.from([text]), 'utf8')) rows.push(row.cells.map(String));
  return rows;
}

describe('csvCell', () => {
  it.each(FORMULAS)('puts a quote before a text cell that starts like a formula: %j', async (value) => {
    const [[cell]] = (await readBack(csvLine([value]))) as [[string]];
    expect(cell).toBe(`'${value}`);
  });

  it('leaves typed numbers as numbers, negative ones too', () => {
    expect(csvLine([-3, 0.5, 12n, -1.25])).toBe('-3,0.5,12,-1.25\r\n');
  });

  it('quotes a cell holding a comma, quote, semicolon, tab or line break, doubling its quotes', () => {
    expect(['a,b', 'say "hi"', 'a;=1+1', 'a\tb', 'a\nb'].map(csvCell)).toEqual([
      '"a,b"',
      '"say ""hi"""',
      '"a;=1+1"',
      '"a\tb"',
      '"a\nb"',
    ]);
  });

  it('writes plain text, empty values, booleans and dates as they are', () => {
    expect(csvLine(['张三', null, undefined, true, new Date('2026-01-02T03:04:05Z')])).toBe(
      '张三,,,true,2026-01-02T03:04:05.000Z\r\n',
    );
  });

  it('starts a document with the BOM Excel needs for UTF-8', () => {
    expect(csvDocument([['a'], ['b']])).toBe(`${CSV_BOM}a\r\nb\r\n`);
  });
});

describe('reading our own CSV back', () => {
  it('gives every cell its original text once the importer drops the added quote', async () => {
    const values = [...FORMULAS, "'quoted", '普通文本'];
    const rows = await readBack(csvDocument([values]));
    expect(rows[0]?.map(cellText)).toEqual(values.map((v) => cellText(v)));
  });

  it('drops only a quote that stands before a formula start', () => {
    expect(withoutFormulaGuard("'=1+1")).toBe('=1+1');
    expect(withoutFormulaGuard("'quoted")).toBe("'quoted");
    expect(withoutFormulaGuard("'")).toBe("'");
  });
});
