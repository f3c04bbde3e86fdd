/** What SMS reminders went out in the user's area (issue 26 part 5), newest first, filtered by kind and outcome. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../components/errorText';
import { formatDateTime } from '../format';
import { labelOptions } from '../i18n/options';
import type locales from './locales';
import { fetchReminders, type ReminderRow } from './queries';

type Kind = keyof typeof locales.zh.reminderKinds;
type Outcome = keyof typeof locales.zh.outcomes;

type Row = ReminderRow;

const OUTCOME_COLOR: Record<Outcome, string> = {
  sent: 'green',
  rate_limited: 'orange',
  no_phone: 'default',
  failed: 'red',
};

export default function RemindersPage() {
  const { t } = useTranslation('services');
  const [kind, setKind] = useState<Kind | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const list = useQuery({
    queryKey: ['reminders', kind, outcome, page],
    queryFn: ({ signal }) => fetchReminders({ kind, outcome, page, pageSize }, signal),
    placeholderData: (previous) => previous,
  });
  return (
    <div className="page" data-testid="reminders-page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {t('remindersTitle')}
        </Typography.Title>
      </div>
      <Alert type="info" showIcon className="form-alert" title={t('remindersHint')} />
      {list.isError ? <Alert type="error" showIcon title={describeError(list.error)} /> : null}
      <Card size="small" className="detail-card">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<Kind>
            allowClear
            placeholder={t('reminderKind')}
            style={{ minWidth: 200 }}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={labelOptions(t, 'reminderKinds').map(({ value, label }) => ({ value: value as Kind, label }))}
          />
          <Select<Outcome>
            allowClear
            placeholder={t('reminderOutcome')}
            style={{ minWidth: 160 }}
            value={outcome}
            onChange={(v) => {
              setOutcome(v);
              setPage(1);
            }}
            options={labelOptions(t, 'outcomes').map(({ value, label }) => ({ value: value as Outcome, label }))}
          />
        </Space>
        <Table<Row>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          data-testid="reminder-list"
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('sentAt'), width: 160, render: (_, r) => formatDateTime(r.at) },
            { title: t('name'), render: (_, r) => <Link to={`/persons/${r.person.id}`}>{r.person.name}</Link> },
            { title: t('idNumber'), className: 'mono', render: (_, r) => r.person.idNumberMasked },
            { title: t('reminderKind'), render: (_, r) => t(`reminderKinds.${r.kind}`) },
            {
              title: t('reminderOutcome'),
              render: (_, r) => <Tag color={OUTCOME_COLOR[r.outcome]}>{t(`outcomes.${r.outcome}`)}</Tag>,
            },
            { title: t('reminderText'), dataIndex: 'text' },
          ]}
        />
      </Card>
    </div>
  );
}
