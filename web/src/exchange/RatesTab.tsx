/** Sent, received, on-time feedback and pairing rates per child division (the statistics indicators). */
import { useQuery } from '@tanstack/react-query';
import { Progress, Table } from 'antd';
import DivisionName from '../components/DivisionName';
import { ErrorState } from '../components/States';
import { fetchRates } from './queries';
import type { ExchangeStrings } from './strings';

function rate(v: number | null) {
  return v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" style={{ width: 140 }} />;
}

export default function RatesTab({ text }: { text: ExchangeStrings }) {
  const rates = useQuery({
    queryKey: ['exchange', 'rates'],
    queryFn: fetchRates,
  });
  if (rates.isError) return <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />;
  const rows = rates.data ? [...rates.data.children, { ...rates.data.total, division: 'total' }] : [];
  return (
    <Table
      size="small"
      rowKey="division"
      loading={rates.isPending}
      pagination={false}
      dataSource={rows}
      scroll={{ x: 900 }}
      data-testid="rates-table"
      columns={[
        {
          title: text.division,
          dataIndex: 'division',
          render: (v: string) => (v === 'total' ? <strong>{text.total}</strong> : <DivisionName code={v} />),
        },
        { title: text.sent, dataIndex: 'sent' },
        { title: text.received, dataIndex: 'received' },
        {
          title: `${text.repliesOnTime} / ${text.repliesDue}`,
          render: (_, r) => `${r.repliesOnTime} / ${r.repliesDue}`,
        },
        { title: text.onTimeRate, dataIndex: 'onTimeFeedbackRate', render: rate },
        { title: text.pairing, render: (_, r) => `${r.pairingRequests} / ${r.paired}` },
        { title: text.pairingRate, dataIndex: 'pairingRate', render: rate },
      ]}
    />
  );
}
