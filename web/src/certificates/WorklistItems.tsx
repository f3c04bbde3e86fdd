/** The people behind the work-list counts: one row per task, filtered by task and status, linked to the person. */
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fetchWorklistItems, type WorklistItem } from './queries';

export const WORK_KINDS = [
  'arrival_check',
  'first_checkup',
  'periodic_checkup',
  'certificate_expiry',
  'service_follow_up',
  'exchange_reply',
  'certificate_offer',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
type Status = 'due' | 'overdue' | 'done';

type Item = WorklistItem;

const STATUS_COLOR: Record<Status, string> = { due: 'blue', overdue: 'red', done: 'green' };

function statusTag(status: Status, label: string) {
  return <Tag color={STATUS_COLOR[status]}>{label}</Tag>;
}

export default function WorklistItems({ kind, onKind }: { kind?: WorkKind; onKind: (kind?: WorkKind) => void }) {
  const { t } = useTranslation('certificates');
  const [status, setStatus] = useState<Status>('overdue');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const items = useQuery({
    queryKey: ['worklists', 'items', kind, status, page],
    queryFn: () => fetchWorklistItems({ kind, status, page, pageSize }),
    placeholderData: (previous) => previous,
  });
  return (
    <Card
      title={t('itemsTitle')}
      style={{ marginTop: 16 }}
      data-testid="worklist-items"
      extra={
        <Space wrap>
          <Select<WorkKind | ''>
            style={{ width: 260 }}
            value={kind ?? ''}
            onChange={(v) => {
              onKind(v || undefined);
              setPage(1);
            }}
            options={[{ value: '', label: t('allKinds') }, ...WORK_KINDS.map((k) => ({ value: k, label: t(k) }))]}
            data-testid="worklist-kind"
          />
          <Select<Status>
            style={{ width: 120 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['overdue', 'due', 'done'] as const).map((s) => ({ value: s, label: t(s) }))}
            data-testid="worklist-status"
          />
        </Space>
      }
    >
      <Table<Item>
        size="small"
        rowKey={(i) => `${i.kind}:${i.personId}:${i.dueOn}`}
        loading={items.isFetching}
        dataSource={items.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: items.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('byKind'), dataIndex: 'kind', render: (k: WorkKind) => t(k) },
          {
            title: t('person'),
            key: 'person',
            render: (_: unknown, i: Item) =>
              i.person ? (
                <Link to={`/persons/${i.person.id}`}>
                  {i.person.name} <span className="muted">{i.person.idNumberMasked}</span>
                </Link>
              ) : (
                <Link to="/exchange">—</Link>
              ),
          },
          {
            title: t('residence'),
            key: 'residence',
            render: (_: unknown, i: Item) => i.person?.residenceDivision?.name ?? '—',
          },
          { title: t('phone'), key: 'phone', render: (_: unknown, i: Item) => i.person?.phone ?? '—' },
          { title: t('dueOn'), dataIndex: 'dueOn' },
          { title: '', dataIndex: 'status', render: (s: Status) => statusTag(s, t(s)) },
          { title: t('doneOn'), dataIndex: 'doneOn', render: (d: string | null) => d ?? '—' },
        ]}
      />
    </Card>
  );
}
