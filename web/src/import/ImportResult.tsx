/** The finished import per category (新登记, 已更新, 无变化, 未导入, 需核实): how many rows, and what to do. */
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Item } from '../api/types';
import type { ImportJob } from './queries';

export type SummaryLine = Item<ImportJob['summary']>;

const COLORS: Record<SummaryLine['category'], string> = {
  inserted: 'green',
  updated: 'blue',
  unchanged: 'default',
  refused: 'red',
  warned: 'orange',
};

export default function ImportResult({ summary }: { summary: SummaryLine[] }) {
  const { t, i18n } = useTranslation('import');
  const en = i18n.language.startsWith('en');
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="category"
      dataSource={summary}
      data-testid="import-summary"
      columns={[
        {
          title: t('result.category'),
          dataIndex: 'category',
          width: 200,
          render: (_: string, line: SummaryLine) => (
            <Tag color={line.count > 0 ? COLORS[line.category] : 'default'}>{en ? line.label.en : line.label.zh}</Tag>
          ),
        },
        {
          title: t('result.count'),
          dataIndex: 'count',
          width: 90,
          align: 'right',
          render: (count: number, line: SummaryLine) => (
            <span data-testid={`import-count-${line.category}`}>{count}</span>
          ),
        },
        {
          title: t('result.advice'),
          key: 'advice',
          render: (_: unknown, line: SummaryLine) => (en ? line.advice.en : line.advice.zh),
        },
      ]}
    />
  );
}
