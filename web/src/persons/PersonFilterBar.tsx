/** Person list filters; their state lives in the URL so back/forward and links keep it. */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Col, Input, Row, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { oneOf } from '../api/narrow';
import DivisionPicker from '../components/DivisionPicker';
import { useDebounced } from '../hooks';
import { AGE_BANDS, type Flow, MARITAL_STATUSES, type Sex } from '../types';
import type { PersonFilters } from './queries';

const FLOWS: Flow[] = ['inflow', 'outflow', 'local'];
const PAGE_SIZES = [10, 20, 50, 100];

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function filtersFromParams(params: URLSearchParams): PersonFilters {
  const pageSize = positiveInt(params.get('pageSize'), 20);
  return {
    q: params.get('q') ?? undefined,
    flow: oneOf(params.get('flow'), FLOWS),
    sex: oneOf<Sex>(params.get('sex'), ['M', 'F']),
    ageBand: oneOf(params.get('ageBand'), AGE_BANDS),
    maritalStatus: oneOf(params.get('maritalStatus'), MARITAL_STATUSES),
    division: params.get('division') ?? undefined,
    page: positiveInt(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

export function paramsFromFilters(filters: PersonFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === 20) continue;
    params.set(key, String(value));
  }
  return params;
}

interface Props {
  value: PersonFilters;
  onChange: (next: PersonFilters) => void;
}

export default function PersonFilterBar({ value, onChange }: Props) {
  const { t } = useTranslation(['persons', 'common']);
  const [text, setText] = useState(value.q ?? '');
  const debounced = useDebounced(text.trim(), 350);

  // What the box last sent to the URL (by the pause or by Enter), so neither path undoes the other.
  const pushed = useRef(value.q ?? '');
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };

  // Typing narrows the list after a short pause; the page goes back to 1. This runs only when the paused text
  // changes: a pause that ends after Enter already sent the same text finds nothing to do, and the filters
  // changing meanwhile never replay an older text.
  useEffect(() => {
    if (debounced === pushed.current) return;
    pushed.current = debounced;
    const { value: current, onChange: change } = latest.current;
    if ((current.q ?? '') !== debounced) change({ ...current, q: debounced || undefined, page: 1 });
  }, [debounced]);

  // Links like "查看名单", back/forward and the reset button change the URL; keep the box in step.
  useEffect(() => {
    const q = value.q ?? '';
    if (q === pushed.current) return;
    pushed.current = q;
    setText(q);
  }, [value.q]);

  const set = (patch: Partial<PersonFilters>) => onChange({ ...value, ...patch, page: 1 });
  const hasFilters = !!(value.q || value.flow || value.sex || value.ageBand || value.maritalStatus || value.division);

  return (
    <Row gutter={[12, 12]} align="middle">
      <Col xs={24} md={12} xl={5}>
        <Input
          id="filter-q"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('filters.qPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onPressEnter={() => {
            pushed.current = text.trim();
            set({ q: text.trim() || undefined });
          }}
          aria-label={t('filters.q')}
        />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Select<Flow>
          id="filter-flow"
          allowClear
          className="full-width"
          placeholder={t('fields.flow')}
          aria-label={t('fields.flow')}
          value={value.flow}
          onChange={(flow) => set({ flow })}
          options={FLOWS.map((flow) => ({ value: flow, label: t(`flow.${flow}`) }))}
        />
      </Col>
      <Col xs={12} md={6} xl={2}>
        <Select<Sex>
          id="filter-sex"
          allowClear
          className="full-width"
          placeholder={t('fields.sex')}
          aria-label={t('fields.sex')}
          value={value.sex}
          onChange={(sex) => set({ sex })}
          options={(['M', 'F'] as const).map((sex) => ({ value: sex, label: t(`sex.${sex}`) }))}
        />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Select<string>
          id="filter-age"
          allowClear
          className="full-width"
          placeholder={t('filters.ageBand')}
          aria-label={t('filters.ageBand')}
          value={value.ageBand}
          onChange={(ageBand) => set({ ageBand: oneOf(ageBand, AGE_BANDS) })}
          options={AGE_BANDS.map((band) => ({ value: band, label: t('filters.ageBandLabel', { band }) }))}
        />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <Select<string>
          id="filter-marital"
          allowClear
          className="full-width"
          placeholder={t('fields.maritalStatus')}
          aria-label={t('fields.maritalStatus')}
          value={value.maritalStatus}
          onChange={(maritalStatus) => set({ maritalStatus: oneOf(maritalStatus, MARITAL_STATUSES) })}
          options={MARITAL_STATUSES.map((status) => ({ value: status, label: t(`marital.${status}`) }))}
        />
      </Col>
      <Col xs={24} md={18} xl={7}>
        <DivisionPicker
          id="filter-division"
          value={value.division}
          onChange={(division) => set({ division })}
          placeholder={t('filters.division')}
          ariaLabel={t('filters.division')}
        />
      </Col>
      <Col xs={24} md={6} xl={1} className="filter-reset">
        <Button
          icon={<ReloadOutlined />}
          disabled={!hasFilters}
          onClick={() => {
            setText('');
            onChange({ page: 1, pageSize: value.pageSize });
          }}
          title={t('filters.reset')}
          aria-label={t('filters.reset')}
          data-testid="filters-reset"
        />
      </Col>
    </Row>
  );
}
