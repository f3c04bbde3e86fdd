import { describe, expect, it } from 'vitest';
import {
  assembledTotal,
  canonicalJson,
  contentHash,
  type FrozenReport,
  type SubmissionMessage,
  submissionOf,
} from './stats-submission.ts';

const report: FrozenReport = {
  division: { code: '330205000000', name: '江北区', fullName: '浙江省宁波市江北区' },
  period: '2026-11',
  title: '月报表',
  unit: '浙江省宁波市江北区',
  stamp: { asOf: '2026-11-30', closed: true, label: '截至2026-11-30', history: null },
  columns: [
    { group: '流入人口', label: '合计', indicator: 'inflow_total', part: 'value' },
    { group: '流出已婚育龄妇女', label: '人数', indicator: 'certificate_rate', part: 'denominator' },
    { group: '流出已婚育龄妇女', label: '持证', indicator: 'certificate_rate', part: 'numerator' },
    { group: '流出已婚育龄妇女', label: '办证率', indicator: 'certificate_rate', part: 'value' },
    { group: '避孕药具', label: '可供天数', indicator: 'stock_days_of_supply', part: 'value' },
  ],
  rows: [{ code: '330205000000', name: '合计', kind: 'total', cells: [10, 4, 3, '75%', 12.5] }],
  suppressed: false,
  minCell: 5,
};

const message = (r: FrozenReport = report): SubmissionMessage => ({
  id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  division: '330205000000',
  parent: '330200000000',
  periodKind: 'month',
  period: '2026-11',
  version: 1,
  reason: null,
  submitter: '江北区卫健局管理员',
  submittedAt: '2026-12-01T02:00:00.000Z',
  contentHash: contentHash(r),
  report: r,
});
const malformed = (d: string) => new Error(d);

describe('a submission message', () => {
  it('hashes the same content to the same digest whatever the key order (jsonb reorders keys)', () => {
    const reordered = JSON.parse(canonicalJson(report)) as FrozenReport;
    expect(contentHash({ ...reordered })).toBe(contentHash(report));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('is read back when well formed, and is not mistaken for a person envelope', () => {
    expect(submissionOf({ v: 1, statsSubmission: message() }, malformed)?.version).toBe(1);
    expect(submissionOf({ v: 1, id: 'x', kind: 'notification' }, malformed)).toBeNull();
  });

  it('refuses a person field smuggled into the message or the table', () => {
    expect(() =>
      submissionOf({ v: 1, statsSubmission: { ...message(), idNumber: '341221199001011231' } }, malformed),
    ).toThrow();
    const rows = [{ ...report.rows[0], name: '合计', idNumber: '341221199001011231' }];
    expect(() =>
      submissionOf({ v: 1, statsSubmission: message({ ...report, rows } as unknown as FrozenReport) }, malformed),
    ).toThrow();
  });

  it('refuses figures that do not match the content hash', () => {
    const m = message();
    const altered = { ...m, report: { ...m.report, rows: [{ ...report.rows[0], cells: [11, 4, 3, '75%', 12.5] }] } };
    expect(() => submissionOf({ v: 1, statsSubmission: altered }, malformed)).toThrow(/hash/);
  });
});

describe('the level above’s total', () => {
  it('sums counts, recomputes a rate from its two parts, and leaves a per-day figure blank', () => {
    const total = assembledTotal(report.columns, [
      { code: '330205000000', name: '江北区', cells: [10, 4, 3, '75%', 12.5] },
      { code: '330203000000', name: '海曙区', cells: [5, 4, 4, '100%', 20] },
      { code: '330206000000', name: '北仑区', cells: null },
    ]);
    expect(total).toEqual([15, 8, 7, '87.5%', null]);
  });
});
