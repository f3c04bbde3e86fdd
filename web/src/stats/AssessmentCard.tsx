/** Staff assessment of one unit and year (report 4's scheme), with the export. */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { query } from '../api';
import { fetchAssessment } from './queries';
import { fill, strings } from './strings';

export default function AssessmentCard({
  division,
  year,
  onPick,
}: {
  division: string;
  year: number;
  /** Opens another unit's statistics, where its own assessment shows. */
  onPick: (code: string) => void;
}) {
  const { i18n } = useTranslation();
  const s = strings(i18n.language);
  const data = useQuery({
    queryKey: ['stats', 'assessment', division, year],
    queryFn: ({ signal }) => fetchAssessment({ division, year }, signal),
  });
  return (
    <Card
      title={s.assessment}
      style={{ marginTop: 16 }}
      data-testid="assessment-card"
      extra={
        <a href={`/api/stats/assessments/export${query({ division, year })}`} download>
          <Button icon={<DownloadOutlined />}>{s.exportAssessment}</Button>
        </a>
      }
    >
      <Typography.Paragraph type="secondary">{s.assessmentHint}</Typography.Paragraph>
      {data.data && data.data.results.length === 0 ? (
        <Empty
          data-testid="assessment-empty"
          description={data.data.unitsBelow.length > 0 ? s.assessmentBelow : s.noData}
        >
          {data.data.unitsBelow.map((u) => (
            <Button key={u.code} type="link" onClick={() => onPick(u.code)} data-testid={`assessment-unit-${u.code}`}>
              {fill(s.unitStaff, { name: u.name, n: u.staff })}
            </Button>
          ))}
        </Empty>
      ) : (
        <Table
          size="small"
          rowKey="staffName"
          loading={data.isPending}
          pagination={false}
          dataSource={data.data?.results ?? []}
          columns={[
            { title: s.rank, dataIndex: 'rank', width: 70 },
            { title: s.name, dataIndex: 'staffName' },
            { title: s.discipline, dataIndex: 'discipline', align: 'right' },
            { title: s.work, dataIndex: 'work', align: 'right' },
            { title: s.total, dataIndex: 'total', align: 'right' },
            {
              title: s.bonus,
              dataIndex: 'bonusAdjustment',
              align: 'right',
              render: (v: number) =>
                v === 0 ? '—' : <Tag color={v > 0 ? 'green' : 'orange'}>{`${v > 0 ? '+' : ''}${v}%`}</Tag>,
            },
            {
              title: s.flagged,
              dataIndex: 'flagged',
              render: (v: boolean) => (v ? <Tag color="red">{s.flagged}</Tag> : null),
            },
          ]}
        />
      )}
    </Card>
  );
}
