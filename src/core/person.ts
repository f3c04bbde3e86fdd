/** Domain rules about persons that server, UI and CLI share. */

import { isWithin } from './divisions.ts';
import type { LocalizedText } from './errors.ts';
import { ageOn } from './id-number.ts';

export const MARITAL_STATUSES = ['unmarried', 'first_marriage', 'remarried', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

export const MARITAL_LABELS: Record<MaritalStatus, LocalizedText> = {
  unmarried: { zh: '未婚', en: 'Unmarried' },
  first_marriage: { zh: '初婚', en: 'First marriage' },
  remarried: { zh: '再婚', en: 'Remarried' },
  divorced: { zh: '离婚', en: 'Divorced' },
  widowed: { zh: '丧偶', en: 'Widowed' },
};

export const HOUSING_TYPES = ['rented', 'employer_dorm', 'own', 'relative', 'other'] as const;
export type HousingType = (typeof HOUSING_TYPES)[number];

export function isMarried(status: MaritalStatus): boolean {
  return status === 'first_marriage' || status === 'remarried';
}

export type FlowDirection = 'inflow' | 'outflow' | 'local';

/**
 * Flow is relative to a jurisdiction: a person registered (户籍) elsewhere but living here is inflow,
 * registered here but living elsewhere is outflow. Both inside → local (moved within the jurisdiction).
 */
export function flowDirection(hukou: string, residence: string, jurisdiction: string): FlowDirection {
  const hukouIn = isWithin(hukou, jurisdiction);
  const residenceIn = isWithin(residence, jurisdiction);
  if (residenceIn && !hukouIn) return 'inflow';
  if (hukouIn && !residenceIn) return 'outflow';
  return 'local';
}

/** A person belongs to a jurisdiction when registered (户籍) or living there; the API and the importer both ask this. */
export function inJurisdiction(hukou: string, residence: string, jurisdiction: string): boolean {
  return isWithin(hukou, jurisdiction) || isWithin(residence, jurisdiction);
}

export const OUTSIDE_JURISDICTION: LocalizedText = {
  zh: '户籍地或现居住地须在您的辖区内',
  en: 'household registration or residence must be inside your jurisdiction',
};

export interface ChildbearingAgeRule {
  minAge: number;
  maxAge: number;
}

/** 育龄: women aged 15–49 by default (configurable), and the spouses of married women in that range. */
export const DEFAULT_CHILDBEARING_AGE: ChildbearingAgeRule = { minAge: 15, maxAge: 49 };

export function isChildbearingAge(
  person: { sex: 'M' | 'F'; birthDate: string; maritalStatus: MaritalStatus; spouseBirthDate?: string | null },
  on: string,
  rule: ChildbearingAgeRule = DEFAULT_CHILDBEARING_AGE,
): boolean {
  const inRange = (birth: string) => {
    const age = ageOn(birth, on);
    return age >= rule.minAge && age <= rule.maxAge;
  };
  if (person.sex === 'F') return inRange(person.birthDate);
  return isMarried(person.maritalStatus) && !!person.spouseBirthDate && inRange(person.spouseBirthDate);
}

export const AGE_BANDS = ['0-14', '15-19', '20-29', '30-39', '40-49', '50-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Birth-date bounds (inclusive) of an age band on a given day, for index-friendly SQL. */
export function ageBandBirthRange(band: AgeBand, on: string): { from: string | null; to: string | null } {
  const [minAge, maxAge] = band === '60+' ? [60, null] : (band.split('-').map(Number) as [number, number]);
  const shift = (years: number, extraDay: number) => {
    const [y, m, d] = on.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y - years, m - 1, d + extraDay));
    return date.toISOString().slice(0, 10);
  };
  return {
    // Oldest allowed: born the day after (maxAge+1) years ago.
    from: maxAge === null ? null : shift(maxAge + 1, 1),
    to: shift(minAge, 0),
  };
}

