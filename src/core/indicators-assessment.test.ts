import { describe, expect, it } from 'vitest';
import { assessmentTotal, rankAssessment } from './indicators-assessment.ts';

const staff = (name: string, discipline: number, work: number) => ({ staffName: name, discipline, work });

describe('staff assessment (report 4)', () => {
  it('weights discipline 40% and work 60%', () => {
    expect(assessmentTotal(100, 50)).toBe(70);
    expect(assessmentTotal(90, 80)).toBe(84);
  });

  it('raises the first two by 20% and 10% and lowers the last two by 20% and 10%', () => {
    const result = rankAssessment([
      staff('甲', 90, 90),
      staff('乙', 80, 80),
      staff('丙', 70, 70),
      staff('丁', 60, 60),
      staff('戊', 50, 50),
    ]);
    expect(result.map((r) => [r.staffName, r.rank, r.bonusAdjustment])).toEqual([
      ['甲', 1, 20],
      ['乙', 2, 10],
      ['丙', 3, 0],
      ['丁', 4, -10],
      ['戊', 5, -20],
    ]);
  });

  it('ranks by the weighted total, not by either score alone', () => {
    const result = rankAssessment([staff('纪律好', 100, 60), staff('业务好', 60, 100)]);
    expect(result[0]?.staffName).toBe('业务好');
  });

  it('gives tied staff the same rank and the same adjustment', () => {
    const result = rankAssessment([staff('甲', 90, 90), staff('乙', 90, 90), staff('丙', 70, 70), staff('丁', 60, 60)]);
    expect(result.map((r) => [r.rank, r.bonusAdjustment])).toEqual([
      [1, 20],
      [1, 20],
      [3, -10],
      [4, -20],
    ]);
  });

  it('flags last place only when it is the second year running', () => {
    const entries = [staff('甲', 90, 90), staff('乙', 80, 80), staff('丙', 50, 50)];
    expect(rankAssessment(entries, new Set(['丙'])).find((r) => r.staffName === '丙')?.flagged).toBe(true);
    expect(rankAssessment(entries, new Set(['乙'])).some((r) => r.flagged)).toBe(false);
  });

  it('adjusts nobody when there is only one person or everyone ties', () => {
    expect(rankAssessment([staff('甲', 80, 80)])[0]?.bonusAdjustment).toBe(0);
    expect(rankAssessment([staff('甲', 80, 80), staff('乙', 80, 80)]).map((r) => r.bonusAdjustment)).toEqual([0, 0]);
  });
});
