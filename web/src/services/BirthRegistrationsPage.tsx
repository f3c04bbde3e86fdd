/**
 * Birth service registration: the review queue, a registration's detail (pre-filled facts, history, scans,
 * review actions, the QR code once registered), and a new registration at the counter.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError, isApiError, query } from '../api';
import { useUser } from '../auth';
import { describeError, errorLine } from '../components/errorText';
import PersonPicker, { type PickedPerson } from '../components/PersonPicker';
import ReasonModal from '../components/ReasonModal';
import { formatDate, formatDateTime } from '../format';
import { useLang } from '../lang';
import { DOCUMENT_KINDS, type DocumentKind } from './codes';
import { createRegistration, fetchRegistration, fetchRegistrations, transitionRegistration } from './queries';

type Status = 'submitted' | 'needs_info' | 'registered' | 'withdrawn';
type Action = 'request_info' | 'resubmit' | 'register' | 'withdraw';

const STATUS_COLOR: Record<Status, string> = {
  submitted: 'blue',
  needs_info: 'orange',
  registered: 'green',
  withdrawn: 'default',
};
/** Which actions each state offers (the server's transition table decides; this only hides dead buttons). */
const ACTIONS: Record<Status, Action[]> = {
  submitted: ['request_info', 'register', 'withdraw'],
  needs_info: ['resubmit', 'withdraw'],
  registered: [],
  withdrawn: [],
};
const REVIEW: Action[] = ['request_info', 'register'];

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation('services');
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`birth-status-${status}`}>
      {t(status)}
    </Tag>
  );
}

