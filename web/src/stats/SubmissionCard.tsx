/**
 * Reporting up the tree (逐级上报) on the statistics page: the chosen month's period end, the unit's own
 * submission state with 上报 (confirming with the table that will be frozen) and 更正 (with a reason), and, for
 * the level above, each unit below with its state and a download of the table assembled from their submissions.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api';
import ReasonModal from '../components/ReasonModal';
import { type Frozen, fetchSubmissionOverview, fetchSubmissionPreview, submitPeriod, type Unit } from './queries';

const SUBMITTERS = ['county_admin', 'township_officer'];

/** The last twelve months, newest first, in China time (the server's months). */
function recentMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

export function StateTag({ unit }: { unit: Unit }) {
  const { t } = useTranslation('stats');
  if (!unit.current) return <Tag data-testid={`state-${unit.code}`}>{t('submission.notSubmitted')}</Tag>;
  const corrected = unit.state === 'corrected';
  return (
    <Tag color={corrected ? 'orange' : 'green'} data-testid={`state-${unit.code}`}>
      {t(corrected ? 'submission.corrected' : 'submission.submitted', { v: unit.current.version })}
    </Tag>
  );
}

function FrozenTable({ table }: { table: Frozen }) {
  const { t } = useTranslation('stats');
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      scroll={{ x: 'max-content', y: 360 }}
      dataSource={table.rows}
      data-testid="submit-preview"
      columns={[
        { title: t('submission.unit'), dataIndex: 'name', fixed: 'left', width: 140 },
        ...table.columns.map((c, i) => ({
          title: `${c.group}·${c.label}`,
          key: String(i),
          width: 96,
          align: 'right' as const,
          render: (_: unknown, r: Frozen['rows'][number]) => r.cells[i] ?? '',
        })),
      ]}
    />
  );
}

