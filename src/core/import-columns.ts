/**
 * The columns staff actually use, recognised by their Chinese headers in any order. Titles and notes
 * above the header (merged title rows) are skipped: the header is the first row naming enough columns.
 */
import type { LocalizedText } from './errors.ts';
import { type CellValue, cellText } from './import-values.ts';

export const IMPORT_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'hukouDivision',
  'residenceDivision',
  'residenceAddress',
  'arrivedOn',
  'departedOn',
  'maritalStatus',
  'spouseName',
  'spouseIdNumber',
  'phone',
  'employer',
  'landlord',
  'housingType',
  'children',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The first name is the template's header; the rest are spellings seen in county spreadsheets. */
export const COLUMN_NAMES: Record<ImportField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证'],
  sex: ['性别'],
  birthDate: ['出生日期', '出生年月日', '出生年月', '生日'],
  hukouDivision: ['户籍地', '户籍所在地', '户口所在地', '户籍地址', '户籍地区划'],
  residenceDivision: ['现居住地', '现居住地区划', '居住地', '现居地', '流入地'],
  residenceAddress: ['住址', '现住址', '详细地址', '现居住地址', '居住地址'],
  arrivedOn: ['来本地时间', '来本地日期', '到达时间', '流入时间', '来本地居住时间'],
  departedOn: ['离开时间', '离开日期'],
  maritalStatus: ['婚姻状况', '婚姻状态', '婚否'],
  spouseName: ['配偶姓名'],
  spouseIdNumber: ['配偶身份证号', '配偶身份证号码'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式'],
  employer: ['工作单位', '单位', '就业单位', '务工单位'],
  landlord: ['房东', '房东姓名'],
  housingType: ['住房情况', '住房类型', '居住类型'],
  children: ['子女', '子女情况', '子女信息', '子女姓名性别出生日期'],
};

/** Without these a row cannot become a person (the API requires them too). */
export const REQUIRED_FIELDS: readonly ImportField[] = [
  'name',
  'idNumber',
  'hukouDivision',
  'residenceDivision',
  'maritalStatus',
];

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const name of COLUMN_NAMES[field]) LOOKUP.set(name, field);

/** "姓名*", " 出生日期（yyyy-mm-dd）", "身份证号:" all name the same column. */
export function normalizeHeader(value: CellValue): string {
  return cellText(value)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s*＊:：]/g, '');
}

/** Title and signature lines ("填报单位：…", "制表人") are never a column, whatever words they contain. */
const NOT_A_COLUMN = /^(填报|制表|审核|填表|说明|备注|序号|编号$)/;

/**
 * What a header means, by its words rather than an exact spelling: sheets write 暂住地址, 来甬时间,
 * 户口所在地 or 公民身份号码 for our columns. Order matters: more specific meanings are tried first
 * (配偶身份证号 before 身份证号, 来本地居住时间 before 居住地, 住房类型 before 住址).
 */
const RULES: readonly [RegExp, ImportField][] = [
  [/配偶.*(身份|证件|号码)/, 'spouseIdNumber'],
  [/配偶.*(姓名|名字)|^配偶$/, 'spouseName'],
  [/子女|孩子|小孩/, 'children'],
  [/房东|房主|出租人/, 'landlord'],
  [/身份证|公民身份号|证件号/, 'idNumber'],
  [/性别|^男女$|^男\/?女$|^男性\/?女性$/, 'sex'],
  [/出生|生日/, 'birthDate'],
  [/(离开|流出|迁出|离去)\S{0,4}(时间|日期|年月)/, 'departedOn'],
  [/(来|流入|到|迁入|抵)\S{0,4}(时间|日期|年月)/, 'arrivedOn'],
  [/婚姻|婚否|婚况/, 'maritalStatus'],
  [/住房|居住(类型|方式|性质|形式)|住所类型|住房性质/, 'housingType'],
  [/户籍|户口|籍贯|户.*[地址]/, 'hukouDivision'],
  [/(住|居).*(详细|门牌)|详细.*(地址|住址)|^(现)?住址$/, 'residenceAddress'],
  [/(住|居).*[地址处所]|流入地|现在地/, 'residenceDivision'],
  [/电话|手机|联系方式/, 'phone'],
  [/单位|务工|就业|工作地/, 'employer'],
  [/姓名|名字/, 'name'],
];

