/** The services page's default view: the jurisdiction's services, newest first, paginated on the server. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useWorkText } from '../persons/workText';
import { fetchRecentServices, type RecentService } from './queries';
import { SERVICE_KINDS, useServiceText } from './strings';

type Row = RecentService;

export default function RecentServices({ onPick }: { onPick: (personId: string) => void }) {
  const { text, lang } = useServiceText();
  const work = useWorkText();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useQuery({
    queryKey: ['services', 'recent', page],
    queryFn: ({ signal }) => fetchRecentServices({ page, pageSize }, signal),
    placeholderData: (previous) => previous,
  });
  return (
    <Card title={work.recentServices} className="detail-card" size="small">
      <Table<Row>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        data-testid="recent-services"
        locale={{ emptyText: text.noServices }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: text.serviceDate, dataIndex: 'serviceDate', width: 120 },
          {
            title: text.person,
            render: (_, r) => (
              <Link to={`/persons/${r.person.id}`}>
                {r.person.name} <span className="muted mono">{r.person.idNumberMasked}</span>
              </Link>
            ),
          },
          { title: text.serviceKind, render: (_, r) => SERVICE_KINDS[r.serviceKind][lang] },
          {
            title: text.status,
            render: (_, r) => <Tag color={r.status === 'done' ? 'green' : 'default'}>{text[r.status]}</Tag>,
          },
          { title: text.facility, render: (_, r) => r.facilityName ?? r.outreachEvent ?? '—' },
          {
            title: '',
            width: 90,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => onPick(r.person.id)} data-testid="recent-record">
                {text.record}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
