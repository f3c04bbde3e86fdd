/** Rejected and poison messages with their reason; a retry runs every check again. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, message, Table, Tag, Typography } from 'antd';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../format';
import { fetchDeadLetters, retryDeadLetter } from './queries';
import type { ExchangeStrings } from './strings';

export default function DeadLettersTab({ text, lang }: { text: ExchangeStrings; lang: string }) {
  const queryClient = useQueryClient();
  const letters = useQuery({
    queryKey: ['exchange', 'dead-letters'],
    queryFn: fetchDeadLetters,
  });
  const retry = useMutation({
    mutationFn: retryDeadLetter,
    onSuccess: (result) => {
      if (result.ok) void message.success(text.retried);
      else void message.warning(text.retryFailed);
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
            title: text.receivedAt,
            dataIndex: 'receivedAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          { title: text.source, dataIndex: 'source', width: 80 },
          {
            title: text.reason,
            render: (_, r) => (
              <span>
                <Tag color="red">{text.reasons[r.reasonCode] ?? r.reasonCode}</Tag>
                <Typography.Text type="secondary">{lang.startsWith('en') ? r.reason.en : r.reason.zh}</Typography.Text>
              </span>
            ),
          },
          { title: text.peer, dataIndex: 'peer', render: (v: string | null) => v ?? '—' },
          { title: text.retries, dataIndex: 'retries', width: 80 },
          {
            title: text.status,
            dataIndex: 'status',
            width: 110,
            render: (v: string) => <Tag color={v === 'open' ? 'orange' : 'green'}>{text.statuses[v] ?? v}</Tag>,
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
                  {text.retry}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
