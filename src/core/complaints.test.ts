import { describe, expect, it } from 'vitest';
import { addWorkingDays, complaintTiming, responseDueOn, statutoryDeadline } from './complaints.ts';

describe('complaint deadlines', () => {
  it('skips the National Day holiday and counts the make-up Saturday (2026)', () => {
    // 1–7 Oct 2026 are holidays; Sat 10 Oct is a working day (调休).
    expect(addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
  });

  it('skips an ordinary weekend', () => {
    expect(responseDueOn('2026-11-27', 5)).toBe('2026-12-04');
  });

  it('uses the configured number of working days', () => {
    expect(responseDueOn('2026-11-30', 1)).toBe('2026-12-01');
    expect(responseDueOn('2026-11-30', 10)).toBe('2026-12-14');
  });

  it('gives 60 days for administrative review and 6 months for litigation', () => {
    expect(statutoryDeadline('administrative_review', '2026-11-01')).toBe('2026-12-31');
    expect(statutoryDeadline('litigation', '2026-08-31')).toBe('2027-02-28');
  });

  it('is overdue only after the deadline day, and in time when answered on it', () => {
    expect(complaintTiming({ dueOn: '2026-12-04', repliedOn: null }, '2026-12-04')).toBe('due');
    expect(complaintTiming({ dueOn: '2026-12-04', repliedOn: null }, '2026-12-05')).toBe('overdue');
    expect(complaintTiming({ dueOn: '2026-12-04', repliedOn: '2026-12-04' }, '2026-12-09')).toBe('on_time');
    expect(complaintTiming({ dueOn: '2026-12-04', repliedOn: '2026-12-07' }, '2026-12-09')).toBe('late');
  });
});