/** The registry facts stored with the registration, labelled (only what was on record when it was submitted). */
function prefilledRows(p: Record<string, unknown>, t: TFunction<'services'>): [string, string][] {
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
  const place = (v: unknown) => (v && typeof v === 'object' && 'name' in v ? str((v as { name: unknown }).name) : null);
  const rows: [string, string | null][] = [
    [t('pfName'), str(p.name)],
    [t('pfId'), str(p.idNumberMasked)],
    [t('pfBirth'), str(p.birthDate)],
    [
      t('pfMarital'),
      typeof p.maritalStatus === 'string'
        ? t(`persons:marital.${p.maritalStatus}`, { defaultValue: p.maritalStatus })
        : null,
    ],
    [t('pfHukou'), place(p.hukouDivision)],
    [t('pfResidence'), place(p.residenceDivision)],
    [t('pfSpouse'), [str(p.spouseName), str(p.spouseIdNumberMasked)].filter(Boolean).join(' ') || null],
    [t('pfChildren'), str(p.childrenCount)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

function Detail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('services');
  const lang = useLang();
  const user = useUser();
  const reviewer = user.role === 'county_admin' || user.role === 'township_officer';
  const queryClient = useQueryClient();
  const { message: toast } = App.useApp();
  const [note, setNote] = useState('');
  const [docKind, setDocKind] = useState<DocumentKind>('household_register');
  const [uploadError, setUploadError] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: ['birth', id],
    queryFn: ({ signal }) => fetchRegistration(id, signal),
  });
  const [withdrawing, setWithdrawing] = useState(false);
  const act = useMutation({
    mutationFn: ({ action, reason }: { action: Action; reason?: string }) =>
      transitionRegistration(id, {
        action,
        ...(action === 'request_info' ? { message: note } : {}),
        ...(reason ? { reason } : {}),
      }),
    onSuccess: () => {
      setNote('');
      setWithdrawing(false);
      void toast.success(t('saved'));
      void queryClient.invalidateQueries({ queryKey: ['birth'] });
      void queryClient.invalidateQueries({ queryKey: ['births'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploadError(null);
    const body = new FormData();
    body.append('file', file);
    const res = await fetch(`/api/birth-registrations/${id}/documents${query({ documentKind: docKind })}`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN' },
    });
    if (!res.ok) {
      const json = (await res.json().catch(() => null)) as {
        error?: { code: string; message: string; issues: { message: string }[] };
      } | null;
      setUploadError(json?.error ? errorLine(json.error) : String(res.status));
      return;
    }
    void queryClient.invalidateQueries({ queryKey: ['birth', id] });
  };
  const r = detail.data?.registration;
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={r ? `${t('number')} ${r.number}` : t('detail')}
      data-testid="birth-detail"
    >
      {detail.isError ? <Alert type="error" showIcon title={describeError(detail.error)} /> : null}
      {r ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t('applicant')}>
              {r.personName} <span className="mono">{r.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('state')}>
              <StatusTag status={r.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('placeBasis')}>
              {r.placeBasis === 'hukou' ? t('hukou') : t('residence')} · {r.office?.fullName}
            </Descriptions.Item>
            <Descriptions.Item label={t('channel')}>
              {r.channel === 'online' ? t('online') : t('counter')}
            </Descriptions.Item>
            <Descriptions.Item label={t('childOrder')}>{r.childOrder}</Descriptions.Item>
            <Descriptions.Item label={r.childBornOn ? t('childBornOn') : t('expectedOn')}>
              {r.childBornOn ?? r.expectedOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('pledge')}>{r.pledge ? t('yes') : t('no')}</Descriptions.Item>
            <Descriptions.Item label={t('submittedAt')}>{formatDateTime(r.submittedAt)}</Descriptions.Item>
          </Descriptions>
          {r.message && r.status === 'needs_info' ? (
            <Alert type="warning" showIcon title={r.message} data-testid="birth-message" />
          ) : null}
          {r.message && r.status === 'withdrawn' ? (
            <Alert type="info" showIcon title={`${t('withdrawReason')}：${r.message}`} data-testid="birth-message" />
          ) : null}
          <ReasonModal
            open={withdrawing}
            title={t('withdrawTitle')}
            description={t('withdrawWhich', { name: r.personName, number: r.number })}
            placeholder={t('reasonPrompt')}
            okText={t('withdraw')}
            cancelText={t('cancel')}
            danger
            loading={act.isPending}
            onCancel={() => setWithdrawing(false)}
            onOk={(reason) => act.mutate({ action: 'withdraw', reason })}
          />
          {r.status === 'registered' ? (
            <Card size="small" title={t('qr')}>
              <Space align="start">
                {r.qrDataUrl ? (
                  <img src={r.qrDataUrl} alt={t('qr')} width={160} height={160} data-testid="birth-qr" />
                ) : null}
                <Typography.Text type="secondary">
                  {r.exchangeQueued ? t('exchangeQueued') : t('exchangeSent')}
                </Typography.Text>
              </Space>
            </Card>
          ) : null}
          {ACTIONS[r.status].length > 0 ? (
            <Card size="small">
              <Space direction="vertical" style={{ width: '100%' }}>
                {reviewer && r.status === 'submitted' ? (
                  <Input.TextArea
                    rows={2}
                    placeholder={t('message')}
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                    data-testid="birth-note"
                  />
                ) : null}
                <Space wrap>
                  {ACTIONS[r.status]
                    .filter((a) => reviewer || !REVIEW.includes(a))
                    .map((a) => (
                      <Button
                        key={a}
                        type={a === 'register' ? 'primary' : 'default'}
                        danger={a === 'withdraw'}
                        loading={act.isPending && act.variables?.action === a}
                        // Withdrawing ends the application: it asks for the reason the applicant will read.
                        onClick={() => (a === 'withdraw' ? setWithdrawing(true) : act.mutate({ action: a }))}
                        data-testid={`birth-action-${a}`}
                      >
                        {t(a)}
                      </Button>
                    ))}
                </Space>
                {act.error ? (
                  <Alert type="error" showIcon title={describeError(act.error)} data-testid="birth-action-error" />
                ) : null}
              </Space>
            </Card>
          ) : null}
          <Card size="small" title={t('prefilled')}>
            <Descriptions size="small" column={2}>
              {prefilledRows(r.prefilled, t).map(([label, value]) => (
                <Descriptions.Item key={label} label={label}>
                  {value}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card size="small" title={t('documents')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {r.documents.map((d) => (
                <a key={d.id} href={`/api/birth-registrations/${r.id}/documents/${d.id}`} download={d.fileName}>
                  {t(`documentKinds.${d.documentKind}`)} · {d.fileName} · {Math.ceil(d.size / 1024)} KB
                </a>
              ))}
              {r.status === 'submitted' || r.status === 'needs_info' ? (
                <Space wrap>
                  <Select
                    style={{ width: 160 }}
                    value={docKind}
                    onChange={setDocKind}
                    options={DOCUMENT_KINDS.map((value) => ({ value, label: t(`documentKinds.${value}`) }))}
                  />
                  <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                    {t('upload')}
                    <input
                      type="file"
                      accept="image/jpeg,image/png,application/pdf"
                      hidden
                      data-testid="birth-upload"
                      onChange={(e) => void upload(e.target.files?.[0])}
                    />
                  </label>
                </Space>
              ) : null}
              {uploadError ? (
                <Alert type="error" showIcon title={uploadError} data-testid="birth-upload-error" />
              ) : null}
            </Space>
          </Card>
          <Card size="small" title={t('events')}>
            <Timeline
              items={r.events.map((e) => ({
                key: `${e.at}-${e.action}`,
                content: (
                  <span>
                    {formatDateTime(e.at)} · {e.actionLabel[lang]} → {t(e.to)}
                    {e.actor ? ` · ${e.actor}` : ''}
                    {e.message ? ` · ${e.message}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Space>
      ) : null}
    </Drawer>
  );
}

interface NewValues {
  placeBasis: 'hukou' | 'residence';
  childOrder: number;
  born: 'born' | 'expected';
  childBornOn?: Dayjs;
  expectedOn?: Dayjs;
  childName?: string;
  childSex?: 'M' | 'F';
  pledge: boolean;
}

function NewRegistration({ personId, onCreated }: { personId: string | null; onCreated: (id: string) => void }) {
  const { t } = useTranslation('services');
  const [form] = Form.useForm<NewValues>();
  const born = Form.useWatch('born', form) ?? 'born';
  const { t: tp } = useTranslation('persons');
  // Chosen by search; from a person's page the person comes in the URL.
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const [missing, setMissing] = useState(false);
  // A 409 (an open or registered one exists) waits here for the officer to confirm with a reason, or cancel.
  const [pending, setPending] = useState<{ values: NewValues; message: string } | null>(null);
  const create = useMutation({
    mutationFn: async ({ v, reason }: { v: NewValues; reason?: string }) => {
      const id = personId ?? picked?.id;
      return createRegistration({
        personId: id ?? '',
        placeBasis: v.placeBasis,
        channel: 'counter',
        childOrder: v.childOrder,
        childBornOn: v.born === 'born' && v.childBornOn ? v.childBornOn.format('YYYY-MM-DD') : null,
        expectedOn: v.born === 'expected' && v.expectedOn ? v.expectedOn.format('YYYY-MM-DD') : null,
        childName: v.childName || null,
        childSex: v.born === 'born' ? (v.childSex ?? null) : null,
        pledge: v.pledge,
        ...(reason ? { replace: true, reason } : {}),
      });
    },
    onSuccess: (r) => {
      setPending(null);
      form.resetFields();
      onCreated(r.registration.id);
    },
    onError: (e, { v }) => {
      if (isApiError(e, 'BIRTH_REGISTRATION_EXISTS')) setPending({ values: v, message: e.message });
    },
  });
  return (
    <Form<NewValues>
      form={form}
      layout="vertical"
      name="birth"
      style={{ maxWidth: 560 }}
      initialValues={{ placeBasis: 'residence', childOrder: 1, born: 'born', pledge: false }}
      onFinish={(v) => {
        if (!personId && !picked) return setMissing(true);
        create.mutate({ v });
      }}
    >
      <ReasonModal
        open={pending !== null}
        title={t('birthExistsTitle')}
        description={pending?.message}
        placeholder={t('reasonPrompt')}
        okText={t('birthReplaceOk')}
        cancelText={t('cancel')}
        loading={create.isPending}
        onCancel={() => {
          setPending(null);
          create.reset();
        }}
        onOk={(reason) => pending && create.mutate({ v: pending.values, reason })}
      />
      {personId ? null : (
        <Form.Item
          label={tp('work.pickerLabel')}
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? tp('work.pickerPlaceholder') : undefined}
        >
          <PersonPicker
            value={picked}
            onChange={(p) => {
              setPicked(p);
              setMissing(false);
            }}
            testId="birth-picker"
          />
        </Form.Item>
      )}
      <Form.Item name="placeBasis" label={t('placeBasis')}>
        <Radio.Group
          options={[
            { value: 'residence', label: t('residence') },
            { value: 'hukou', label: t('hukou') },
          ]}
        />
      </Form.Item>
      <Form.Item name="childOrder" label={t('childOrder')}>
        <InputNumber min={1} max={20} />
      </Form.Item>
      <Form.Item name="born">
        <Segmented
          options={[
            { value: 'born', label: t('childBornOn') },
            { value: 'expected', label: t('expectedOn') },
          ]}
        />
      </Form.Item>
      {born === 'born' ? (
        <>
          <Form.Item name="childBornOn" label={t('childBornOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="childName" label={t('childName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="childSex" label={t('childSex')}>
            <Radio.Group
              options={[
                { value: 'F', label: t('female') },
                { value: 'M', label: t('male') },
              ]}
            />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="expectedOn" label={t('expectedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      )}
      <Form.Item name="pledge" valuePropName="checked">
        <Checkbox>{t('pledge')}</Checkbox>
      </Form.Item>
      {create.error && !isApiError(create.error, 'BIRTH_REGISTRATION_EXISTS') ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={create.error instanceof ApiError ? describeError(create.error) : String(create.error)}
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="birth-submit">
        {t('submit')}
      </Button>
    </Form>
  );
}

export default function BirthRegistrationsPage() {
  const { t } = useTranslation('services');
  const [params] = useSearchParams();
  const personId = params.get('personId');
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [open, setOpen] = useState<string | null>(params.get('id'));
  const [creating, setCreating] = useState(Boolean(personId));
  const list = useQuery({
    queryKey: ['births', status],
    queryFn: ({ signal }) =>
      fetchRegistrations({ status: status === 'all' ? undefined : status, pageSize: 100 }, signal),
  });
  return (
    <div className="page" data-testid="births-page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {t('birthsTitle')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating((v) => !v)} data-testid="birth-new">
          {t('newRegistration')}
        </Button>
      </div>
      <Alert type="info" showIcon className="form-alert" title={t('birthsHint')} />
      {creating ? (
        <Card className="detail-card" title={t('newRegistration')}>
          <NewRegistration
            personId={personId}
            onCreated={(id) => {
              setCreating(false);
              void list.refetch();
              setOpen(id);
            }}
          />
        </Card>
      ) : null}
      <Card className="tabs-card">
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as Status | 'all')}
          options={[
            { value: 'all', label: t('all') },
            { value: 'submitted', label: t('submitted') },
            { value: 'needs_info', label: t('needs_info') },
            { value: 'registered', label: t('registered') },
            { value: 'withdrawn', label: t('withdrawn') },
          ]}
          style={{ marginBottom: 12 }}
        />
        <Table
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          data-testid="births-table"
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('number'), dataIndex: 'number', className: 'mono' },
            { title: t('applicant'), dataIndex: 'personName' },
            { title: t('childOrder'), dataIndex: 'childOrder', width: 70 },
            { title: t('childBornOn'), render: (_, r) => r.childBornOn ?? `${t('expectedOn')} ${r.expectedOn}` },
            { title: t('channel'), render: (_, r) => (r.channel === 'online' ? t('online') : t('counter')) },
            { title: t('state'), render: (_, r) => <StatusTag status={r.status} /> },
            { title: t('submittedAt'), render: (_, r) => formatDate(r.submittedAt) },
          ]}
        />
      </Card>
      {open ? <Detail id={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
