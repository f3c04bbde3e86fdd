import { describe, expect, it } from 'vitest';
import { arrivalItems } from './deadlines.ts';
import { formatLegacyNumber } from './record-number.ts';
import { contraceptiveAnswer, nextDueDate, serviceDateProblems } from './services.ts';
import {
  allTransitions,
  BIRTH_ACTIONS,
  BIRTH_STATUSES,
  formatBirthNumber,
  parseBirthNumber,
  safeFileName,
  sniffUploadType,
  transition,
} from './services-birth.ts';
import { movementDelta, needsRestock } from './services-supply.ts';

describe('service dates', () => {
  const base = { birthDate: '1990-01-01', today: '2026-11-29' };
  it('accepts today', () => expect(serviceDateProblems({ ...base, serviceDate: '2026-11-29' })).toEqual([]));
  it('refuses the future', () =>
    expect(serviceDateProblems({ ...base, serviceDate: '2026-11-30' }).map((p) => p.path)).toEqual(['serviceDate']));
  it('refuses a date before birth', () =>
    expect(serviceDateProblems({ ...base, serviceDate: '1989-12-31' }).map((p) => p.path)).toEqual(['serviceDate']));
  it('refuses a next date on or before the service', () =>
    expect(serviceDateProblems({ ...base, serviceDate: '2026-11-01', nextDueOn: '2026-11-01' })[0]?.path).toBe(
      'nextDueOn',
    ));
  it('offers a check-up again after six months by default', () =>
    expect(nextDueDate('reproductive_checkup', '2026-01-31')).toBe('2026-07-31'));
  it('keeps the contraceptive answer only from counselling that took place', () => {
    expect(contraceptiveAnswer('contraceptive_counselling', 'done', true)).toBe(true);
    expect(contraceptiveAnswer('contraceptive_counselling', 'declined', true)).toBeNull();
    expect(contraceptiveAnswer('reproductive_checkup', 'done', true)).toBeNull();
  });
});

describe('birth registration transitions', () => {
  it('covers every state and action pair', () => {
    expect(allTransitions()).toHaveLength(BIRTH_STATUSES.length * BIRTH_ACTIONS.length);
  });
  it('allows exactly five transitions', () => {
    expect(
      allTransitions()
        .filter((t) => t.allowed)
        .map((t) => `${t.from}:${t.action}`)
        .sort(),
    ).toEqual([
      'needs_info:resubmit',
      'needs_info:withdraw',
      'submitted:register',
      'submitted:request_info',
      'submitted:withdraw',
    ]);
  });
  it('ends in registered and withdrawn', () => {
    for (const action of BIRTH_ACTIONS) {
      expect(transition('registered', action, 'x').ok).toBe(false);
      expect(transition('withdrawn', action, 'x').ok).toBe(false);
    }
  });
  it('needs a message to ask for information', () => {
    expect(transition('submitted', 'request_info', ' ')).toMatchObject({ ok: false, path: 'message' });
  });
  it('numbers registrations with county, year, random characters and a check character', () => {
    const n = formatBirthNumber('330205', 2026);
    expect(n).toMatch(/^SY33020526[0-9A-HJKMNP-TV-Z]{9}$/);
    expect(parseBirthNumber(n)).toEqual({ ok: true, number: n });
    expect(parseBirthNumber(`${n.slice(0, -1)}${n.endsWith('1') ? '2' : '1'}`).ok).toBe(false);
    expect(formatBirthNumber('330205', 2026).slice(10, 18)).not.toBe(n.slice(10, 18));
  });
  it('keeps serial registration numbers issued before December 2026 valid', () => {
    const old = formatLegacyNumber('SY', '330205', 2026, 12);
    expect(parseBirthNumber(old)).toEqual({ ok: true, number: old });
  });
});

describe('uploads', () => {
  it('decides the type from the bytes', () => {
    expect(sniffUploadType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffUploadType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffUploadType(Buffer.from('<html>'))).toBeNull();
  });
  it('strips paths and quotes from names', () => {
    expect(safeFileName('../../a"b<c>.exe', 'image/png')).toBe('a_b_c_.png');
  });
});

describe('supply', () => {
  it('gives each movement its direction', () => {
    expect(movementDelta('received', 5)).toBe(5);
    expect(movementDelta('dispensed', 5)).toBe(-5);
    expect(movementDelta('adjusted', 5, 'decrease')).toBe(-5);
    expect(needsRestock(10, 10)).toBe(true);
    expect(needsRestock(11, 10)).toBe(false);
  });
});

describe('check-up work items with service records', () => {
  const woman = {
    personId: 'p',
    hukouDivision: '341221000000',
    residenceDivision: '330205005003',
    arrivedOn: '2026-09-01',
    departedOn: null,
    sex: 'F' as const,
    birthDate: '1992-01-01',
    maritalStatus: 'first_marriage' as const,
    firstCheckOn: null,
  };
  it('is done when a check-up (even declined) was recorded after arrival', () => {
    const items = arrivalItems({ ...woman, checkupsOn: ['2026-10-20'] }, '2026-11-29');
    expect(items.find((i) => i.kind === 'first_checkup')).toMatchObject({ status: 'done', doneOn: '2026-10-20' });
  });
  it('ignores a check-up from before the arrival', () => {
    const items = arrivalItems({ ...woman, checkupsOn: ['2026-08-20'] }, '2026-11-29');
    expect(items.find((i) => i.kind === 'first_checkup')?.status).toBe('overdue');
  });
  it('anchors the next periodic check-up on the latest one', () => {
    const items = arrivalItems({ ...woman, arrivedOn: '2025-09-01', checkupsOn: ['2025-09-20'] }, '2026-03-10');
    expect(items.find((i) => i.kind === 'periodic_checkup')).toMatchObject({ dueOn: '2026-03-20', status: 'due' });
  });
});
