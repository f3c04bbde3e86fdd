/** Rejected and poison messages with their reason; a retry runs every check again. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, message, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../format';
import { fetchDeadLetters, retryDeadLetter } from './queries';

export default function DeadLettersTab() {
  const { t, i18n } = useTranslation('exchange');
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const letters = useQuery({
    queryKey: ['exchange', 'dead-letters'],
    queryFn: fetchDeadLetters,
  });
  const retry = useMutation({
    mutationFn: retryDeadLetter,
    onSuccess: (result) => {
      if (result.ok) void message.success(t('retried'));
      else void message.warning(t('retryFailed'));
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
    },
  });
  if (letters.isError) return <ErrorState error={letters.error} onRetry={() => void letters.refetch()} />;
  return (
    <>
      {retry.isError ? <ErrorState error={retry.error} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={letters.isPending}
        dataSource={letters.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 900 }}
        data-testid="dead-letters-table"
        columns={[
          {
            title: t('receivedAt'),
            dataIndex: 'receivedAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          { title: t('source'), dataIndex: 'source', width: 80 },
          {
            title: t('reason'),
            render: (_, r) => (
              <span>
                <Tag color="red">{t(`reasons.${r.reasonCode}`, { defaultValue: r.reasonCode })}</Tag>
                <Typography.Text type="secondary">{lang.startsWith('en') ? r.reason.en : r.reason.zh}</Typography.Text>
              </span>
            ),
          },
          { title: t('peer'), dataIndex: 'peer', render: (v: string | null) => v ?? '—' },
          { title: t('retries'), dataIndex: 'retries', width: 80 },
          {
            title: t('status'),
            dataIndex: 'status',
            width: 110,
            render: (v: string) => (
              <Tag color={v === 'open' ? 'orange' : 'green'}>{t(`statuses.${v}`, { defaultValue: v })}</Tag>
            ),
          },
          {
            title: '',
            width: 100,
            render: (_, r) =>
              r.status === 'open' ? (
                <Button
                  size="small"
                  loading={retry.isPending && retry.variables === r.id}
                  onClick={() => retry.mutate(r.id)}
                  data-testid={`retry-${r.id}`}
                >
                  {t('retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
