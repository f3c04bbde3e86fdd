/** The three tabs of the person page: change history, residence episodes, access log. */
import { useQuery } from '@tanstack/react-query';
import { Empty, Table, type TableColumnsType, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import DivisionName from '../components/DivisionName';
import { ErrorState, Loading } from '../components/States';
import type { AccessEntry, Episode, HistoryEntry } from '../types';
import { dash, formatChangeValue, formatDateTime } from './labels';
import { fetchAccessLog, fetchEpisodes, fetchHistory, personKeys } from './queries';

const KIND_COLORS: Record<HistoryEntry['kind'], string> = {
  create: 'green',
  update: 'blue',
  move: 'orange',
  certificate: 'gray',
  merge: 'purple',
  unmerge: 'magenta',
};

function ChangeValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation(['persons', 'common']);
  if (typeof value === 'string' && /^\d{12}$/.test(value) && field.endsWith('Division')) {
    return <DivisionName code={value} />;
  }
  return <>{formatChangeValue(t, field, value)}</>;
}

function ChangeTable({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation(['persons', 'common']);
  const rows = Object.entries(entry.changes ?? {}).map(([field, change]) => ({ field, ...change }));
  if (rows.length === 0) return null;
  return (
    <table className="change-table" data-testid="history-changes">
      <thead>
        <tr>
          <th>{t('history.field')}</th>
          <th>{t('history.from')}</th>
          <th>{t('history.to')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} data-field={row.field}>
            <td>{t(`fields.${row.field}`, { defaultValue: row.field })}</td>
            <td className="change-from">
              <ChangeValue field={row.field} value={row.from} />
            </td>
            <td className="change-to">
              <ChangeValue field={row.field} value={row.to} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryTab({ id, version }: { id: string; version: number }) {
  const { t } = useTranslation(['persons', 'common']);
  const history = useQuery({
    queryKey: [...personKeys.history(id), version],
    queryFn: ({ signal }) => fetchHistory(id)(signal),
  });
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <Empty description={t('history.noEntries')} />;
  const entries = [...history.data].sort((a, b) => b.version - a.version);
  return (
    <Timeline
      className="history-timeline"
      data-testid="history"
      items={entries.map((entry) => ({
        key: `${entry.version}-${entry.at}`,
        color: KIND_COLORS[entry.kind] ?? 'gray',
        content: (
          <div className="history-entry" data-testid="history-entry">
            <div className="history-head">
              <Tag color={KIND_COLORS[entry.kind]}>{t(`history.kind.${entry.kind}`, { defaultValue: entry.kind })}</Tag>
              <span className="history-time">{formatDateTime(entry.at)}</span>
              <span className="history-actor">
                {entry.actor.displayName}
                <Typography.Text type="secondary">
                  （{t(`roles.${entry.actor.role}`, { defaultValue: entry.actor.role })}）
                </Typography.Text>
              </span>
              <Typography.Text type="secondary" className="history-version">
                v{entry.version}
              </Typography.Text>
            </div>
            {entry.kind === 'create' ? null : <ChangeTable entry={entry} />}
          </div>
        ),
      }))}
    />
  );
}

export function EpisodesTab({ id, version }: { id: string; version: number }) {
  const { t } = useTranslation(['persons', 'common']);
  const episodes = useQuery({
    queryKey: [...personKeys.episodes(id), version],
    queryFn: ({ signal }) => fetchEpisodes(id)(signal),
  });
  const columns: TableColumnsType<Episode> = [
    {
      title: t('fields.residenceDivision'),
      key: 'division',
      render: (_: unknown, row) => row.residenceDivision.fullName,
    },
    { title: t('fields.residenceAddress'), dataIndex: 'address', render: (value: string | null) => dash(value) },
    { title: t('fields.arrivedOn'), dataIndex: 'arrivedOn', width: 130, render: (value: string | null) => dash(value) },
    {
      title: t('fields.departedOn'),
      dataIndex: 'departedOn',
      width: 130,
      render: (value: string | null) => value ?? <Tag color="green">{t('episodes.current')}</Tag>,
    },
  ];
  if (episodes.isError) return <ErrorState error={episodes.error} onRetry={() => void episodes.refetch()} />;
  return (
    <Table<Episode>
      rowKey={(row) => `${row.residenceDivision.code}-${row.arrivedOn ?? ''}-${row.departedOn ?? ''}`}
      columns={columns}
      dataSource={episodes.data ?? []}
      loading={episodes.isPending}
      pagination={false}
      size="small"
      locale={{ emptyText: <Empty description={t('episodes.empty')} /> }}
      data-testid="episodes"
    />
  );
}

/** Actions are recorded as codes like `person.read`; show them in words, falling back to the code. */
export function actionLabel(t: ReturnType<typeof useTranslation>['t'], action: string): string {
  const key = action.replace(/[:/]/g, '.');
  const last = key.split('.').pop() ?? key;
  const module = key.split('.')[0] ?? key;
  const fallback = t(`access.modules.${module}`, { defaultValue: action });
  return t(`access.actions.${key}`, { defaultValue: t(`access.actions.${last}`, { defaultValue: fallback }) });
}

const isRead = (action: string) => /\.(read|list|lookup)/.test(action);

/**
 * One page view reads several parts of a record (details, history, services…), each audited on its own. A burst
 * of reads by the same person within a minute is shown as one row naming what was read; writes stay separate.
 */
export function collapseAccess<T extends AccessEntry>(rows: T[]): (T & { actions: string[] })[] {
  const out: (T & { actions: string[] })[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    const burst =
      last &&
      isRead(row.action) &&
      isRead(last.action) &&
      last.actor.username === row.actor.username &&
      Date.parse(last.at) - Date.parse(row.at) < 60_000;
    if (burst) {
      if (!last.actions.includes(row.action)) last.actions.push(row.action);
    } else out.push({ ...row, actions: [row.action] });
  }
  return out;
}

export function AccessLogTab({ id }: { id: string }) {
  const { t } = useTranslation(['persons', 'common']);
  const log = useQuery({ queryKey: personKeys.accessLog(id), queryFn: ({ signal }) => fetchAccessLog(id)(signal) });
  type Row = AccessEntry & { key: number; actions: string[] };
  const columns: TableColumnsType<Row> = [
    { title: t('access.at'), dataIndex: 'at', width: 160, render: (value: string) => formatDateTime(value, true) },
    {
      title: t('access.action'),
      dataIndex: 'action',
      width: 220,
      render: (_: string, row) => row.actions.map((a) => actionLabel(t, a)).join('、'),
    },
    { title: t('access.who'), key: 'who', render: (_: unknown, row) => row.actor.displayName },
    {
      title: t('access.role'),
      key: 'role',
      render: (_: unknown, row) =>
        row.actor.role ? t(`roles.${row.actor.role}`, { defaultValue: row.actor.role }) : t('access.system'),
    },
    { title: t('access.office'), key: 'office', render: (_: unknown, row) => row.actor.division?.fullName ?? '—' },
  ];
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  return (
    <Table<Row>
      rowKey="key"
      columns={columns}
      dataSource={collapseAccess(log.data ?? []).map((row, index) => ({ ...row, key: index }))}
      loading={log.isPending}
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('access.empty')} /> }}
      data-testid="access-log"
    />
  );
}
