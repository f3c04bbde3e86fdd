/** Export of a division subtree: the download streams, and a bar follows the rows received (CSV) or bytes. */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Progress, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';

/** Bytes per exported row, roughly, for a progress estimate of an xlsx (rows are not countable mid-zip). */
const XLSX_BYTES_PER_ROW = 120;

export default function ExportCard() {
  const { t } = useTranslation('import');
  const user = useUser();
  const [division, setDivision] = useState<string | undefined>(user.division.code);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [fullIds, setFullIds] = useState(false);
  const [progress, setProgress] = useState<{ total: number; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mayFull = user.role === 'county_admin' || user.role === 'township_officer';

  const run = async () => {
    if (!division) return;
    setError(null);
    const url = `/api/exports/persons?division=${division}&format=${format}&idNumbers=${fullIds ? 'full' : 'masked'}`;
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? String(res.status));
      return;
    }
    const total = Number(res.headers.get('X-Total-Rows') ?? 0);
    setProgress({ total, percent: 0 });
    const reader = res.body.getReader();
    const parts: Uint8Array[] = [];
    let bytes = 0;
    let rows = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.length;
      if (format === 'csv') for (const b of value) if (b === 10) rows++;
      const estimate =
        format === 'csv' ? rows / Math.max(1, total + 1) : bytes / Math.max(1, total * XLSX_BYTES_PER_ROW);
      setProgress({ total, percent: Math.min(99, Math.round(estimate * 100)) });
    }
    setProgress({ total, percent: 100 });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(parts as BlobPart[]));
    link.download = t('exportFile', { division, format });
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Card title={t('exportTitle')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('division')}</Typography.Text>
          <DivisionPicker value={division} onChange={setDivision} style={{ minWidth: 320 }} />
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value)}>
            <Radio.Button value="xlsx">xlsx</Radio.Button>
            <Radio.Button value="csv">csv</Radio.Button>
          </Radio.Group>
          {mayFull && (
            <Checkbox checked={fullIds} onChange={(e) => setFullIds(e.target.checked)}>
              {t('fullIds')}
            </Checkbox>
          )}
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            onClick={() => void run()}
            disabled={!division}
            data-testid="export-run"
          >
            {t('exportButton')}
          </Button>
        </Space>
        {progress && (
          <>
            <Typography.Text type="secondary">
              {progress.percent < 100 ? t('exporting', { n: progress.total }) : `${t('exported')} ${progress.total}`}
            </Typography.Text>
            <Progress percent={progress.percent} data-testid="export-progress" />
          </>
        )}
        {error && <Alert type="error" message={error} showIcon />}
      </Space>
    </Card>
  );
}
