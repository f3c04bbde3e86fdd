/** Households of the village: list, register a household with its members, record an absence. */
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { useDebounced } from '../hooks';
import { fetchPersons } from '../persons/queries';
import FormModal, { useCommunitySave } from './FormModal';
import { createHousehold, fetchHouseholds, fetchRepresentatives, type Household } from './queries';

export function useHouseholds(params: Record<string, string | undefined>) {
  return useQuery({
    queryKey: ['community', 'households', params],
    queryFn: () => fetchHouseholds({ pageSize: 200, ...params }),
  });
}

/** Remote person search inside one village, for picking household members. */
export function PersonSearch(props: {
  division?: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
  multiple?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation('community');
  const [term, setTerm] = useState('');
  const q = useDebounced(term.trim(), 250);
  const found = useQuery({
    queryKey: ['community', 'person-search', props.division, q],
    queryFn: () => fetchPersons({ q, division: props.division, pageSize: 20, page: 1 }),
    enabled: q.length > 0,
  });
  return (
    <Select
      mode={props.multiple === false ? undefined : 'multiple'}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={t('searchPerson')}
      value={props.multiple === false ? props.value?.[0] : props.value}
      onChange={(v: string | string[]) => props.onChange?.(Array.isArray(v) ? v : v ? [v] : [])}
      options={(found.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.idNumberMasked}` }))}
      loading={found.isFetching}
      allowClear
      data-testid={props.testId ?? 'person-search'}
      style={{ width: '100%' }}
    />
  );
}

function NewHouseholdModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('community');
  const user = useUser();
  const [form] = Form.useForm();
  const village = user.division.level === 5 ? user.division.code : undefined;
  const division = Form.useWatch('divisionCode', form) ?? village;
  const reps = useQuery({
    queryKey: ['community', 'representatives', division],
    queryFn: () => fetchRepresentatives({ division }),
    enabled: Boolean(division),
  });
  const save = useCommunitySave(
    (v: { divisionCode: string; address: string; members?: string[]; representativeId?: string }) =>
      createHousehold({
        divisionCode: v.divisionCode,
        address: v.address,
        representativeId: v.representativeId ?? null,
        members: (v.members ?? []).map((personId, i) => ({ personId, relation: i === 0 ? 'head' : 'relative' })),
      }),
    onClose,
    form,
  );
  return (
    <FormModal title={t('newHousehold')} open={open} onClose={onClose} form={form} save={save} saveId="household-save">
      <Form form={form} layout="vertical" initialValues={{ divisionCode: village }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="divisionCode" label={t('village')} rules={[{ required: true, message: t('required') }]}>
          <DivisionPicker disabled={Boolean(village)} />
        </Form.Item>
        <Form.Item name="address" label={t('address')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={200} data-testid="household-address" />
        </Form.Item>
        <Form.Item name="members" label={t('members')} extra={t('headIsFirst')}>
          <PersonSearch division={division} testId="household-members" />
        </Form.Item>
        <Form.Item name="representativeId" label={t('representative')}>
          <Select allowClear options={(reps.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export default function HouseholdsTab() {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const households = useHouseholds({ q: useDebounced(q.trim(), 300) || undefined });
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-household">
          {t('newHousehold')}
        </Button>
        <Input.Search
          allowClear
          placeholder={`${t('address')} / ${t('person')}`}
          onChange={(e) => setQ(e.target.value)}
        />
      </Space>
      <Table<Household>
        rowKey="id"
        size="small"
        loading={households.isPending}
        dataSource={households.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('address'), dataIndex: 'address' },
          {
            title: t('members'),
            render: (_: unknown, h: Household) =>
              h.members.map((m) => (
                <Tag key={m.personId}>
                  {m.name}（{t(`labels.relation.${m.relation}`, { defaultValue: m.relation })}）
                </Tag>
              )),
          },
          {
            title: t('groupTitle'),
            render: (_: unknown, h: Household) => (h.groupId ? `#${h.position}` : <Tag>{t('none')}</Tag>),
          },
        ]}
        data-testid="households-table"
      />
      <NewHouseholdModal open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
