/** Sent, received, on-time feedback and pairing rates per child division (the statistics indicators). */
import { useQuery } from '@tanstack/react-query';
import { Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import DivisionName from '../components/DivisionName';
import { ErrorState } from '../components/States';
import { fetchRates } from './queries';

function rate(v: number | null) {
  return v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" style={{ width: 140 }} />;
}

export default function RatesTab() {
  const { t } = useTranslation('exchange');
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
          title: t('division'),
          dataIndex: 'division',
          render: (v: string) => (v === 'total' ? <strong>{t('total')}</strong> : <DivisionName code={v} />),
        },
        { title: t('sent'), dataIndex: 'sent' },
        { title: t('received'), dataIndex: 'received' },
        {
          title: `${t('repliesOnTime')} / ${t('repliesDue')}`,
          render: (_, r) => `${r.repliesOnTime} / ${r.repliesDue}`,
        },
        { title: t('onTimeRate'), dataIndex: 'onTimeFeedbackRate', render: rate },
        { title: t('pairing'), render: (_, r) => `${r.pairingRequests} / ${r.paired}` },
        { title: t('pairingRate'), dataIndex: 'pairingRate', render: rate },
      ]}
    />
  );
}
