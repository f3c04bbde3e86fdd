/** Home-page counts of the user's deadline work list (due, overdue, done), per task. */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fetchWorklistSummary, type WorklistSummary } from './queries';
import WorklistItems, { WORK_KINDS, type WorkKind } from './WorklistItems';

type Counts = WorklistSummary['totals'];

function CountRow({ counts }: { counts: Counts }) {
  const { t } = useTranslation('certificates');
  return (
    <Row gutter={16}>
      <Col span={8}>
        <Statistic title={t('due')} value={counts.due} />
      </Col>
      <Col span={8}>
        <Statistic
          title={t('overdue')}
          value={counts.overdue}
          valueStyle={{ color: counts.overdue ? '#cf1322' : undefined }}
        />
      </Col>
      <Col span={8}>
        <Statistic title={t('done')} value={counts.done} />
      </Col>
    </Row>
  );
}

export default function WorklistCard({ detailed = false }: { detailed?: boolean }) {
  const { t, i18n } = useTranslation('certificates');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // The home page's rows open the work-list page on that task (/worklists?kind=…).
  const asked = params.get('kind');
  const [kind, setKind] = useState<WorkKind | undefined>(WORK_KINDS.find((k) => k === asked));
  const summary = useQuery({
    queryKey: ['worklists', 'summary'],
    queryFn: fetchWorklistSummary,
  });
  if (!summary.data) return <Card loading={summary.isPending} title={t('worklists')} />;
  const s = summary.data;
  const card = (
    <Card title={t('worklists')} data-testid="worklist-card">
      <CountRow counts={s.totals} />
      <Table
        size="small"
        style={{ marginTop: 16 }}
        pagination={false}
        rowKey="kind"
        dataSource={WORK_KINDS.map((k) => ({
          kind: k,
          label: t(k),
          ...(s.byKind[k] ?? { due: 0, overdue: 0, done: 0 }),
        }))}
        // On the work-list page a task row opens its list of people below; on the home page, that page.
        onRow={(row) => ({
          onClick: () => (detailed ? setKind(row.kind) : navigate(`/worklists?kind=${row.kind}`)),
          style: { cursor: 'pointer' },
          'data-testid': `worklist-kind-${row.kind}`,
        })}
        rowClassName={(row) => (detailed && row.kind === kind ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('byKind'), dataIndex: 'label' },
          { title: t('due'), dataIndex: 'due' },
          { title: t('overdue'), dataIndex: 'overdue' },
          { title: t('done'), dataIndex: 'done' },
        ]}
      />
      {detailed ? (
        <Table
          size="small"
          style={{ marginTop: 16 }}
          pagination={false}
          rowKey="username"
          dataSource={s.byStaff}
          columns={[
            { title: t('byStaff'), dataIndex: 'displayName' },
            { title: t('due'), dataIndex: 'due' },
            { title: t('overdue'), dataIndex: 'overdue' },
            { title: t('done'), dataIndex: 'done' },
          ]}
        />
      ) : null}
      {s.complaints ? (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="worklist-complaints">
          <Link to="/complaints">{t('complaints')}</Link>
          {t('complaintCounts', { due: s.complaints.due, overdue: s.complaints.overdue })}
        </Typography.Paragraph>
      ) : null}
      {s.restock && s.restock.length > 0 ? (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="worklist-restock">
          <Link to="/supplies">
            {t('restock')}：{s.restock.length}
          </Link>
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {s.note[i18n.language === 'en' ? 'en' : 'zh']}
      </Typography.Paragraph>
    </Card>
  );
  return detailed ? (
    <>
      {card}
      <WorklistItems kind={kind} onKind={setKind} />
    </>
  ) : (
    card
  );
}
