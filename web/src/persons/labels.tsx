/** Small display pieces shared by person pages: tags, labels, value formatting. */
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Flow, Sex } from '../types';

const FLOW_COLORS: Record<Flow, string> = { inflow: 'green', outflow: 'orange', local: 'default' };

export function FlowTag({ flow }: { flow: Flow }) {
  const { t } = useTranslation(['persons', 'common']);
  return (
    <Tag color={FLOW_COLORS[flow]} data-testid="flow-tag">
      {t(`flow.${flow}`)}
    </Tag>
  );
}

export function ChildbearingTag({ value }: { value: boolean }) {
  const { t } = useTranslation(['persons', 'common']);
  if (!value) return null;
  return (
    <Tag color="magenta" data-testid="childbearing-tag">
      {t('persons.childbearing')}
    </Tag>
  );
}

export function sexLabel(t: TFunction, sex: Sex | string | null | undefined): string {
  return sex === 'M' || sex === 'F' ? t(`sex.${sex}`) : '';
}

export function dash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

/** Kept for the pages that import it from here: the one formatter is web/src/format.ts. */
export { formatDateTime } from '../format';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders one side of a history change (`from` or `to`) in words, whatever its shape. */
export function formatChangeValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('history.blank');
  if (field === 'maritalStatus' && typeof value === 'string') return t(`marital.${value}`, { defaultValue: value });
  if (field === 'housingType' && typeof value === 'string') return t(`housing.${value}`, { defaultValue: value });
  if (field === 'sex' && typeof value === 'string') return sexLabel(t, value) || value;
  if (field === 'flow' && typeof value === 'string') return t(`flow.${value}`, { defaultValue: value });
  if (typeof value === 'boolean') return value ? t('history.yes') : t('history.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return t('history.none');
    return value.map((item) => formatChangeValue(t, `${field}[]`, item)).join(t('history.separator'));
  }
  if (isRecord(value)) {
    if (typeof value.fullName === 'string') return value.fullName;
    if (typeof value.name === 'string' && typeof value.birthDate === 'string') {
      return t('history.child', {
        name: value.name,
        sex: sexLabel(t, String(value.sex ?? '')),
        birthDate: value.birthDate,
      });
    }
    return JSON.stringify(value);
  }
  return String(value);
}
