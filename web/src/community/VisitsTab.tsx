/** Visits: the list, and a form that shows the services due for the person visited once it is saved. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, List, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Body } from '../api/types';
import { labelOptions } from '../i18n/options';
import { problem, todayIso } from './api';
import { PersonSearch } from './HouseholdsTab';
import { type DueItem, fetchVisits, recordVisit, type Visit } from './queries';

export function DueServices({ items }: { items: DueItem[] }) {
  const { t } = useTranslation('community');
  return (
    <div data-testid="due-services">
      <Typography.Text strong>{t('dueTitle')}</Typography.Text>
      {items.length === 0 ? (
        <div className="muted">{t('dueNone')}</div>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item>
              <span data-testid="due-item">{t(`labels.work.${i.kind}`)}</span>
              <span>
                {`${t('dueOn')} ${i.dueOn} `}
                <Tag color={i.status === 'overdue' ? 'red' : 'orange'}>
                  {i.status === 'overdue' ? t('overdue') : t('due')}
                </Tag>
              </span>
            </List.Item>
          )}
        />
      )}
      <div className="muted">{t('dueHint')}</div>
    </div>
  );
}

/** The visit form; `personId` fixes the person (on the person page), otherwise it is searched. */
export function VisitForm({ personId, onSaved }: { personId?: string; onSaved?: () => void }) {
  const { t } = useTranslation('community');
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [due, setDue] = useState<DueItem[] | null>(null);
  const save = useMutation({
    mutationFn: (
      v: { person?: string[]; visitedOn: string; notes?: string } & Pick<Body<'/api/visits'>, 'purpose' | 'outcome'>,
    ) =>
      recordVisit({
        personId: personId ?? v.person?.[0] ?? null,
        visitedOn: v.visitedOn,
        purpose: v.purpose,
        outcome: v.outcome,
        notes: v.notes ?? null,
      }),
    onSuccess: async (result) => {
      setDue(result.due);
      form.resetFields(['notes']);
      await client.invalidateQueries({ queryKey: ['community'] });
      onSaved?.();
    },
  });
  return (
    <div>
      {save.error ? <Alert type="error" showIcon title={problem(save.error)} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: todayIso(), purpose: 'service_reminder', outcome: 'met' }}
        onFinish={(v) => save.mutate(v)}
      >
        {personId ? null : (
          <Form.Item name="person" label={t('person')} rules={[{ required: true, message: t('required') }]}>
            <PersonSearch multiple={false} testId="visit-person" />
          </Form.Item>
        )}
        <Form.Item name="visitedOn" label={t('visitedOn')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" max={todayIso()} data-testid="visit-date" />
        </Form.Item>
        <Form.Item name="purpose" label={t('purpose')}>
          <Select options={labelOptions(t, 'labels.purpose')} data-testid="visit-purpose" />
        </Form.Item>
        <Form.Item name="outcome" label={t('outcome')}>
          <Select options={labelOptions(t, 'labels.outcome')} data-testid="visit-outcome" />
        </Form.Item>
        <Form.Item name="notes" label={t('notes')}>
          <Input.TextArea maxLength={1000} rows={2} data-testid="visit-notes" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="visit-save">
          {t('newVisit')}
        </Button>
      </Form>
      {due ? (
        <div style={{ marginTop: 16 }}>
          <Alert type="success" showIcon title={t('saved')} style={{ marginBottom: 8 }} />
          <DueServices items={due} />
        </div>
      ) : null}
    </div>
  );
}

export function VisitTable({ items, loading }: { items: Visit[]; loading?: boolean }) {
  const { t } = useTranslation('community');
  return (
    <Table<Visit>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: t('visitedOn'), dataIndex: 'visitedOn', width: 110 },
        {
          title: t('person'),
          render: (_: unknown, v: Visit) =>
            v.personId ? <Link to={`/persons/${v.personId}`}>{v.personName}</Link> : v.householdAddress,
        },
        {
          title: t('purpose'),
          render: (_: unknown, v: Visit) => t(`labels.purpose.${v.purpose}`),
        },
        {
          title: t('outcome'),
          render: (_: unknown, v: Visit) => t(`labels.outcome.${v.outcome}`),
        },
        { title: t('notes'), dataIndex: 'notes', render: (n: string | null) => n ?? '' },
        { title: t('recordedBy'), render: (_: unknown, v: Visit) => v.representativeName ?? v.recordedBy },
      ]}
      data-testid="visits-table"
    />
  );
}

export default function VisitsTab() {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const visits = useQuery({
    queryKey: ['community', 'visits'],
    queryFn: fetchVisits,
  });
  return (
    <div>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="new-visit">
        {t('newVisit')}
      </Button>
      <VisitTable items={visits.data?.items ?? []} loading={visits.isPending} />
      <Modal title={t('newVisit')} open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <VisitForm />
      </Modal>
    </div>
  );
}
