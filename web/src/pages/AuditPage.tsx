/** 审计日志: the auditor's view of who did what, with break-glass grants flagged and a CSV export. */
import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api';
import { type AuditQuery, type AuditRow, fetchAudit, fetchChainStatus } from '../audit/queries';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../format';
import { actionLabel } from '../persons/PersonTabs';

const PAGE_SIZE = 50;

const when = (iso: string | null) => formatDateTime(iso);

/** The person a line is about: masked name and ID (in the jurisdiction), or how many people a list showed. */
function PersonCell({ row }: { row: AuditRow }) {
  const { t } = useTranslation();
  if (row.person) {
    return (
      <span data-testid="audit-person">
        {row.person.name} <Typography.Text type="secondary">{row.person.idNumberMasked}</Typography.Text>
      </span>
    );
  }
  if (row.personId) return <Typography.Text type="secondary">{t('audit.outsidePerson')}</Typography.Text>;
  if (row.personCount > 1) {
    return (
      <Tag color="geekblue" data-testid="audit-count">
        {t('audit.personCount', { count: row.personCount })}
      </Tag>
    );
  }
  return <>—</>;
}

function ChainStatusBanner() {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: ['audit-status'],
    queryFn: fetchChainStatus,
    refetchInterval: 60_000,
  });
  const s = status.data;
  if (!s) return null;
  if (s.state === 'broken') {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="audit-chain-broken"
        title={t('audit.chainBroken')}
        description={t('audit.chainBrokenAt', {
          pos: s.firstBroken?.chainSeq,
          reason: s.firstBroken?.reason,
          at: when(s.checkedAt),
        })}
      />
    );
  }
  return (
    <Typography.Text type="secondary" data-testid="audit-chain-status">
      {s.state === 'ok'
        ? t('audit.chainOk', { at: when(s.checkedAt), pos: s.checkpoint?.pos ?? '—' })
        : t('audit.chainUnchecked')}
    </Typography.Text>
  );
}

interface Filters {
  action?: string;
  username?: string;
  outcome?: AuditQuery['outcome'];
  range?: [Dayjs, Dayjs] | null;
}

const OUTCOME_COLORS: Record<string, string> = { ok: 'green', failed: 'red', denied: 'volcano', not_found: 'orange' };
const ACTIONS = [
  'person.read',
  'person.lookup',
  'person.list',
  'person.create',
  'person.update',
  'person.read_id_number',
  'person.break_glass',
  'auth.login',
  'auth.totp',
  'auth.password_change',
  'audit.export',
];

function auditQuery(f: Filters, before?: string | null): AuditQuery {
  return {
    action: f.action,
    username: f.username?.trim() || undefined,
    outcome: f.outcome,
    from: f.range?.[0]?.format('YYYY-MM-DD'),
    to: f.range?.[1]?.format('YYYY-MM-DD'),
    ...(before !== undefined ? { pageSize: PAGE_SIZE, before: before ?? undefined } : {}),
  };
}

function params(f: Filters, before?: string | null) {
  return query({ ...auditQuery(f, before) });
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  // Paging by cursor: cursors[i] is where page i+1 starts (null: the newest line).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length;
  const log = useQuery({
    queryKey: ['audit', filters, cursors[page - 1]],
    queryFn: () => fetchAudit(auditQuery(filters, cursors[page - 1] ?? null)),
  });
  const next = log.data?.next ?? null;
  const columns: TableColumnsType<AuditRow> = [
    {
      title: t('access.at'),
      dataIndex: 'at',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('audit.user'),
      dataIndex: 'actorName',
      width: 170,
      render: (v: string | null, row) =>
        v ? (
          <Tooltip title={row.actorUsername}>
            <span data-testid="audit-actor">{v}</span>
          </Tooltip>
        ) : (
          <span data-testid="audit-actor">
            {row.actorUsername ? t('audit.systemActor', { name: row.actorUsername }) : t('audit.anonymous')}
          </span>
        ),
    },
    {
      title: t('access.role'),
      dataIndex: 'actorRole',
      width: 150,
      render: (v: string | null) => (v ? t(`roles.${v}`, { defaultValue: v }) : '—'),
    },
    {
      title: t('access.action'),
      dataIndex: 'action',
      render: (v: string, row) => (
        <Space size={4} wrap>
          <span>{actionLabel(t, v)}</span>
          {row.flagged ? (
            <Tooltip title={row.reason}>
              <Tag color="red" icon={<WarningOutlined />} data-testid="flagged">
                {t('audit.breakGlass')}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 110,
      render: (v: string) => <Tag color={OUTCOME_COLORS[v]}>{t(`audit.outcomes.${v}`, { defaultValue: v })}</Tag>,
    },
    {
      title: t('audit.person'),
      dataIndex: 'person',
      width: 230,
      render: (_: unknown, row) => <PersonCell row={row} />,
    },
    { title: 'IP', dataIndex: 'ip', width: 120 },
    {
      title: t('audit.sealed'),
      dataIndex: 'sealed',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="blue">{t('audit.yes')}</Tag> : <Tag>{t('audit.pending')}</Tag>),
    },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('audit.subtitle')}</Typography.Text>
      </div>
      <ChainStatusBanner />
      <Card>
        <Form<Filters>
          layout="inline"
          onFinish={(values) => {
            setCursors([null]);
            setFilters(values);
          }}
        >
          <Form.Item name="action">
            <Select
              allowClear
              placeholder={t('access.action')}
              style={{ width: 200 }}
              options={ACTIONS.map((a) => ({ value: a, label: actionLabel(t, a) }))}
            />
          </Form.Item>
          <Form.Item name="username">
            <Input allowClear placeholder={t('audit.user')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="outcome">
            <Select
              allowClear
              placeholder={t('audit.outcome')}
              style={{ width: 130 }}
              options={Object.keys(OUTCOME_COLORS).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
            />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.search')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={`/api/audit/export${params(filters)}`}
            style={{ marginLeft: 8 }}
            data-testid="audit-export"
          >
            {t('audit.export')}
          </Button>
        </Form>
      </Card>
      {log.error ? (
        <ErrorState error={log.error} />
      ) : (
        <Table<AuditRow>
          rowKey="seq"
          size="small"
          loading={log.isPending}
          columns={columns}
          dataSource={log.data?.items ?? []}
          pagination={false}
          data-testid="audit-table"
          footer={() => (
            <Space>
              <Button disabled={page === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('audit.newer')}
              </Button>
              <Typography.Text type="secondary">{t('audit.page', { page })}</Typography.Text>
              <Button disabled={!next} onClick={() => setCursors([...cursors, next])} data-testid="audit-older">
                {t('audit.older')}
              </Button>
            </Space>
          )}
        />
      )}
    </Space>
  );
}
