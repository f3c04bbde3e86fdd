/** The import template: the recognised headers, one example row, drop-down lists and a sheet of instructions. */
import type { Writable } from 'node:stream';
import { COLUMN_NAMES, IMPORT_FIELDS, type ImportField, REQUIRED_FIELDS } from '../../core/import-columns.ts';
import { HOUSING_CHOICES_ZH, MARITAL_CHOICES_ZH } from '../../core/import-values.ts';
import ExcelJS from '../../http/exceljs.ts';

const EXAMPLE: Partial<Record<ImportField, string>> = {
  name: '张三',
  idNumber: '341221199001011231',
  sex: '男',
  birthDate: '1990-01-01',
  hukouDivision: '安徽省阜阳市临泉县',
  residenceDivision: '330205005003',
  residenceAddress: '人民路1号2幢301室',
  arrivedOn: '2026-11-01',
  maritalStatus: '初婚',
  phone: '13800001111',
  employer: '宁波某某电器有限公司',
  housingType: '租住',
  children: '张小明 男 2015-03-02；张小红 女 2018.6.1',
};

const LISTS: Partial<Record<ImportField, readonly string[]>> = {
  sex: ['男', '女'],
  maritalStatus: MARITAL_CHOICES_ZH,
  housingType: HOUSING_CHOICES_ZH,
};

const TEMPLATE_ROWS = 5000;

export async function writeTemplate(output: Writable): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员登记');
  sheet.columns = IMPORT_FIELDS.map((field) => ({
    header: COLUMN_NAMES[field][0] ?? field,
    key: field,
    width:
      field === 'children'
        ? 36
        : field === 'idNumber' || field === 'hukouDivision' || field === 'residenceAddress'
          ? 24
          : 14,
    // Text format keeps 18-digit ID numbers and leading zeros exactly as typed.
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  IMPORT_FIELDS.forEach((field, i) => {
    if (REQUIRED_FIELDS.includes(field)) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  sheet.addRow(EXAMPLE);
  IMPORT_FIELDS.forEach((field, i) => {
    const list = LISTS[field];
    const column = sheet.getColumn(i + 1).letter;
    for (let r = 2; r <= TEMPLATE_ROWS; r++) {
      const cell = sheet.getCell(`${column}${r}`);
      if (list) {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${list.join(',')}"`],
          showErrorMessage: true,
          errorTitle: '取值无效',
          error: `请从列表中选择：${list.join('、')}`,
        };
      }
    }
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  for (const line of [
    '红色表头为必填列；列的顺序可以调整，上方可以保留标题行。',
    '身份证号：18位，最后一位可为X；全角数字也可识别。性别和出生日期可不填（由身份证号推算），填写时须与身份证号一致。',
    '日期：可写作2023-05-06、2023.5.6、2023/05/06、20230506或Excel日期。',
    '户籍地、现居住地：填写12位区划代码，或完整名称如“安徽省阜阳市临泉县”。户籍地或现居住地须在您的辖区内。',
    `婚姻状况：${MARITAL_CHOICES_ZH.join('、')}（“已婚”按初婚处理）。住房情况：${HOUSING_CHOICES_ZH.join('、')}。`,
    '子女：每个子女写姓名、性别、出生日期，用空格隔开；多个子女用分号（；）隔开，如“张小明 男 2015-03-02；张小红 女 2018.6.1”。没有子女可填“无”或留空。',
    '有错误的行不会影响其他行，导入后可下载错误报告，修改后直接再次导入错误报告即可。',
  ])
    help.addRow([line]);
  await workbook.xlsx.write(output);
}
