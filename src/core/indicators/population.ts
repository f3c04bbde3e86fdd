/** Population by flow view (流入 / 流出): totals, by sex, people of childbearing age, married women, arrivals. */
import { CB, FLOWS, type IndicatorDef, indicator } from './types.ts';

const SEXES = [
  { sex: 'M', code: 'male', zh: '男', en: 'men' },
  { sex: 'F', code: 'female', zh: '女', en: 'women' },
] as const;

const WHO = {
  inflow: {
    zh: '现居住地在本辖区、户籍地不在本辖区、未登记离开的人数',
    en: 'People living here, registered (户籍) elsewhere, not departed',
  },
  outflow: {
    zh: '户籍地在本辖区、现居住地不在本辖区、未登记离开的人数',
    en: 'People registered here, living elsewhere, not departed',
  },
};

const CHILDBEARING = {
  inflow: {
    zh: '流入人口中育龄妇女及已婚育龄妇女的丈夫（年龄按统计年度减出生年份）',
    en: 'Inflow women of childbearing age and husbands of married ones (age = reference year − birth year)',
  },
  outflow: {
    zh: '流出人口中育龄妇女及已婚育龄妇女的丈夫',
    en: 'Outflow women of childbearing age and husbands of married ones',
  },
};

function flowPopulation(f: (typeof FLOWS)[number]): IndicatorDef[] {
  return [
    indicator({
      code: `${f.code}_total`,
      name: [`${f.zh}人口`, `${f.en} population`],
      group: 'population',
      view: f.view,
      numerator: { measure: `pop.${f.suffix}` },
      definition: [WHO[f.view].zh, WHO[f.view].en],
      breakdowns: ['sex', 'ageBand'],
    }),
    ...SEXES.map((s) =>
      indicator({
        code: `${f.code}_${s.code}`,
        name: [`${f.zh}人口（${s.zh}）`, `${f.en}, ${s.en}`],
        group: 'population',
        view: f.view,
        numerator: { measure: `pop.${f.suffix}`, sex: s.sex },
        definition: [`${f.zh}人口中${s.zh}性人数`, `${f.en} ${s.en}`],
      }),
    ),
  ];
}

function childbearing(f: (typeof FLOWS)[number]): IndicatorDef {
  return indicator({
    code: `${f.code}_childbearing`,
    name: [`${f.zh}育龄人员`, `${f.en} people of childbearing age`],
    group: 'population',
    view: f.view,
    numerator: { measure: `cba.${f.suffix}`, ages: CB },
    definition: [CHILDBEARING[f.view].zh, CHILDBEARING[f.view].en],
    breakdowns: ['sex'],
  });
}

function marriedWomen(f: (typeof FLOWS)[number]): IndicatorDef {
  return indicator({
    code: `${f.code}_married_women`,
    name: [`${f.zh}已婚育龄妇女`, `${f.en} married women of childbearing age`],
    group: 'population',
    view: f.view,
    numerator: { measure: `mwcba.${f.suffix}`, ages: CB },
    definition: [
      `${f.zh}人口中初婚或再婚、处于育龄的妇女`,
      `${f.en} women, first marriage or remarried, of childbearing age`,
    ],
  });
}

const [IN, OUT] = FLOWS;

export const POPULATION_INDICATORS: readonly IndicatorDef[] = [
  ...flowPopulation(IN),
  ...flowPopulation(OUT),
  childbearing(IN),
  childbearing(OUT),
  marriedWomen(IN),
  marriedWomen(OUT),
  indicator({
    code: 'arrivals',
    name: ['新来本地人数', 'Arrivals'],
    group: 'population',
    view: 'inflow',
    numerator: { measure: 'arrived.in' },
    period: 'month',
    definition: [
      '来本地时间在统计期内的流入人员（按现居住地）',
      'Inflow people whose arrival date falls in the period (at the residence)',
    ],
    breakdowns: ['sex'],
  }),
];
