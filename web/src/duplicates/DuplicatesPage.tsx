/**
 * 疑似重复: the review queue of duplicate candidates (GET /api/duplicates). Each pair side by side with the score
 * parts; actions: merge (POST /api/persons/merge, issue 24 part 3), not the same person, refer to the other office.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorLine } from '../components/errorText';
import { ErrorState, Loading } from '../components/States';
import MergeDialog from '../merge/MergeDialog';
import {
  type DuplicatePair,
  fetchDuplicates,
  markNotDuplicate,
  referDuplicate,
  type PairSide as Side,
} from './queries';

export type { DuplicatePair };

type View = 'open' | 'decided';

const FIELDS = ['name', 'idNumber', 'sex', 'birthDate', 'hukou', 'residence', 'spouse', 'children', 'phone'] as const;

function Comparison({ pair }: { pair: DuplicatePair }) {
  const { t } = useTranslation('duplicates');
  const cell = (side: Side, field: (typeof FIELDS)[number]): string => {
    const p = side.person;
    if (!p) {
      const m = side.masked;
      if (!m) return '—';
      if (field === 'name') return m.name;
      if (field === 'sex') return t(`sex.${m.sex}`);
      if (field === 'birthDate') return String(m.birthYear);
      if (field === 'residence') return t('outside', { office: m.office.fullName });
      return '—';
    }
    const values: Record<(typeof FIELDS)[number], string | null | undefined> = {
      name: p.name,
      idNumber: p.idNumberMasked,
      sex: t(`sex.${p.sex}`),
      birthDate: p.birthDate,
      hukou: p.hukouDivision.fullName,
      residence: p.residenceDivision.fullName,
      spouse: p.spouseName,
      children: (p.children ?? []).map((c) => `${c.name} ${c.birthDate}`).join('，'),
      phone: p.phone,
    };
    return values[field] || '—';
  };
  // Differences are marked only between two full records: a masked summary differs by design.
  const compare = pair.a.inScope && pair.b.inScope;
  const rows = FIELDS.map((field) => ({ field, a: cell(pair.a, field), b: cell(pair.b, field) }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      columns={[
        { title: '', dataIndex: 'field', width: 120, render: (f: string) => t(`fields.${f}`) },
        {
          title: t('recordA'),
          dataIndex: 'a',
          render: (v: string, r) => (compare ? <Diff value={v} other={r.b} /> : v),
        },
        {
          title: t('recordB'),
          dataIndex: 'b',
          render: (v: string, r) => (compare ? <Diff value={v} other={r.a} /> : v),
        },
      ]}
    />
  );
}

function Diff({ value, other }: { value: string; other: string }) {
  return value !== other && value !== '—' && other !== '—' ? <Typography.Text mark>{value}</Typography.Text> : value;
}

function PairCard({ pair, onDone }: { pair: DuplicatePair; onDone: () => void }) {
  const { t, i18n } = useTranslation('duplicates');
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [merging, setMerging] = useState(false);
  const lang = i18n.language.startsWith('en') ? 'en' : 'zh';
  const both = pair.a.inScope && pair.b.inScope;
  const open = pair.status === 'open' || pair.status === 'referred';
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      message.success(t('actions.done'));
      onDone();
    } catch (error) {
      message.error(t('actions.failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setBusy(false);
    }
  };
  const confirm = (title: string, label: string, run: () => Promise<void>, testId: string, primary = false) => (
    <Popconfirm title={title} onConfirm={run} okButtonProps={{ id: `${testId}-ok` }}>
      <Button type={primary ? 'primary' : 'default'} loading={busy} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
  return (
    <Card
      size="small"
      data-testid="duplicate-pair"
      title={
        <Space wrap>
          <Tag color={pair.likely ? 'red' : 'orange'}>{pair.likely ? t('likely') : t('candidate')}</Tag>
          <span>{t('score', { score: pair.score })}</span>
          <Tag>{t(`status.${pair.status}`)}</Tag>
          {pair.referredToMe && pair.referredFrom && (
            <Tag color="blue">{t('referredToMe', { from: pair.referredFrom.fullName })}</Tag>
          )}
          {!pair.referredToMe && pair.referredTo && <Tag>{t('referredTo', { to: pair.referredTo.fullName })}</Tag>}
        </Space>
      }
      extra={
        open && (
          <Space wrap>
            {both && (
              // The merge dialog: fields side by side with a choice each, what will move, a reason (issue 24 part 3).
              <Button type="primary" loading={busy} data-testid="merge" onClick={() => setMerging(true)}>
                {t('actions.merge')}
              </Button>
            )}
            {both &&
              confirm(
                t('actions.notDuplicateConfirm'),
                t('actions.notDuplicate'),
                () => act(() => markNotDuplicate(pair.id)),
                'not-duplicate',
              )}
            {!both &&
              pair.status === 'open' &&
              confirm(t('actions.referConfirm'), t('actions.refer'), () => act(() => referDuplicate(pair.id)), 'refer')}
          </Space>
        )
      }
    >
      {both && pair.a.person && pair.b.person ? (
        <MergeDialog
          open={merging}
          survivorId={pair.a.person.id}
          mergedId={pair.b.person.id}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            onDone();
          }}
        />
      ) : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap aria-label={t('parts')}>
          {pair.parts.map((p) => (
            <Tag key={`${p.field}-${p.label.zh}`} color={p.weight > 0 ? 'green' : 'default'}>
              {p.label[lang]} {p.weight > 0 ? `+${p.weight}` : p.weight}
            </Tag>
          ))}
        </Space>
        {!both && <Typography.Text type="secondary">{t('outsideHint')}</Typography.Text>}
        <Comparison pair={pair} />
      </Space>
    </Card>
  );
}

export default function DuplicatesPage() {
  const { t } = useTranslation('duplicates');
  const client = useQueryClient();
  const [view, setView] = useState<View>('open');
  const pairs = useQuery({
    queryKey: ['duplicates', view],
    queryFn: () => fetchDuplicates({ view, pageSize: 50 }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['duplicates'] });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <div>
        <Typography.Title level={3}>{t('title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
      </div>
      <Tabs
        activeKey={view}
        onChange={(key) => setView(key as View)}
        items={[
          { key: 'open', label: t('tabs.open') },
          { key: 'decided', label: t('tabs.decided') },
        ]}
        tabBarExtraContent={
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t('refresh')}
          </Button>
        }
      />
      {pairs.isPending && <Loading />}
      {pairs.isError && <ErrorState error={pairs.error} onRetry={() => pairs.refetch()} />}
      {pairs.data && pairs.data.items.length === 0 && <Empty description={t('empty')} />}
      {pairs.data?.items.map((pair) => (
        <PairCard key={pair.id} pair={pair} onDone={refresh} />
      ))}
    </Space>
  );
}
