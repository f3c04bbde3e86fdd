import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-labels.ts';

describe('field labels', () => {
  it('names a field the same way whatever modules happen to be loaded', () => {
    expect(fieldLabel('channel').zh).toBe('办理渠道');
    expect(fieldLabel('code').zh).toBe('区划代码');
  });

  it("prefers the route's own label where one name means different things", () => {
    expect(fieldLabel('channel', '/api/complaints').zh).toBe('来源');
    expect(fieldLabel('channel', '/api/birth-registrations').zh).toBe('办理渠道');
    expect(fieldLabel('code', '/api/portal/auth/verify').zh).toBe('验证码');
    expect(fieldLabel('divisionCode', '/api/households/:id').zh).toBe('所属村（居）');
    expect(fieldLabel('kind', '/api/employers/:id/agreements').zh).toBe('协议类型');
    expect(fieldLabel('kind', '/api/employers').zh).toBe('类别');
  });

  it('ignores array indexes and falls back to the top-level field', () => {
    expect(fieldLabel('children.2.birthDate').zh).toBe('子女出生日期');
    expect(fieldLabel('members.0.personId', '/api/households').zh).toBe('家庭成员');
    expect(fieldLabel('nonexistent.path').zh).toBe('nonexistent.path');
  });
});
