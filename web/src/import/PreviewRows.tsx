/** The first rows as they will be imported: one column per mapped field, cells with a problem highlighted. */
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import DivisionName from '../components/DivisionName';
import type { ImportPreview, PreviewRow } from './queries';

const STATUS_COLOR = { new: 'green', update: 'blue', unchanged: 'default', error: 'red' } as const;

export default function PreviewRows({ preview, loading }: { preview: ImportPreview; loading: boolean }) {
  const { t, i18n } = useTranslation('import');
  const en = i18n.language.startsWith('en');
  const statusText = {
    new: t('mapping.statusNew'),
    update: t('mapping.statusUpdate'),
    unchanged: t('mapping.statusUnchanged'),
    error: t('mapping.statusError'),
  };

  const show = (field: string, value: string | undefined) => {
    if (!value) return '';
    if (field === 'hukouDivision' || field === 'residenceDivision') return <DivisionName code={value} />;
    if (field === 'maritalStatus') return t(`persons:marital.${value}`, { defaultValue: value });
    if (field === 'housingType') return t(`persons:housing.${value}`, { defaultValue: value });
    if (field === 'sex') return t(`persons:sex.${value}`, { defaultValue: value });
    return value;
  };

  const mapped = preview.columns.filter((c) => c.field !== null);
  const fieldColumns: ColumnsType<PreviewRow> = mapped.map((c) => {
    return {
      key: c.header,
      title: t(`fields.${c.field}`, { defaultValue: c.field }),
      render: (_: unknown, row: PreviewRow) => show(c.field as string, row.values[c.field as string]),
      onCell: (row: PreviewRow) => {
        const hit = row.issues.filter((i) => i.column === c.header);
        if (hit.length === 0) return {};
        const warning = hit.every((i) => i.warning);
        return {
          className: warning ? 'import-cell-warning' : 'import-cell-error',
          style: { background: warning ? '#fff7e6' : '#fff1f0' },
        };
      },
    };
  });

  return (
    <Table<PreviewRow>
      size="small"
      rowKey="rowNumber"
      loading={loading}
      scroll={{ x: 'max-content' }}
      title={() => t('mapping.previewTitle', { n: preview.rows.length })}
      pagination={false}
      dataSource={preview.rows}
      locale={{ emptyText: preview.missing.length > 0 ? t('mapping.noRows') : undefined }}
      data-testid="import-preview-rows"
      columns={[
        { title: t('mapping.row'), dataIndex: 'rowNumber', width: 64, fixed: 'left' },
        {
          title: t('mapping.result'),
          dataIndex: 'status',
          width: 90,
          render: (status: PreviewRow['status']) => <Tag color={STATUS_COLOR[status]}>{statusText[status]}</Tag>,
        },
        {
          title: t('mapping.problems'),
          key: 'issues',
          width: 280,
          render: (_: unknown, row: PreviewRow) =>
            row.issues.map((issue) => (
              <div key={`${issue.column}|${issue.zh}`}>
                {issue.warning ? <Tag color="orange">{t('mapping.warning')}</Tag> : null}
                <Typography.Text type={issue.warning ? 'warning' : 'danger'}>
                  {issue.column ? `${issue.column}：` : ''}
                  {en ? issue.en : issue.zh}
                </Typography.Text>
              </div>
            )),
        },
        ...fieldColumns,
      ]}
    />
  );
}
