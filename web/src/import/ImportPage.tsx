/** Upload a register with a live progress bar (rows/s, ETA), then the summary and the error report. */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import ExportCard from './ExportCard';
import ImportResult from './ImportResult';
import MappingStep from './MappingStep';
import { fetchImportErrors, fetchImportJob, type Uploaded, uploadForPreview } from './queries';

/** The first bad rows and why, so the officer sees what to fix without opening the report. */
function ErrorPreview({ jobId }: { jobId: string }) {
  const { t, i18n } = useTranslation('import');
  const en = i18n.language.startsWith('en');
  const preview = useQuery({
    queryKey: ['import-errors', jobId],
    queryFn: () => fetchImportErrors(jobId),
  });
  const rows = (preview.data?.items ?? []).flatMap((r) =>
    r.issues.map((issue, k) => ({
      key: `${r.rowNumber}-${k}`,
      row: r.rowNumber,
      column: issue.column,
      reason: en ? issue.en : issue.zh,
      warning: issue.warning === true,
    })),
  );
  return (
    <Table
      size="small"
      loading={preview.isPending}
      title={() => t('previewTitle', { n: 20 })}
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('row'), dataIndex: 'row', width: 80 },
        { title: t('column'), dataIndex: 'column', width: 160 },
        {
          title: t('reason'),
          dataIndex: 'reason',
          render: (reason: string, row: { warning: boolean }) => (
            <>
              {row.warning && <Tag color="orange">{t('warningTag')}</Tag>}
              {reason}
            </>
          ),
        },
      ]}
      data-testid="import-error-preview"
    />
  );
}

function JobStatus({ jobId }: { jobId: string }) {
  const { t, i18n } = useTranslation('import');
  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: () => fetchImportJob(jobId),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
  const j = job.data;
  if (!j) return null;
  const running = j.status === 'running';
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-status">
      <Typography.Text strong>{running ? t('running') : t('done')}</Typography.Text>
      <Progress
        percent={Math.round(j.fraction * 100)}
        status={running ? 'active' : 'success'}
        data-testid="import-progress"
      />
      {running && (
        <Typography.Text type="secondary">
          {t('rows', { n: j.rowsRead })} · {t('rate', { n: Math.round(j.rowsPerSecond) })}
          {j.etaSeconds !== null && ` · ${t('eta', { s: Math.round(j.etaSeconds) })}`}
        </Typography.Text>
      )}
      {j.message && running && (
        <Alert type="warning" message={i18n.language.startsWith('en') ? j.message.en : j.message.zh} />
      )}
      {!running && <ImportResult summary={j.summary} />}
      {!running && j.failed + j.warnings > 0 && (
        <Button icon={<DownloadOutlined />} href={`/api/imports/${j.id}/errors.xlsx`} data-testid="error-report">
          {t('report')}
        </Button>
      )}
      {!running && j.failed + j.warnings > 0 && <ErrorPreview jobId={j.id} />}
    </Space>
  );
}

export default function ImportPage() {
  const { t } = useTranslation('import');
  const [update, setUpdate] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Upload first: the mapping step shows the columns and the first rows before anything is written.
  const onFile = async (file: File) => {
    setError(null);
    setBusy(true);
    setJobId(null);
    setUploaded(null);
    try {
      setUploaded(await uploadForPreview(file, update));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Card title={t('importTitle')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('importHint')}</Typography.Paragraph>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href="/api/imports/template.xlsx" data-testid="import-template">
              {t('template')}
            </Button>
            <Upload
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void onFile(file);
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="import-upload">
                {t('choose')}
              </Button>
            </Upload>
            <Checkbox checked={update} onChange={(e) => setUpdate(e.target.checked)}>
              {t('update')}
            </Checkbox>
          </Space>
          {error && <Alert type="error" message={error} showIcon data-testid="import-error" />}
          {uploaded && (
            <MappingStep
              key={uploaded.upload.id}
              uploaded={uploaded}
              update={update}
              onStarted={(id) => {
                setUploaded(null);
                setJobId(id);
              }}
              onCancel={() => setUploaded(null)}
            />
          )}
          {jobId && <JobStatus jobId={jobId} />}
        </Space>
      </Card>
      <ExportCard />
    </Space>
  );
}
