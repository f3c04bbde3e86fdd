/** Headers as county sheets really write them, recognised by their words; the template's own headers unchanged. */
import { describe, expect, it } from 'vitest';
import {
  applyMapping,
  COLUMN_NAMES,
  fieldForHeader,
  IMPORT_FIELDS,
  type ImportField,
  matchByContent,
  readHeader,
  readTwoRowHeader,
} from './import-columns.ts';

describe('fieldForHeader', () => {
  it('keeps every spelling of the template and the known list', () => {
    for (const field of IMPORT_FIELDS) for (const name of COLUMN_NAMES[field]) expect(fieldForHeader(name)).toBe(field);
  });

  const variants: [string, ImportField | null][] = [
    // residence
    ['现居住地', 'residenceDivision'],
    ['居住地', 'residenceDivision'],
    ['暂住地', 'residenceDivision'],
    ['暂住处', 'residenceDivision'],
    ['现住地', 'residenceDivision'],
    ['居住地点', 'residenceDivision'],
    ['现居住场所', 'residenceDivision'],
    ['暂住地址', 'residenceDivision'],
    ['现住地址', 'residenceDivision'],
    ['现居住详细地址', 'residenceAddress'],
    ['居住地门牌号', 'residenceAddress'],
    ['详细住址', 'residenceAddress'],
    // household registration
    ['户籍地', 'hukouDivision'],
    ['户口所在地', 'hukouDivision'],
    ['籍贯（户籍）', 'hukouDivision'],
    ['户籍', 'hukouDivision'],
    ['户籍所在地详址', 'hukouDivision'],
    ['户口地址', 'hukouDivision'],
    ['户籍地址（省市县）', 'hukouDivision'],
    ['原籍', null],
    // arrival
    ['来本地时间', 'arrivedOn'],
    ['流入时间', 'arrivedOn'],
    ['来甬时间', 'arrivedOn'],
    ['来杭时间', 'arrivedOn'],
    ['来沪日期', 'arrivedOn'],
    ['到达日期', 'arrivedOn'],
    ['来本地居住时间', 'arrivedOn'],
    ['流入日期', 'arrivedOn'],
    ['来京年月', 'arrivedOn'],
    ['迁入时间', 'arrivedOn'],
    ['离开时间', 'departedOn'],
    ['流出日期', 'departedOn'],
    // sex
    ['性别', 'sex'],
    ['男/女', 'sex'],
    ['男女', 'sex'],
    ['男性/女性', 'sex'],
    ['性 别', 'sex'],
    // ID number
    ['身份证号', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['证件号码', 'idNumber'],
    ['证件号', 'idNumber'],
    ['身份证号码（18位）', 'idNumber'],
    ['居民身份证号', 'idNumber'],
    ['证件类型', null],
    ['配偶身份证号码', 'spouseIdNumber'],
    ['配偶证件号', 'spouseIdNumber'],
    // others
    ['姓 名', 'name'],
    ['流动人口姓名', 'name'],
    ['配偶名字', 'spouseName'],
    ['出生年月日', 'birthDate'],
    ['出生日期', 'birthDate'],
    ['婚姻状况*', 'maritalStatus'],
    ['婚姻情况', 'maritalStatus'],
    ['联系电话（手机）', 'phone'],
    ['本人手机', 'phone'],
    ['工作单位名称', 'employer'],
    ['房东姓名及电话', 'landlord'],
    ['住房性质', 'housingType'],
    ['居住方式', 'housingType'],
    ['子女姓名', 'children'],
    // never columns
    ['填报单位：甬江街道梅堰社区', null],
    ['填报日期', null],
    ['序号', null],
    ['宁波市江北区流动人口婚育信息采集表（2026年第一季度）', null],
    ['', null],
  ];
  it.each(variants)('reads %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });
});

describe('readHeader', () => {
  it('skips a 填报单位 line above the header', () => {
    expect(readHeader(['填报单位：梅堰社区', null, '填报日期：2026-01-05'])).toBeNull();
  });

  it('maps a second place of residence to the address', () => {
    const header = readHeader(['姓名', '现居住地', '暂住地址']);
    expect([...(header?.columns ?? [])]).toEqual([
      [0, 'name'],
      [1, 'residenceDivision'],
      [2, 'residenceAddress'],
    ]);
  });

  it('reads a lone 居住地址 column as the place of residence', () => {
    expect(readHeader(['姓名', '居住地址'])?.columns.get(1)).toBe('residenceDivision');
  });
});

describe('readTwoRowHeader', () => {
  it('reads the names under merged group cells', () => {
    const upper = ['姓名', '公民身份号码', '现居住地', null, '户籍地', '婚姻状况'];
    const lower = [null, null, '区划', '详细地址', null, null];
    const header = readTwoRowHeader(upper, lower);
    expect([...(header?.columns ?? [])]).toEqual([
      [0, 'name'],
      [1, 'idNumber'],
      [2, 'residenceDivision'],
      [3, 'residenceAddress'],
      [4, 'hukouDivision'],
      [5, 'maritalStatus'],
    ]);
  });

  it('reads group titles over the real header', () => {
    const header = readTwoRowHeader(['基本信息', null, null], ['姓名', '证件号', '性别']);
    expect([...(header?.columns.values() ?? [])]).toEqual(['name', 'idNumber', 'sex']);
  });

  it('does not take a data row for a second header row', () => {
    expect(readTwoRowHeader(['姓名', '身份证号'], ['张三', '110101199003074514'])).toBeNull();
  });
});

describe('matchByContent', () => {
  it('recognises unclear columns by their first rows', () => {
    const cells = ['姓名', '婚姻状况', '编号', '地址', '日期', '男女别', '联系'];
    const header = readHeader(cells);
    if (!header) throw new Error('no header');
    matchByContent(header, cells, [
      ['张三', '已婚', '110101199003074514', '江北区甬江街道', '2023.5.6', '男', '13800001111'],
      ['李四', '未婚', '11010119900307451X', '梅堰社区', '20230506', '女', '13900001111'],
    ]);
    expect(Object.fromEntries([...header.columns].map(([i, f]) => [cells[i], f]))).toEqual({
      姓名: 'name',
      婚姻状况: 'maritalStatus',
      编号: 'idNumber',
      地址: 'residenceDivision',
      日期: 'arrivedOn',
      男女别: 'sex',
      联系: 'phone',
    });
    expect(header.labels.get('idNumber')).toBe('编号');
  });

  it('leaves a column alone when its rows disagree', () => {
    const cells = ['姓名', '身份证号', '其他'];
    const header = readHeader(cells);
    if (!header) throw new Error('no header');
    matchByContent(header, cells, [
      ['张三', '110101199003074514', '男'],
      ['李四', '11010119900307451X', '见备注'],
    ]);
    expect(header.columns.has(2)).toBe(false);
  });
});

describe('applyMapping', () => {
  const cells = ['姓名', '身份证号', '暂住处', '备用地址'];

  it('maps a column the header did not name, moves a field and ignores a column', () => {
    const header = readHeader(cells);
    if (!header) throw new Error('no header');
    const missing = applyMapping(
      header,
      cells,
      new Map<string, ImportField | null>([
        ['暂住处', 'residenceDivision'],
        ['备用地址', 'residenceAddress'],
        ['姓名', null],
      ]),
    );
    expect(missing).toEqual([]);
    expect([...header.columns].sort()).toEqual([
      [1, 'idNumber'],
      [2, 'residenceDivision'],
      [3, 'residenceAddress'],
    ]);
    expect(header.labels.has('name')).toBe(false);
  });

  it('returns the headers the file does not have', () => {
    const header = readHeader(cells);
    if (!header) throw new Error('no header');
    expect(applyMapping(header, cells, new Map([['暂住地', 'residenceDivision' as const]]))).toEqual(['暂住地']);
  });
});