export function fieldForHeader(value: CellValue): ImportField | null {
  const header = normalizeHeader(value);
  const exact = LOOKUP.get(header);
  if (exact) return exact;
  if (header === '' || header.length > 16 || NOT_A_COLUMN.test(header)) return null;
  for (const [rule, field] of RULES) if (rule.test(header)) return field;
  // 籍贯（户籍）: the bracket says what the column means; normalizeHeader dropped it.
  const whole = cellText(value).replace(/[\s*＊:：]/g, '');
  if (whole !== header) for (const [rule, field] of RULES) if (rule.test(whole)) return field;
  return null;
}

export interface HeaderMap {
  /** Zero-based cell index → field. */
  columns: Map<number, ImportField>;
  /** Field → the header text as written in the file, for error messages. */
  labels: Map<ImportField, string>;
  /** Header cells nobody recognised (reported, not fatal). */
  ignored: string[];
  /**
   * A 证件类型 column beside 证件号码: not a field of the registry (which holds resident ID numbers only), but
   * read to refuse a row whose number is a passport's or another document's, in those words.
   */
  idType?: { index: number; label: string };
}

const ID_TYPE_HEADER = /^证件(类型|种类|名称)$/;

/** Recognises a header row: at least two known columns. Returns null for a title or data row. */
export function readHeader(cells: readonly CellValue[]): HeaderMap | null {
  const columns = new Map<number, ImportField>();
  const labels = new Map<ImportField, string>();
  const ignored: string[] = [];
  let idType: HeaderMap['idType'];
  const assign = (index: number, field: ImportField) => {
    columns.set(index, field);
    labels.set(field, cellText(cells[index]));
  };
  cells.forEach((cell, index) => {
    let field = fieldForHeader(cell);
    // A second place of residence is its address: 现居住地 then 暂住地址.
    if (field === 'residenceDivision' && labels.has(field) && !labels.has('residenceAddress'))
      field = 'residenceAddress';
    if (field && !labels.has(field)) assign(index, field);
    else if (!idType && ID_TYPE_HEADER.test(normalizeHeader(cell))) idType = { index, label: cellText(cell) };
    else if (cellText(cell) !== '') ignored.push(cellText(cell));
  });
  // A sheet with one place of residence, headed 居住地址 or 现住址, names the division there.
  if (!labels.has('residenceDivision') && labels.has('residenceAddress')) {
    const index = [...columns].find(([, f]) => f === 'residenceAddress')?.[0] as number;
    columns.delete(index);
    labels.delete('residenceAddress');
    assign(index, 'residenceDivision');
  }
  if (columns.size < 2) return null;
  return idType ? { columns, labels, ignored, idType } : { columns, labels, ignored };
}

/**
 * A header over two rows: merged group cells (现居住地 over 区划 | 详细地址) above the real names. The
 * lower row holds no digits (a data row always has an ID number); each lower cell is read with the
 * group above it, carried right across the merged span.
 */
export function readTwoRowHeader(upper: readonly CellValue[], lower: readonly CellValue[]): HeaderMap | null {
  const texts = lower.map(cellText);
  if (texts.every((t) => t === '') || texts.some((t) => /\d/.test(t))) return null;
  const width = Math.max(upper.length, lower.length);
  const combined: string[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    const top = cellText(upper[i]);
    if (top !== '') group = top;
    const bottom = texts[i] ?? '';
    combined.push(bottom === '' ? group : fieldForHeader(group + bottom) ? group + bottom : bottom);
  }
  const single = readHeader(upper);
  const both = readHeader(combined);
  return both && both.columns.size >= (single?.columns.size ?? 0) ? both : null;
}

