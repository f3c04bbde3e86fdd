import { describe, expect, it } from 'vitest';
import { type ArrivalFacts, arrivalItems, certificateExpiryItem, DEFAULT_DEADLINE_RULES } from './deadlines.ts';

const woman: ArrivalFacts = {
  personId: 'p1',
  hukouDivision: '341221100200',
  residenceDivision: '330205005003',
  arrivedOn: '2026-11-01',
  departedOn: null,
  sex: 'F',
  birthDate: '1994-05-06',
  maritalStatus: 'first_marriage',
  firstCheckOn: null,
};

const kinds = (items: { kind: string; status: string; dueOn: string }[]) =>
  items.map((i) => `${i.kind}:${i.status}:${i.dueOn}`);

describe('arrival deadlines', () => {
  it('give a married woman an arrival check within 15 days and a first check-up within a month', () => {
    expect(kinds(arrivalItems(woman, '2026-11-10'))).toEqual([
      'arrival_check:due:2026-11-16',
      'first_checkup:due:2026-12-01',
    ]);
  });

  it('turn overdue the day after the deadline', () => {
    expect(kinds(arrivalItems(woman, '2026-11-17'))[0]).toBe('arrival_check:overdue:2026-11-16');
  });

  it('are done once a check is recorded, including "holds none"', () => {
    expect(arrivalItems({ ...woman, firstCheckOn: '2026-11-20' }, '2026-11-25')[0]).toMatchObject({
      status: 'done',
      doneOn: '2026-11-20',
    });
  });

  it('offer a check-up every 6 months after the first, listed from 30 days before', () => {
    const items = arrivalItems(woman, '2027-05-10');
    expect(kinds(items)).toContain('periodic_checkup:due:2027-06-01');
  });

  it('do not apply to people who moved within the county or have left', () => {
    expect(arrivalItems({ ...woman, hukouDivision: '330205003001' }, '2026-11-10')).toEqual([]);
    expect(arrivalItems({ ...woman, departedOn: '2026-11-05' }, '2026-11-10')).toEqual([]);
  });

  it('give men and unmarried women only the arrival check', () => {
    expect(kinds(arrivalItems({ ...woman, maritalStatus: 'unmarried' }, '2026-11-10'))).toEqual([
      'arrival_check:due:2026-11-16',
    ]);
  });

  it('follow configured thresholds', () => {
    const rules = { ...DEFAULT_DEADLINE_RULES, arrivalDays: 30 };
    expect(arrivalItems(woman, '2026-11-10', rules)[0]?.dueOn).toBe('2026-12-01');
  });

  it('drop deadlines older than the look-back window', () => {
    expect(arrivalItems({ ...woman, arrivedOn: '2020-01-01' }, '2026-11-10').map((i) => i.kind)).not.toContain(
      'arrival_check',
    );
  });
});

describe('certificate renewal deadlines', () => {
  const cert = { certificateId: 'c1', personId: 'p1', issuerDivision: '330205005000', replacedOn: null };

  it('list a valid certificate expiring within 30 days as due', () => {
    expect(certificateExpiryItem({ ...cert, status: 'valid', expiresOn: '2026-12-20' }, '2026-11-29')?.status).toBe(
      'due',
    );
  });

  it('ignore certificates expiring later', () => {
    expect(certificateExpiryItem({ ...cert, status: 'valid', expiresOn: '2027-02-01' }, '2026-11-29')).toBeNull();
  });

  it('count a renewal in the notice period as done', () => {
    const item = certificateExpiryItem(
      { ...cert, status: 'replaced', expiresOn: '2026-12-20', replacedOn: '2026-12-01' },
      '2026-12-05',
    );
    expect(item).toMatchObject({ status: 'done', doneOn: '2026-12-01' });
  });
});
