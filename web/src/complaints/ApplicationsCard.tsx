/** Certificate applications residents sent from the portal; the township officer issues or declines them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api';
import { useUser } from '../auth';
import { headline } from '../components/errorText';
import { formatDateTime } from '../format';
import { type ApplicationRow, decideApplication, fetchApplications } from './queries';
import RefuseModal from './RefuseModal';

export default function ApplicationsCard() {
  const { t } = useTranslation(['complaints', 'exchange']);
  const user = useUser();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['certificate-applications'],
    queryFn: fetchApplications,
  });
  const [refusing, setRefusing] = useState<ApplicationRow | null>(null);
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'issue' | 'reject'; note?: string }) =>
      decideApplication(v.id, { decision: v.decision, ...(v.note ? { note: v.note } : {}) }),
    onSuccess: () => {
      setRefusing(null);
      return queryClient.invalidateQueries();
    },
  });
  const canIssue = user.role === 'county_admin' || user.role === 'township_officer';
  if (!list.data?.items.length) return null;
  const error = decide.error as ApiError | null;
  return (
    <Card title={t('applications')} style={{ marginBottom: 16 }} data-testid="certificate-applications">
      {canIssue ? null : (
        <Alert
          type="info"
          showIcon
          message={t('applicationsReadOnly')}
          style={{ marginBottom: 12 }}
          data-testid="applications-read-only"
        />
      )}
      {error ? (
        <Alert type="error" message={headline(error)} description={error.issues?.map((i) => i.message).join('；')} />
      ) : null}
      <Table<ApplicationRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data.items}
        columns={[
          { title: t('person'), render: (_, r) => `${r.name} ${r.idNumberMasked}` },
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (v: string) => (v === 'standard' ? t('standard') : t('temporary')),
          },
          { title: t('body'), dataIndex: 'purpose', render: (v: string | null) => v ?? '—' },
          {
            title: t('inquiry.routing'),
            render: (_, r) =>
              r.fromResidence ? (
                <Tag color="orange" data-testid="application-from-residence">
                  {t('inquiry.fromResidence')}
                </Tag>
              ) : r.routedToOrigin ? (
                <Tooltip title={t('inquiry.routedHint')}>
                  <Tag color="blue" data-testid="application-routed">
                    {t('inquiry.routedToOrigin')}
                  </Tag>
                </Tooltip>
              ) : (
                t('inquiry.localApplication')
              ),
          },
          {
            title: t('appliedAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: '',
            render: (_, r) =>
              // A routed application waits for the origin; in one deployment serving both, the origin decides it.
              canIssue && (!r.routedToOrigin || r.fromResidence) ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => decide.mutate({ id: r.id, decision: 'issue' })}
                    data-testid="application-issue"
                  >
                    {t('issue')}
                  </Button>
                  <Button size="small" onClick={() => setRefusing(r)} data-testid="application-reject">
                    {t('reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <RefuseModal
        refusing={refusing}
        loading={decide.isPending}
        onCancel={() => setRefusing(null)}
        onRefuse={(id, note) => decide.mutate({ id, decision: 'reject', note })}
      />
    </Card>
  );
}
