import { describe, expect, it } from 'vitest';
import { workParagraphs, yoyText } from './indicators-summary-work.ts';

const ASOF = '截至12月31日';

describe('同比 text', () => {
  it('gives a count’s growth as a percentage of last year’s', () => {
    expect(yoyText({ label: '宣传服务活动', unit: '场次', current: 45, previous: 40 })).toBe('同比增长12.5%');
    expect(yoyText({ label: '宣传服务活动', unit: '场次', current: 30, previous: 40 })).toBe('同比下降25%');
  });

  it('gives a rate’s change in percentage points', () => {
    expect(yoyText({ label: '办证率', current: 99.2, previous: 97.7 })).toBe('同比提高1.5个百分点');
    expect(yoyText({ label: '办证率', current: 90, previous: 95.33 })).toBe('同比下降5.33个百分点');
  });

  it('says 与上年持平 when nothing changed', () => {
    expect(yoyText({ label: '联勤值班', unit: '次', current: 12, previous: 12 })).toBe('与上年持平');
  });

  it('says nothing for a count last year did not have', () => {
    expect(yoyText({ label: '生育服务登记', unit: '例', current: 3, previous: 0 })).toBeNull();
  });
});

describe('the year’s work paragraphs', () => {
  it('leaves out every paragraph whose figures are all zero, rather than claim there was no work', () => {
    const p = workParagraphs(
      {
        births: 0,
        supply: { points: 0, dispensed: [{ name: '避孕套', unit: '只', count: 0 }], daysOfSupply: null },
        complaints: { received: 0, closed: 0, inTime: 0, rate: null },
        groups: { groups: 0, dutyLogs: 0 },
        yoy: [],
      },
      ASOF,
      3,
    );
    expect(p).toEqual({ births: null, supply: null, complaints: null, groups: null, yoy: null });
  });

  it('writes the dispensed items each in its own unit, and the window in words', () => {
    const p = workParagraphs(
      {
        supply: {
          points: 40,
          dispensed: [
            { name: '避孕套', unit: '只', count: 1200 },
            { name: '女用避孕套', unit: '只', count: 0 },
            { name: '口服避孕药', unit: '板', count: 300 },
          ],
          daysOfSupply: 45.5,
        },
      },
      ASOF,
      3,
    );
    expect(p.supply).toBe(
      '截至12月31日，辖区共设避孕药具发放点40个；全年免费发放避孕药具：避孕套1200只、口服避孕药300板；' +
        '按近三个月日均发放量计算，期末库存可供45.5天。',
    );
  });

  it('lists only the 同比 items last year gives a base for', () => {
    const p = workParagraphs(
      {
        yoy: [
          { label: '流入人口', unit: '人', current: 3300, previous: 3000 },
          { label: '生育服务登记', unit: '例', current: 2, previous: 0 },
          { label: '验证率', current: 95, previous: 94 },
        ],
      },
      ASOF,
      3,
    );
    expect(p.yoy).toBe('与上年相比：流入人口3300人，同比增长10%；验证率95%，同比提高1个百分点。');
  });
});