const ID_LIKE = /^\d{17}[\dXx]$|^\d{15}$/;
const DATE_LIKE = /^\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?$|^\d{8}$/;
const DIVISION_LIKE = /(省|市|区|县|旗|镇|乡|街道|社区|村|居委会)$/;
const SEX_LIKE = /^(男|女)$/;
const PHONE_LIKE = /^1\d{10}$/;

/**
 * Columns whose header said nothing we know (编号, 地址, 日期, a blank), recognised by what their first rows
 * hold: ID numbers, 男/女, mobile numbers, dates (arrival), division names. Only fills fields still missing.
 */
export function matchByContent(
  header: HeaderMap,
  headerCells: readonly CellValue[],
  rows: readonly (readonly CellValue[])[],
): HeaderMap {
  const width = Math.max(headerCells.length, ...rows.map((r) => r.length));
  for (let index = 0; index < width; index++) {
    if (header.columns.has(index)) continue;
    const values = rows.map((r) => cellText(r[index])).filter((t) => t !== '');
    if (values.length === 0) continue;
    const all = (re: RegExp) => values.every((v) => re.test(v));
    const guesses: ImportField[] = all(ID_LIKE)
      ? ['idNumber']
      : all(SEX_LIKE)
        ? ['sex']
        : all(PHONE_LIKE)
          ? ['phone']
          : all(DATE_LIKE)
            ? ['arrivedOn']
            : all(DIVISION_LIKE)
              ? ['residenceDivision', 'hukouDivision']
              : [];
    const field = guesses.find((f) => !header.labels.has(f));
    if (!field) continue;
    header.columns.set(index, field);
    header.labels.set(field, cellText(headerCells[index]) || `第${index + 1}列`);
    header.ignored = header.ignored.filter((h) => h !== cellText(headerCells[index]));
  }
  return header;
}

/**
 * The user's corrections (`--map '暂住处=residence'`): header text → field, or null to ignore the column.
 * Returns the headers the file does not have, for the caller to refuse.
 */
export function applyMapping(
  header: HeaderMap,
  headerCells: readonly string[],
  mapping: ReadonlyMap<string, ImportField | null>,
): string[] {
  const missing: string[] = [];
  for (const [text, field] of mapping) {
    const index = headerCells.findIndex((c) => c === text || normalizeHeader(c) === normalizeHeader(text));
    if (index === -1) {
      missing.push(text);
      continue;
    }
    const old = header.columns.get(index);
    if (old) header.labels.delete(old);
    header.columns.delete(index);
    if (!field) continue;
    for (const [i, f] of header.columns) if (f === field) header.columns.delete(i);
    header.columns.set(index, field);
    header.labels.set(field, headerCells[index] as string);
  }
  return missing;
}

/** How many rows may precede the header (titles, notes, blank lines). */
export const MAX_ROWS_BEFORE_HEADER = 20;

export function missingRequired(header: HeaderMap): ImportField[] {
  return REQUIRED_FIELDS.filter((f) => !header.labels.has(f));
}

export function columnLabel(field: ImportField, header?: HeaderMap): string {
  return header?.labels.get(field) ?? COLUMN_NAMES[field][0] ?? field;
}

export const NO_HEADER: LocalizedText = {
  zh: `前${MAX_ROWS_BEFORE_HEADER}行中没有找到可识别的表头；表头应包含：${REQUIRED_FIELDS.map((f) => COLUMN_NAMES[f][0]).join('、')}等列`,
  en: `No recognisable header in the first ${MAX_ROWS_BEFORE_HEADER} rows; it should name columns such as 姓名, 身份证号, 户籍地, 现居住地, 婚姻状况`,
};
