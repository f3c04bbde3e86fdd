/** What `liudong import persons` prints: the column mapping and the counts per category with what to do. */
import { COLUMN_NAMES, type HeaderMap } from '../../core/import-columns.ts';
import { type ImportCounts, importSummary } from '../../core/import-summary.ts';

/** A, B, … Z, AA: the column letters a spreadsheet shows. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Each header cell of the sheet → the field it fills, or ignored. */
export function mappingLines(header: HeaderMap, cells: readonly string[]): string[] {
  const width = Math.max(cells.length, ...[...header.columns.keys()].map((i) => i + 1));
  const lines: string[] = [];
  for (let i = 0; i < width; i++) {
    const field = header.columns.get(i);
    const label = cells[i] ?? '';
    if (!field && label === '') continue;
    const target = field ? `${field} (${COLUMN_NAMES[field][0]})` : 'ignored (不导入)';
    lines.push(`  ${columnLetter(i).padEnd(3)}${label || '(no header)'} → ${target}`);
  }
  return lines;
}

/** One line per category: count, the Chinese label, and what to do about those rows. */
export function summaryLines(counts: ImportCounts, options: { update: boolean; dryRun?: boolean }): string[] {
  return importSummary(counts, options).map(
    (l) => `  ${l.label.zh} / ${l.label.en}: ${l.count} (${l.advice.zh} / ${l.advice.en})`,
  );
}
