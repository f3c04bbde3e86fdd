import { describe, expect, it } from 'vitest';
import {
  ageBandOfBirthYear,
  birthYearRange,
  daysInMonths,
  formatRate,
  INDICATOR_BY_CODE,
  INDICATORS,
  indicatorValue,
  lastTwelveMonths,
  monthsEndingWith,
  parsePeriod,
  periodEndMonth,
  rateSuppressed,
  suppressCount,
} from './indicators.ts';
import { basicSituation, type SummaryFigures } from './indicators-summary.ts';

const rule = { minAge: 15, maxAge: 49 };

describe('indicator registry', () => {
  it('gives every indicator a unique code, both names and a definition', () => {
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(i.name.zh && i.name.en && i.definition.zh && i.definition.en, i.code).toBeTruthy();
      if (i.factor !== 1) expect(i.denominator, i.code).toBeDefined();
    }
  });

  it('covers the document’s indicators, every one answered from the rollups', () => {
    for (const code of [
      'certificate_rate',
      'verification_rate',
      'checkup_coverage',
      'contraceptive_prevalence',
      'birth_registrations',
      'complaints_resolved_in_time',
      'outreach_materials',
      'exchange_sent',
      'exchange_received',
      'exchange_feedback_on_time',
      'exchange_pairing_rate',
      'stock_level',
      'stock_days_of_supply',
    ]) {
      expect(INDICATOR_BY_CODE.get(code)?.source).toBe('rollup');
    }
    expect(INDICATORS.filter((i) => i.source === 'pending')).toEqual([]);
  });

  it('gives days of supply a per-day denominator over the trailing months, and no percentage', () => {
    const days = INDICATOR_BY_CODE.get('stock_days_of_supply');
    expect(days?.factor).toBe(1);
    expect(days?.denominatorPerDayOver).toBe(3);
    expect(days?.balance).toBe(true);
  });

  it('computes report 3’s rates: 1,488 of 1,500 is 99.2% and 1,430 of 1,500 is 95.33%', () => {
    const cert = INDICATOR_BY_CODE.get('certificate_rate');
    const contra = INDICATOR_BY_CODE.get('contraceptive_prevalence');
    if (!cert || !contra) throw new Error('missing');
    expect(formatRate(indicatorValue(cert, 1488, 1500))).toBe('99.2%');
    expect(formatRate(indicatorValue(contra, 1430, 1500))).toBe('95.33%');
    expect(indicatorValue(cert, 0, 0)).toBeNull();
  });
});

describe('ages from birth years', () => {
  it('counts women aged 15–49 in the reference year as of childbearing age', () => {
    expect(birthYearRange('childbearing', 2026, rule)).toEqual({ from: 1977, to: 2011 });
  });
  it('maps a birth year to its age band', () => {
    expect(ageBandOfBirthYear(2000, 2026)).toBe('20-29');
    expect(ageBandOfBirthYear(1960, 2026)).toBe('60+');
    expect(ageBandOfBirthYear(2015, 2026)).toBe('0-14');
  });
});

describe('small-cell suppression', () => {
  it('withholds counts from 1 to min−1 and keeps zero', () => {
    expect(suppressCount(3, 5)).toBeNull();
    expect(suppressCount(0, 5)).toBe(0);
    expect(suppressCount(5, 5)).toBe(5);
  });
  it('withholds a rate whose complement is small', () => {
    expect(rateSuppressed(1488, 1500, 5)).toBe(false);
    expect(rateSuppressed(1497, 1500, 5)).toBe(true);
    expect(rateSuppressed(100, 100, 5)).toBe(false);
  });
});

describe('periods', () => {
  it('parses a year or a month and refuses anything else', () => {
    expect(parsePeriod('2026', '2026-11-29')).toEqual({ kind: 'year', year: 2026 });
    expect(parsePeriod('2026-02', '2026-11-29')).toEqual({ kind: 'month', month: '2026-02' });
    expect(parsePeriod('2026-13', '2026-11-29')).toBeNull();
    expect(parsePeriod(undefined, '2026-11-29')).toEqual({ kind: 'year', year: 2026 });
  });
  it('lists the last twelve months across a year boundary', () => {
    const months = lastTwelveMonths('2026-02');
    expect(months[0]).toBe('2025-03');
    expect(months[11]).toBe('2026-02');
  });
});

describe('annual summary text', () => {
  const figures: SummaryFigures = {
    unitName: '某镇',
    year: 2026,
    asOf: '2026-10-31',
    inflow: { total: 1700, male: 900, female: 800 },
    outflow: { total: 1500, male: 0, female: 1500 },
    outflowMarriedWomen: 1500,
    certificateHolders: 1488,
    certificateRate: 99.2,
    contraceptionUsers: 1430,
    contraceptionRate: 95.33,
    inflowMarriedWomen: 0,
    verified: 0,
    verificationRate: null,
    checkedUp: 0,
    checkupCoverage: null,
    certificatesIssued: 1488,
    certificateChecks: 0,
    servicesByKind: [{ name: '避孕咨询', count: 1500 }],
    exchange: null,
  };
  it('writes report 3’s sentences from the figures', () => {
    const text = basicSituation(figures).join('\n');
    expect(text).toContain('共有流动人口3200人');
    expect(text).toContain('发放婚育证明1488本，发证率达99.2%');
    expect(text).toContain('实施避孕节育1430人，占流出已婚育龄妇女的95.33%');
  });
  it('asks staff to fill in what has no data source yet', () => {
    expect(basicSituation(figures).join('')).toContain('请手工补充');
  });
  it('writes the outreach events and the materials handed out (发放宣传资料 N 份)', () => {
    const text = basicSituation({ ...figures, outreach: { events: 12, materials: 3400, attendance: 860 } }).join('');
    expect(text).toContain('全年开展宣传服务活动12场次，发放宣传资料3400份，参与群众860人次。');
  });
  it('writes the exchange figures instead of the fill-in prompt once they are measured', () => {
    const exchange = { sent: 40, received: 35, feedbackRate: 97.14, pairingRate: 90 };
    const text = basicSituation({ ...figures, exchange }).join('');
    expect(text).toContain('发出协查通报40条，收到35条，按时反馈率97.14%，流入通报配对率90%。');
    expect(text).not.toContain('请手工补充');
  });
});

describe('month arithmetic for trailing windows', () => {
  it('lists the months ending with a month, across a year boundary', () => {
    expect(monthsEndingWith('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('ends a period still running with the current month', () => {
    expect(periodEndMonth({ kind: 'year', year: 2026 }, '2026-11-29')).toBe('2026-11');
    expect(periodEndMonth({ kind: 'year', year: 2025 }, '2026-11-29')).toBe('2025-12');
    expect(periodEndMonth({ kind: 'month', month: '2026-03' }, '2026-11-29')).toBe('2026-03');
  });

  it('counts whole past months and the current month up to today', () => {
    expect(daysInMonths(['2026-09', '2026-10', '2026-11'], '2026-11-29')).toBe(30 + 31 + 29);
    expect(daysInMonths(['2024-02'], '2026-11-29')).toBe(29);
    expect(daysInMonths(['2026-12'], '2026-11-29')).toBe(0);
  });
});