export default function SubmissionCard({ division, role, own }: { division: string; role: string; own: boolean }) {
  const { t } = useTranslation('stats');
  const { message } = App.useApp();
  const months = recentMonths();
  const [period, setPeriod] = useState(months[1] as string);
  const [confirming, setConfirming] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  // A province may list its cities (the level directly below) or all its counties across the cities.
  const [level, setLevel] = useState<number | undefined>(undefined);
  const client = useQueryClient();
  const key = ['stats', 'submissions', division, period, level];
  const overview = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchSubmissionOverview({ division, period, level }, signal),
  });
  const maySubmit = own && SUBMITTERS.includes(role) && !!overview.data?.canSubmit;
  const preview = useQuery({
    queryKey: ['stats', 'submission-preview', period],
    queryFn: ({ signal }) => fetchSubmissionPreview({ period }, signal),
    enabled: confirming,
  });
  const submit = useMutation({
    mutationFn: (reason: string | null) => submitPeriod(period, reason),
    onSuccess: (v) => {
      setConfirming(false);
      setCorrecting(false);
      message.success(t('submission.done', { v: v.version }));
      void client.invalidateQueries({ queryKey: ['stats', 'submissions', division, period] });
    },
    onError: (e) => message.error(e.message),
  });
  const o = overview.data;
  const current = o?.own.current;
  return (
    <Card title={t('submission.title')} style={{ marginTop: 16 }} data-testid="submission-card">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('submission.month')}</Typography.Text>
          <Select
            value={period}
            onChange={setPeriod}
            style={{ width: 120 }}
            options={months.map((m) => ({ value: m, label: m }))}
            data-testid="submission-month"
          />
          {o ? <Typography.Text data-testid="submission-period-end">{o.label}</Typography.Text> : null}
        </Space>
        {o && own ? (
          <Space wrap data-testid="own-submission">
            <StateTag unit={o.own} />
            {current ? (
              <Typography.Text type="secondary">
                {t('submission.by', { at: current.submittedAt, who: current.submitter })}
                {current.reason ? `（${current.reason}）` : ''}
              </Typography.Text>
            ) : null}
            {current?.delivery === 'sent' ? <Tag color="blue">{t('submission.sent')}</Tag> : null}
            {current ? (
              <a href={`/api/stats/submissions/${current.id}/report?format=xlsx`} download>
                <Button icon={<DownloadOutlined />}>{t('submission.download')}</Button>
              </a>
            ) : null}
            {maySubmit && o.closed && !current ? (
              <Button type="primary" onClick={() => setConfirming(true)} data-testid="submit-open">
                {t('submission.submit')}
              </Button>
            ) : null}
            {maySubmit && current ? (
              <Button onClick={() => setCorrecting(true)} data-testid="correct-open">
                {t('submission.correct')}
              </Button>
            ) : null}
          </Space>
        ) : null}
        {o && own && !o.closed && maySubmit ? <Alert type="info" showIcon title={t('submission.running')} /> : null}
        {o && o.units.length > 0 ? (
          <>
            <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
              <Space>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('submission.units')}
                </Typography.Title>
                {o.division.level === 1 ? (
                  <Segmented
                    value={o.unitLevel}
                    onChange={(v) => setLevel(Number(v))}
                    options={[
                      { value: 2, label: t('submission.byCity') },
                      { value: 3, label: t('submission.byCounty') },
                    ]}
                    data-testid="submission-level"
                  />
                ) : null}
              </Space>
              <a
                href={`/api/stats/submissions/assembled${query({ division, period, level, format: 'xlsx' })}`}
                download
              >
                <Button icon={<DownloadOutlined />}>{t('submission.assembled')}</Button>
              </a>
            </Space>
            <Table
              size="small"
              rowKey="code"
              data-testid="submission-units"
              pagination={o.units.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: 'max-content' }}
              dataSource={o.units}
              columns={[
                { title: t('submission.unit'), dataIndex: 'name', fixed: 'left', width: 120 },
                {
                  title: t('submission.state'),
                  key: 'state',
                  width: 120,
                  render: (_: unknown, u: Unit) => <StateTag unit={u} />,
                },
                {
                  title: t('submission.time'),
                  key: 'at',
                  width: 150,
                  render: (_: unknown, u: Unit) => u.current?.submittedAt ?? '',
                },
                {
                  title: t('submission.who'),
                  key: 'who',
                  width: 160,
                  render: (_: unknown, u: Unit) =>
                    u.current
                      ? `${u.current.submitter}${u.current.origin ? `（${t('submission.fromPeer', { origin: u.current.origin })}）` : ''}`
                      : '',
                },
                ...o.columns.slice(0, 9).map((c, i) => ({
                  title: `${c.group}·${c.label}`,
                  key: String(i),
                  width: 100,
                  align: 'right' as const,
                  render: (_: unknown, u: Unit) => u.total?.[i] ?? '',
                })),
              ]}
            />
          </>
        ) : null}
      </Space>
      <Modal
        open={confirming}
        title={t('submission.confirmTitle', { m: period })}
        width={1000}
        okText={t('submission.confirmOk')}
        cancelText={t('submission.cancel')}
        onOk={() => submit.mutate(null)}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ id: 'submit-ok', loading: submit.isPending, disabled: !preview.data }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('submission.confirmHint')}</Typography.Paragraph>
        {o ? <Typography.Paragraph type="secondary">{o.label}</Typography.Paragraph> : null}
        {preview.data ? <FrozenTable table={preview.data} /> : null}
      </Modal>
      <ReasonModal
        open={correcting}
        title={t('submission.correctTitle', { m: period })}
        description={t('submission.correctHint', { v: current?.version ?? 0, n: (current?.version ?? 0) + 1 })}
        placeholder={t('submission.reasonPlaceholder')}
        okText={t('submission.correct')}
        cancelText={t('submission.cancel')}
        loading={submit.isPending}
        onOk={(reason) => submit.mutate(reason)}
        onCancel={() => setCorrecting(false)}
      />
    </Card>
  );
}
