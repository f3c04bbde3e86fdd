/** Staff screen: pick a person by search, issue / re-issue / revoke their certificate, print one or many as PDF. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '../api';
import ApplicationsCard from '../complaints/ApplicationsCard';
import { errorLine } from '../components/errorText';
import PersonPicker from '../components/PersonPicker';
import ReasonModal from '../components/ReasonModal';
import {
  type Certificate,
  fetchIssued,
  fetchPersonCertificates,
  fetchPrintJob,
  issueCertificate,
  reissueCertificate,
  revokeCertificate,
  startPrintJob,
} from './queries';

/** Who the card is for: any person answer has these. */
type Person = Pick<Certificate, 'name' | 'idNumberMasked'> & { id: string };

/** The API's message plus each field issue, so a refused issue says why. */
function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return errorLine(error);
  return error instanceof Error ? error.message : fallback;
}

const STATUS_COLOR = { valid: 'green', expired: 'orange', revoked: 'red', replaced: 'default' } as const;

export function StatusTag({ status }: { status: Certificate['status'] }) {
  const { t } = useTranslation('certificates');
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`cert-status-${status}`}>
      {t(status)}
    </Tag>
  );
}

/** One person's certificates with issue / re-issue / revoke; also the person page's 证明 tab. */
export function PersonCertificates({
  person,
  onChanged,
  kinds,
}: {
  person: Person;
  onChanged?: () => void;
  /** The kinds this user may issue this person, when known (the person page); otherwise both are offered. */
  kinds?: Certificate['kind'][];
}) {
  const { t } = useTranslation('certificates');
  const client = useQueryClient();
  const key = ['certificates', 'person', person.id];
  const list = useQuery({
    queryKey: key,
    queryFn: () => fetchPersonCertificates(person.id),
  });
  // One pending confirmation: revoke or re-issue a listed certificate, or replace the current one by issuing.
  const [action, setAction] = useState<
    | { kind: 'revoke' | 'reissue'; cert: Certificate }
    | { kind: 'replace'; cert: Certificate; newKind: Certificate['kind'] }
    | null
  >(null);
  const refresh = () => {
    onChanged?.();
    return client.invalidateQueries({ queryKey: ['certificates'] });
  };
  const current = list.data?.items.find((c) => c.status === 'valid');
  const issue = useMutation({
    mutationFn: (input: { kind: Certificate['kind']; reason?: string }) =>
      issueCertificate({
        personId: person.id,
        kind: input.kind,
        ...(input.reason ? { replace: true, reason: input.reason } : {}),
      }),
    onSuccess: () => {
      setAction(null);
      return refresh();
    },
    // The list was stale: the server names the current certificate; reload so the next click asks first.
    onError: (e) => (isApiError(e, 'CERTIFICATE_EXISTS') ? refresh() : undefined),
  });
  const startIssue = (kind: Certificate['kind']) => {
    issue.reset();
    if (current) setAction({ kind: 'replace', cert: current, newKind: kind });
    else issue.mutate({ kind });
  };
  const change = useMutation({
    mutationFn: (input: { kind: 'revoke' | 'reissue'; id: string; reason: string }) =>
      (input.kind === 'revoke' ? revokeCertificate : reissueCertificate)(input.id, input.reason),
    onSuccess: () => {
      setAction(null);
      return refresh();
    },
  });
  const error = issue.error ?? change.error;
  return (
    <Card title={`${person.name} ${person.idNumberMasked}`} data-testid="cert-person">
      <Space wrap style={{ marginBottom: 16 }}>
        {!kinds || kinds.includes('standard') ? (
          <Button
            type="primary"
            data-testid="issue-standard"
            loading={issue.isPending}
            onClick={() => startIssue('standard')}
          >
            {t('issueStandard')}
          </Button>
        ) : null}
        {!kinds || kinds.includes('temporary') ? (
          <Button data-testid="issue-temporary" onClick={() => startIssue('temporary')}>
            {t('issueTemporary')}
          </Button>
        ) : null}
      </Space>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(error, '')}
          style={{ marginBottom: 16 }}
          data-testid="cert-error"
        />
      ) : null}
      <Table<Certificate>
        rowKey="id"
        size="small"
        expandable={{ childrenColumnName: '__none' }}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('noCertificates') }}
        columns={[
          {
            title: t('number'),
            dataIndex: 'number',
            render: (n: string) => <span data-testid="cert-number">{n}</span>,
          },
          { title: t('kind'), dataIndex: 'kind', render: (k: Certificate['kind']) => t(k) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Certificate['status']) => <StatusTag status={s} />,
          },
          { title: t('issuedOn'), dataIndex: 'issuedOn' },
          { title: t('expiresOn'), dataIndex: 'expiresOn' },
          {
            title: t('actions'),
            render: (_: unknown, c: Certificate) => (
              <Space>
                <a href={`/api/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer" data-testid="cert-pdf">
                  {t('pdf')}
                </a>
                {c.status === 'valid' || c.status === 'expired' ? (
                  <>
                    <Button
                      size="small"
                      data-testid="cert-reissue"
                      onClick={() => setAction({ kind: 'reissue', cert: c })}
                    >
                      {t('reissue')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      data-testid="cert-revoke"
                      onClick={() => setAction({ kind: 'revoke', cert: c })}
                    >
                      {t('revoke')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        key={action ? `${action.kind}-${action.cert.id}` : 'closed'}
        open={action !== null}
        title={action?.kind === 'revoke' ? t('revoke') : action?.kind === 'replace' ? t('replaceTitle') : t('reissue')}
        description={
          action
            ? t(
                action.kind === 'replace'
                  ? 'replaceExisting'
                  : action.kind === 'revoke'
                    ? 'revokeWhich'
                    : 'reissueWhich',
                { number: action.cert.number, expiresOn: action.cert.expiresOn },
              )
            : null
        }
        placeholder={t('reasonPrompt')}
        okText={action?.kind === 'revoke' ? t('revoke') : t('reissue')}
        cancelText={t('cancel')}
        danger={action?.kind === 'revoke'}
        loading={issue.isPending || change.isPending}
        onCancel={() => setAction(null)}
        onOk={(reason) => {
          if (action?.kind === 'replace') issue.mutate({ kind: action.newKind, reason });
          else if (action) change.mutate({ kind: action.kind, id: action.cert.id, reason });
        }}
      />
    </Card>
  );
}

function BatchPrint() {
  const { t } = useTranslation('certificates');
  const [selected, setSelected] = useState<string[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['certificates', 'issued'],
    queryFn: fetchIssued,
  });
  const job = useQuery({
    queryKey: ['print-job', jobId],
    enabled: jobId !== null,
    queryFn: () => fetchPrintJob(jobId ?? ''),
    refetchInterval: (q) => (q.state.data?.job.state === 'running' ? 500 : false),
  });
  const start = async () => {
    const res = await startPrintJob(selected);
    setJobId(res.job.id);
  };
  const j = job.data?.job;
  return (
    <Card title={t('issuedList')} style={{ marginTop: 16 }}>
      <Space style={{ marginBottom: 12 }}>
        <Button disabled={selected.length === 0} onClick={() => void start()} data-testid="batch-print">
          {t('batchPrint')} ({selected.length})
        </Button>
        {j ? <Progress percent={Math.round((j.done / j.total) * 100)} size="small" style={{ width: 200 }} /> : null}
        {j?.state === 'done' ? <a href={`/api/certificates/print-jobs/${j.id}/pdf`}>{t('download')}</a> : null}
      </Space>
      <Table<Certificate>
        rowKey="id"
        size="small"
        expandable={{ childrenColumnName: '__none' }}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        columns={[
          { title: t('number'), dataIndex: 'number' },
          { title: t('person'), dataIndex: 'name' },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: Certificate['status']) => <StatusTag status={s} />,
          },
          { title: t('expiresOn'), dataIndex: 'expiresOn' },
        ]}
      />
    </Card>
  );
}

export default function CertificatesPage() {
  const { t } = useTranslation('certificates');
  const [person, setPerson] = useState<Person | null>(null);
  return (
    <div className="page">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <ApplicationsCard />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>{t('lookupLabel')}</span>
          <PersonPicker value={person} onChange={setPerson} testId="cert-picker" />
        </Space>
      </Card>
      {person ? <PersonCertificates person={person} /> : null}
      <BatchPrint />
    </div>
  );
}
