/** The services page's default view: the jurisdiction's services, newest first, paginated on the server. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fetchRecentServices, type RecentService } from './queries';

type Row = RecentService;

export default function RecentServices({ onPick }: { onPick: (personId: string) => void }) {
  const { t } = useTranslation('services');
  const { t: tp } = useTranslation('persons');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useQuery({
    queryKey: ['services', 'recent', page],
    queryFn: ({ signal }) => fetchRecentServices({ page, pageSize }, signal),
    placeholderData: (previous) => previous,
  });
  return (
    <Card title={tp('work.recentServices')} className="detail-card" size="small">
      <Table<Row>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="recent-services"
        locale={{ emptyText: t('noServices') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('serviceDate'), dataIndex: 'serviceDate', width: 120 },
          {
            title: t('person'),
            render: (_, r) => (
              <Link to={`/persons/${r.person.id}`}>
                {r.person.name} <span className="muted mono">{r.person.idNumberMasked}</span>
              </Link>
            ),
          },
          { title: t('serviceKind'), render: (_, r) => t(`serviceKinds.${r.serviceKind}`) },
          {
            title: t('status'),
            render: (_, r) => <Tag color={r.status === 'done' ? 'green' : 'default'}>{t(r.status)}</Tag>,
          },
          { title: t('facility'), render: (_, r) => r.facilityName ?? r.outreachEvent ?? '—' },
          {
            title: '',
            width: 90,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => onPick(r.person.id)} data-testid="recent-record">
                {t('record')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
