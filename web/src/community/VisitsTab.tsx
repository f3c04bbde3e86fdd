/** Visits: the list, and a form that shows the services due for the person visited once it is saved. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, List, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { labelOf } from '../api/narrow';
import type { Body } from '../api/types';
import { problem, todayIso } from './api';
import { PersonSearch } from './HouseholdsTab';
import { type DueItem, fetchVisits, recordVisit, type Visit } from './queries';
import { useCommunityText } from './strings';

export function DueServices({ items }: { items: DueItem[] }) {
  const { text, labels } = useCommunityText();
  return (
    <div data-testid="due-services">
      <Typography.Text strong>{text.dueTitle}</Typography.Text>
      {items.length === 0 ? (
        <div className="muted">{text.dueNone}</div>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item>
              <span data-testid="due-item">{labelOf(labels.work, i.kind) ?? i.kind}</span>
              <span>
                {`${text.dueOn} ${i.dueOn} `}
                <Tag color={i.status === 'overdue' ? 'red' : 'orange'}>
                  {i.status === 'overdue' ? text.overdue : text.due}
                </Tag>
              </span>
            </List.Item>
          )}
        />
      )}
      <div className="muted">{text.dueHint}</div>
    </div>
  );
}

/** The visit form; `personId` fixes the person (on the person page), otherwise it is searched. */
export function VisitForm({ personId, onSaved }: { personId?: string; onSaved?: () => void }) {
  const { text, labels } = useCommunityText();
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
  const options = <T extends Record<string, string>>(map: T) =>
    Object.entries(map).map(([value, label]) => ({ value, label }));
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
          <Form.Item name="person" label={text.person} rules={[{ required: true, message: text.required }]}>
            <PersonSearch multiple={false} testId="visit-person" />
          </Form.Item>
        )}
        <Form.Item name="visitedOn" label={text.visitedOn} rules={[{ required: true, message: text.required }]}>
          <Input type="date" max={todayIso()} data-testid="visit-date" />
        </Form.Item>
        <Form.Item name="purpose" label={text.purpose}>
          <Select options={options(labels.purpose)} data-testid="visit-purpose" />
        </Form.Item>
        <Form.Item name="outcome" label={text.outcome}>
          <Select options={options(labels.outcome)} data-testid="visit-outcome" />
        </Form.Item>
        <Form.Item name="notes" label={text.notes}>
          <Input.TextArea maxLength={1000} rows={2} data-testid="visit-notes" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="visit-save">
          {text.newVisit}
        </Button>
      </Form>
      {due ? (
        <div style={{ marginTop: 16 }}>
          <Alert type="success" showIcon title={text.saved} style={{ marginBottom: 8 }} />
          <DueServices items={due} />
        </div>
      ) : null}
    </div>
  );
}

export function VisitTable({ items, loading }: { items: Visit[]; loading?: boolean }) {
  const { text, labels } = useCommunityText();
  return (
    <Table<Visit>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      columns={[
        { title: text.visitedOn, dataIndex: 'visitedOn', width: 110 },
        {
          title: text.person,
          render: (_: unknown, v: Visit) =>
            v.personId ? <Link to={`/persons/${v.personId}`}>{v.personName}</Link> : v.householdAddress,
        },
        {
          title: text.purpose,
          render: (_: unknown, v: Visit) => labels.purpose[v.purpose as keyof typeof labels.purpose],
        },
        {
          title: text.outcome,
          render: (_: unknown, v: Visit) => labels.outcome[v.outcome as keyof typeof labels.outcome],
        },
        { title: text.notes, dataIndex: 'notes', render: (n: string | null) => n ?? '' },
        { title: text.recordedBy, render: (_: unknown, v: Visit) => v.representativeName ?? v.recordedBy },
      ]}
      data-testid="visits-table"
    />
  );
}

export default function VisitsTab() {
  const { text } = useCommunityText();
  const [open, setOpen] = useState(false);
  const visits = useQuery({
    queryKey: ['community', 'visits'],
    queryFn: fetchVisits,
  });
  return (
    <div>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="new-visit">
        {text.newVisit}
      </Button>
      <VisitTable items={visits.data?.items ?? []} loading={visits.isPending} />
      <Modal title={text.newVisit} open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <VisitForm />
      </Modal>
    </div>
  );
}
