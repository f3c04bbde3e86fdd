/**
 * Checks an uploaded file before anything is written: what it really is (by its bytes, not its name),
 * its text encoding, and the guards against zip bombs and huge cells. Also hashes it, which is how a
 * rerun of the same file finds the job it resumes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import yauzl from 'yauzl';
import { AppError, type LocalizedText } from '../../core/errors.ts';

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le';

export interface CheckedFile {
  path: string;
  format: FileFormat;
  encoding: TextEncoding;
  sha256: string;
  size: number;
}

/** Longest cell we accept; real cells are far shorter, a longer one is an attack or a broken file. */
export const MAX_CELL_CHARS = 10_000;
export const LIMITS = {
  maxUncompressedBytes: 2 * 1024 ** 3,
  /** Compression ratio above which a big entry counts as a bomb; real sheets compress about 5–15×. */
  maxRatio: 200,
  ratioCheckFromBytes: 10 * 1024 ** 2,
};

export function fileError(text: LocalizedText): AppError {
  return new AppError('VALIDATION', 400, text, [
    { path: 'file', message: { zh: `文件：${text.zh}`, en: `File: ${text.en}` } },
  ]);
}

const NOT_SPREADSHEET: LocalizedText = {
  zh: '不是xlsx或csv文件，请在Excel中另存为“Excel工作簿(.xlsx)”或“CSV”后再导入',
  en: 'not an xlsx or csv file; save it from Excel as "Excel Workbook (.xlsx)" or "CSV" and try again',
};

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** UTF-8 unless the bytes say otherwise; Chinese Excel saves "CSV" in GBK, which GB18030 decodes. */
export function detectEncoding(sample: Buffer): TextEncoding {
  if (startsWith(sample, [0xff, 0xfe])) return 'utf16le';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

async function readHead(filePath: string, bytes: number): Promise<Buffer> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

/** One pass over the bytes: the hash, and for text the longest line (a huge cell shows up as one). */
async function hashAndLongestLine(filePath: string): Promise<{ sha256: string; longestLine: number }> {
  const hash = crypto.createHash('sha256');
  let longestLine = 0;
  let current = 0;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      longestLine = Math.max(longestLine, current + nl - from);
      current = 0;
      from = nl + 1;
    }
    current += buf.length - from;
  }
  return { sha256: hash.digest('hex'), longestLine: Math.max(longestLine, current) };
}

export async function checkImportFile(filePath: string): Promise<CheckedFile> {
  const size = (await fs.promises.stat(filePath)).size;
  const head = await readHead(filePath, 64 * 1024);
  if (size === 0 || head.toString('latin1').trim() === '') {
    throw fileError({ zh: '文件是空的', en: 'the file is empty' });
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw fileError({
      zh: '这是旧版Office文件（.xls或.doc），请在Excel中另存为.xlsx或.csv后再导入',
      en: 'this is a legacy Office file (.xls or .doc); save it as .xlsx or .csv and try again',
    });
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    await checkZip(filePath);
    const { sha256 } = await hashAndLongestLine(filePath);
    return { path: filePath, format: 'xlsx', encoding: 'utf8', sha256, size };
  }
  const encoding = detectEncoding(head);
  if (encoding !== 'utf16le' && head.includes(0)) throw fileError(NOT_SPREADSHEET);
  const { sha256, longestLine } = await hashAndLongestLine(filePath);
  // Bytes, not characters: a GBK/UTF-8 character takes 2–3, so allow for that.
  if (longestLine > MAX_CELL_CHARS * 4) throw hugeCell();
  return { path: filePath, format: 'csv', encoding, sha256, size };
}

export function hugeCell(): AppError {
  return fileError({
    zh: `文件中有超长的单元格（超过${MAX_CELL_CHARS}个字符），请检查文件是否损坏`,
    en: `the file has a cell longer than ${MAX_CELL_CHARS} characters; check whether it is damaged`,
  });
}

function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(filePath, { lazyEntries: true, validateEntrySizes: true, autoClose: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    ),
  );
}

const BOMB: LocalizedText = {
  zh: '文件解压后异常巨大（疑似“压缩炸弹”），已拒绝',
  en: 'the file expands to an abnormal size (a suspected zip bomb) and was refused',
};

/**
 * Reads the zip directory (declared sizes and ratios), then inflates the sheet and string parts once,
 * counting real bytes (a lying header cannot pass) and looking for a text run longer than a cell may be.
 */
async function checkZip(filePath: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(filePath);
  } catch {
    throw fileError(NOT_SPREADSHEET);
  }
  try {
    let total = 0;
    let hasWorkbook = false;
    const scan: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (total > LIMITS.maxUncompressedBytes) return reject(fileError(BOMB));
        if (entry.uncompressedSize > LIMITS.ratioCheckFromBytes && ratio > LIMITS.maxRatio)
          return reject(fileError(BOMB));
        if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
        if (/^xl\/(sharedStrings\.xml|worksheets\/sheet1\.xml)$/.test(entry.fileName)) scan.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(fileError(NOT_SPREADSHEET)));
      zip.readEntry();
    });
    if (!hasWorkbook) throw fileError(NOT_SPREADSHEET);
    for (const entry of scan) await scanEntry(zip, entry);
  } finally {
    zip.close();
  }
}

/** XML text cannot contain a raw '<', so any text node is a run between two of them. */
async function scanEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(fileError(BOMB)) : resolve(s))),
  );
  let run = 0;
  const limit = MAX_CELL_CHARS * 4;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      let from = 0;
      for (let lt = buf.indexOf(60, from); lt !== -1; lt = buf.indexOf(60, from)) {
        if (run + lt - from > limit) throw hugeCell();
        run = 0;
        from = lt + 1;
      }
      run += buf.length - from;
      if (run > limit) throw hugeCell();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileError(BOMB); // declared and real sizes differ, or the data is corrupt
  }
}
