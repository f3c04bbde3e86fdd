/**
 * After upload, before anything is written (issue 20): each column with the field it is imported as, why,
 * samples and how many cells parse; the user may choose another field or "不导入", and sees the first rows
 * as they will be imported. 确认导入 starts the import with exactly this mapping.
 */
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labelOptions } from '../i18n/options';
import PreviewRows from './PreviewRows';
import {
  type ImportPreview,
  importUpload,
  type Mapping,
  mappingOf,
  type PreviewColumn,
  previewAgain,
  type Uploaded,
} from './queries';

const SOURCE_COLOR = {
  header: 'default',
  content: 'cyan',
  remembered: 'purple',
  user: 'blue',
  none: 'default',
} as const;

interface Props {
  uploaded: Uploaded;
  update: boolean;
  onStarted: (jobId: string) => void;
  onCancel: () => void;
}

export default function MappingStep({ uploaded, update, onStarted, onCancel }: Props) {
  const { t, i18n } = useTranslation('import');
  const en = i18n.language.startsWith('en');
  const [preview, setPreview] = useState<ImportPreview>(uploaded.preview);
  const [mapping, setMapping] = useState<Mapping>(() => mappingOf(uploaded.preview));
  const [loading, setLoading] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);

  const refresh = async (next: Mapping) => {
    setLoading(true);
    setError(null);
    try {
      const p = await previewAgain(uploaded.upload.id, next, update);
      setPreview(p);
      setMapping(mappingOf(p));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };

  // "Update registered persons" changes what the rows will do: preview them again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of `update` re-previews
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void refresh(mapping);
  }, [update]);

  const choose = (header: string, field: string) => {
    // One column per field: the column that had it is no longer imported as it.
    const next: Mapping = {};
    for (const [h, f] of Object.entries(mapping)) next[h] = f === field && field !== 'ignore' ? 'ignore' : f;
    next[header] = field;
    setMapping(next);
    void refresh(next);
  };

  const confirm = async () => {
    setStarting(true);
    setError(null);
    try {
      onStarted((await importUpload(uploaded.upload.id, mapping, update)).id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  const sourceText = {
    header: t('mapping.sourceHeader'),
    content: t('mapping.sourceContent'),
    remembered: t('mapping.sourceRemembered'),
    user: t('mapping.sourceUser'),
    none: t('mapping.sourceNone'),
  };
  const options = [{ value: 'ignore', label: t('mapping.ignore') }, ...labelOptions(t, 'fields')];

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-mapping">
      <Typography.Title level={5}>
        {t('mapping.mappingTitle')} · {uploaded.upload.fileName}
      </Typography.Title>
      <Typography.Text type="secondary">{t('mapping.mappingHint')}</Typography.Text>
      {preview.remembered && (
        <Alert type="info" showIcon message={t('mapping.remembered')} data-testid="import-remembered" />
      )}
      {preview.missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="import-missing"
          message={t('mapping.missing', {
            fields: preview.missing.map((m) => (en ? m.en : m.zh)).join(en ? ', ' : '、'),
          })}
        />
      )}
      <Table<PreviewColumn>
        size="small"
        rowKey="header"
        pagination={false}
        dataSource={preview.columns}
        data-testid="import-columns"
        onRow={(c) => ({ 'data-field': mapping[c.header] ?? 'ignore' }) as React.HTMLAttributes<HTMLElement>}
        footer={preview.moreRows ? () => t('mapping.scanned', { n: preview.scannedRows }) : undefined}
        columns={[
          { title: t('mapping.header'), dataIndex: 'header', width: 160 },
          {
            title: t('mapping.field'),
            key: 'field',
            width: 190,
            render: (_: unknown, c: PreviewColumn) => (
              <Select
                style={{ width: 170 }}
                value={mapping[c.header] ?? 'ignore'}
                options={options}
                virtual={false}
                listHeight={420}
                disabled={loading || starting}
                onChange={(value: string) => choose(c.header, value)}
                data-testid={`map-${c.header}`}
              />
            ),
          },
          {
            title: t('mapping.source'),
            key: 'source',
            width: 130,
            render: (_: unknown, c: PreviewColumn) => <Tag color={SOURCE_COLOR[c.source]}>{sourceText[c.source]}</Tag>,
          },
          {
            title: t('mapping.samples'),
            key: 'samples',
            render: (_: unknown, c: PreviewColumn) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                {c.samples.join(' · ')}
              </Typography.Text>
            ),
          },
          {
            title: t('mapping.parsed'),
            key: 'parsed',
            width: 90,
            render: (_: unknown, c: PreviewColumn) =>
              c.parsed === null ? (
                '—'
              ) : (
                <Typography.Text type={c.parsed < c.total ? 'danger' : undefined}>
                  {c.parsed}/{c.total}
                </Typography.Text>
              ),
          },
        ]}
      />
      <PreviewRows preview={preview} loading={loading} />
      {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
      <Space>
        <Button
          type="primary"
          onClick={() => void confirm()}
          loading={starting}
          disabled={loading || preview.missing.length > 0}
          data-testid="import-confirm"
        >
          {t('mapping.confirm')}
        </Button>
        <Button onClick={onCancel} disabled={starting}>
          {t('mapping.cancel')}
        </Button>
      </Space>
    </Space>
  );
}
