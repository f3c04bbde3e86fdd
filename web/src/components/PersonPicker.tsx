/**
 * Choose a person by search (name prefix, pinyin, or 6+ leading digits of the ID number), as the person list
 * does, showing masked ID numbers only: nobody has to know or type a full ID number to start work.
 */
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchPersons } from '../persons/queries';
import type { PersonSummary } from '../types';

export interface PickedPerson {
  id: string;
  name: string;
  idNumberMasked: string;
}

/** Digits only and fewer than 6 cannot match (the server needs an ID prefix of 6+); wait for more. */
function searchable(q: string): boolean {
  const t = q.trim();
  if (!t) return false;
  return !/^\d+$/.test(t) || t.length >= 6;
}

export default function PersonPicker({
  value,
  onChange,
  testId = 'person-picker',
  width = 420,
}: {
  value?: PickedPerson | null;
  onChange: (person: PickedPerson | null) => void;
  testId?: string;
  width?: number;
}) {
  const { t } = useTranslation('persons');
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // Wait for a pause in typing before asking the server (each search is an audited list read).
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: ['person-picker', q],
    enabled: searchable(q),
    queryFn: ({ signal }) => fetchPersons({ q, page: 1, pageSize: 10 }, signal),
    staleTime: 30_000,
  });
  const people: PersonSummary[] = searchable(q) ? (found.data?.items ?? []) : [];
  const options = people.map((p) => ({
    value: p.id,
    label: `${p.name} ${p.idNumberMasked}`,
    name: p.name,
    masked: p.idNumberMasked,
    place: p.residenceDivision.name,
  }));
  if (value && !options.some((o) => o.value === value.id)) {
    const label = `${value.name} ${value.idNumberMasked}`;
    options.unshift({ value: value.id, label, name: value.name, masked: value.idNumberMasked, place: '' });
  }
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      allowClear
      value={value?.id ?? null}
      placeholder={t('work.pickerPlaceholder')}
      style={{ width, maxWidth: '100%' }}
      loading={found.isFetching}
      notFoundContent={typed.trim() && !searchable(typed) ? t('work.pickerTooShort') : q ? t('work.pickerEmpty') : null}
      onChange={(id: string | null) => {
        const p = people.find((x) => x.id === id);
        onChange(p ? { id: p.id, name: p.name, idNumberMasked: p.idNumberMasked } : null);
        setTyped('');
      }}
      options={options}
      optionRender={(option) => (
        <Space size={8} data-testid="person-picker-option">
          <span>{option.data.name}</span>
          <span className="mono">{option.data.masked}</span>
          <Typography.Text type="secondary">{option.data.place}</Typography.Text>
        </Space>
      )}
      data-testid={testId}
    />
  );
}
