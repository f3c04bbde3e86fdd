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

export function fieldForHeader(value: CellValue): ImportField | null {
  return LOOKUP.get(normalizeHeader(value)) ?? null;
}

export interface HeaderMap {
  /** Zero-based cell index → field. */
  columns: Map<number, ImportField>;
  /** Field → the header text as written in the file, for error messages. */
  labels: Map<ImportField, string>;
  /** Header cells nobody recognised (reported, not fatal). */
  ignored: string[];
}

/** Recognises a header row: at least two known columns. Returns null for a title or data row. */
export function readHeader(cells: readonly CellValue[]): HeaderMap | null {
  const columns = new Map<number, ImportField>();
  const labels = new Map<ImportField, string>();
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const field = fieldForHeader(cell);
    if (field && !labels.has(field)) {
      columns.set(index, field);
      labels.set(field, cellText(cell));
    } else if (cellText(cell) !== '') ignored.push(cellText(cell));
  });
  return columns.size >= 2 ? { columns, labels, ignored } : null;
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
