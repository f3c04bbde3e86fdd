/** Services given per payer and kind in the user's area this year (issue 26 part 3), with its CSV. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchPayerReport, type PayerRow } from './queries';

type Row = PayerRow;

export default function PayerReport() {
  const { t } = useTranslation('services');
  const report = useQuery({
    queryKey: ['services', 'by-payer'],
    queryFn: ({ signal }) => fetchPayerReport(signal),
  });
  const payers = report.data?.payers.map((p) => p.payer) ?? [];
  return (
    <Card
      size="small"
      className="detail-card"
      title={report.data ? `${t('payerReport')}（${report.data.from} – ${report.data.to}）` : t('payerReport')}
      extra={
        <Button size="small" href="/api/services/by-payer?format=csv">
          {t('downloadCsv')}
        </Button>
      }
    >
      <Table<Row>
        size="small"
        rowKey="serviceKind"
        loading={report.isPending}
        pagination={false}
        dataSource={report.data?.rows ?? []}
        data-testid="payer-report"
        columns={[
          { title: t('serviceKind'), render: (_, r) => t(`serviceKinds.${r.serviceKind}`) },
          ...payers.map((p) => ({
            title: t(`payers.${p}`),
            align: 'right' as const,
            render: (_: unknown, r: Row) => r.counts[p],
          })),
          { title: t('payerTotal'), align: 'right' as const, dataIndex: 'total' },
        ]}
      />
    </Card>
  );
}