/** Field labels, so every error names the field the way the form does. */
export const FIELD_LABELS: Record<string, LocalizedText> = {
  idNumber: { zh: '身份证号', en: 'ID number' },
  name: { zh: '姓名', en: 'Name' },
  hukouDivision: { zh: '户籍地', en: 'Household registration' },
  residenceDivision: { zh: '现居住地', en: 'Residence' },
  residenceAddress: { zh: '现居住地址', en: 'Address' },
  arrivedOn: { zh: '来本地时间', en: 'Arrival date' },
  departedOn: { zh: '离开时间', en: 'Departure date' },
  maritalStatus: { zh: '婚姻状况', en: 'Marital status' },
  spouseName: { zh: '配偶姓名', en: 'Spouse name' },
  spouseIdNumber: { zh: '配偶身份证号', en: 'Spouse ID number' },
  spouseId: { zh: '配偶', en: 'Spouse' },
  children: { zh: '子女', en: 'Children' },
  'children.name': { zh: '子女姓名', en: 'Child name' },
  'children.sex': { zh: '子女性别', en: 'Child sex' },
  'children.birthDate': { zh: '子女出生日期', en: 'Child birth date' },
  phone: { zh: '联系电话', en: 'Phone' },
  employer: { zh: '工作单位', en: 'Employer' },
  landlord: { zh: '房东', en: 'Landlord' },
  housingType: { zh: '住房情况', en: 'Housing' },
  version: { zh: '版本号', en: 'Version' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  q: { zh: '搜索词', en: 'Search text' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  flow: { zh: '流动方向', en: 'Flow direction' },
  sex: { zh: '性别', en: 'Sex' },
  ageBand: { zh: '年龄段', en: 'Age band' },
  division: { zh: '行政区划', en: 'Division' },
  code: { zh: '区划代码', en: 'Division code' },
  id: { zh: '编号', en: 'ID' },
  limit: { zh: '条数上限', en: 'Limit' },
  reveal: { zh: '显示字段', en: 'Reveal' },
  reason: { zh: '理由', en: 'Reason' },
  // Certificates, verification and work lists (issue 3).
  personId: { zh: '人员', en: 'Person' },
  kind: { zh: '证明类型', en: 'Certificate type' },
  validMonths: { zh: '有效期（月）', en: 'Validity (months)' },
  number: { zh: '证明编号', en: 'Certificate number' },
  payload: { zh: '二维码内容', en: 'QR content' },
  status: { zh: '状态', en: 'Status' },
  method: { zh: '核验方式', en: 'Check method' },
  place: { zh: '地点', en: 'Place' },
  notes: { zh: '备注', en: 'Notes' },
  ids: { zh: '证明', en: 'Certificates' },
  referredTo: { zh: '移送单位', en: 'Referred to' },
  // Services, supply and birth registration (issue 4).
  serviceKind: { zh: '服务类型', en: 'Service type' },
  serviceDate: { zh: '服务日期', en: 'Service date' },
  facilityId: { zh: '服务机构', en: 'Facility' },
  outreachEvent: { zh: '外展服务活动', en: 'Outreach event' },
  providerName: { zh: '服务人员', en: 'Provider' },
  outcome: { zh: '服务结果', en: 'Outcome' },
  contraceptiveInUse: { zh: '是否在用避孕措施', en: 'Using contraception' },
  nextDueOn: { zh: '下次服务日期', en: 'Next due date' },
  consent: { zh: '知情同意', en: 'Consent' },
  followUpOf: { zh: '随访的服务记录', en: 'Follow-up of' },
  note: { zh: '说明', en: 'Note' },
  pointKind: { zh: '发放点类型', en: 'Point type' },
  location: { zh: '位置', en: 'Location' },
  keeper: { zh: '管理人', en: 'Keeper' },
  restockThreshold: { zh: '补货提醒线', en: 'Restock threshold' },
  movementKind: { zh: '出入库类型', en: 'Movement type' },
  item: { zh: '药具品种', en: 'Item' },
  quantity: { zh: '数量', en: 'Quantity' },
  direction: { zh: '调整方向', en: 'Direction' },
  recipients: { zh: '领取人数', en: 'Recipients' },
  toPointId: { zh: '调入发放点', en: 'Destination point' },
  spousePersonId: { zh: '配偶', en: 'Spouse' },
  placeBasis: { zh: '登记地', en: 'Place of registration' },
  channel: { zh: '办理渠道', en: 'Channel' },
  childOrder: { zh: '孩次', en: 'Child order' },
  childBornOn: { zh: '子女出生日期', en: 'Child birth date' },
  childName: { zh: '子女姓名', en: 'Child name' },
  childSex: { zh: '子女性别', en: 'Child sex' },
  expectedOn: { zh: '预产期', en: 'Expected date' },
  pledge: { zh: '承诺', en: 'Pledge' },
  action: { zh: '审核操作', en: 'Review action' },
  message: { zh: '说明', en: 'Message' },
  documentKind: { zh: '材料类型', en: 'Document type' },
  file: { zh: '上传文件', en: 'Upload' },
  registration: { zh: '生育登记', en: 'Birth registration' },
};

export function fieldLabel(path: string): LocalizedText {
  const generic = path.replace(/\.\d+/g, '');
  return FIELD_LABELS[generic] ?? FIELD_LABELS[path.split('.')[0] ?? ''] ?? { zh: path, en: path };
}
