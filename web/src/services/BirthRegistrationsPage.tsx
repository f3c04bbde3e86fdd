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
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, isApiError, query } from '../api';
import { labelOf } from '../api/narrow';
import { useUser } from '../auth';
import { errorLine } from '../components/errorText';
import PersonPicker, { type PickedPerson } from '../components/PersonPicker';
import ReasonModal from '../components/ReasonModal';
import { formatDate, formatDateTime } from '../format';
import { useWorkText } from '../persons/workText';
import { createRegistration, fetchRegistration, fetchRegistrations, transitionRegistration } from './queries';
import { DOCUMENT_KINDS, describeError, type ServiceText, useServiceText } from './strings';

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
  const { text } = useServiceText();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`birth-status-${status}`}>
      {text[status]}
    </Tag>
  );
}

const MARITAL: Record<string, { zh: string; en: string }> = {
  unmarried: { zh: '未婚', en: 'Unmarried' },
  first_marriage: { zh: '初婚', en: 'First marriage' },
  remarried: { zh: '再婚', en: 'Remarried' },
  divorced: { zh: '离婚', en: 'Divorced' },
  widowed: { zh: '丧偶', en: 'Widowed' },
};

/** The registry facts stored with the registration, labelled (only what was on record when it was submitted). */
function prefilledRows(p: Record<string, unknown>, text: ServiceText, lang: 'zh' | 'en'): [string, string][] {
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
  const place = (v: unknown) => (v && typeof v === 'object' && 'name' in v ? str((v as { name: unknown }).name) : null);
  const rows: [string, string | null][] = [
    [text.pfName, str(p.name)],
    [text.pfId, str(p.idNumberMasked)],
    [text.pfBirth, str(p.birthDate)],
    [
      text.pfMarital,
      typeof p.maritalStatus === 'string' ? (MARITAL[p.maritalStatus]?.[lang] ?? p.maritalStatus) : null,
    ],
    [text.pfHukou, place(p.hukouDivision)],
    [text.pfResidence, place(p.residenceDivision)],
    [text.pfSpouse, [str(p.spouseName), str(p.spouseIdNumberMasked)].filter(Boolean).join(' ') || null],
    [text.pfChildren, str(p.childrenCount)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

function Detail({ id, onClose }: { id: string; onClose: () => void }) {
  const { text, lang } = useServiceText();
  const user = useUser();
  const reviewer = user.role === 'county_admin' || user.role === 'township_officer';
  const queryClient = useQueryClient();
  const { message: toast } = App.useApp();
  const [note, setNote] = useState('');
  const [docKind, setDocKind] = useState<keyof typeof DOCUMENT_KINDS>('household_register');
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
      void toast.success(text.saved);
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
      title={r ? `${text.number} ${r.number}` : text.detail}
      data-testid="birth-detail"
    >
      {detail.isError ? <Alert type="error" showIcon title={describeError(detail.error)} /> : null}
      {r ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={text.applicant}>
              {r.personName} <span className="mono">{r.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={text.state}>
              <StatusTag status={r.status} />
            </Descriptions.Item>
            <Descriptions.Item label={text.placeBasis}>
              {r.placeBasis === 'hukou' ? text.hukou : text.residence} · {r.office?.fullName}
            </Descriptions.Item>
            <Descriptions.Item label={text.channel}>
              {r.channel === 'online' ? text.online : text.counter}
            </Descriptions.Item>
            <Descriptions.Item label={text.childOrder}>{r.childOrder}</Descriptions.Item>
            <Descriptions.Item label={r.childBornOn ? text.childBornOn : text.expectedOn}>
              {r.childBornOn ?? r.expectedOn}
            </Descriptions.Item>
            <Descriptions.Item label={text.pledge}>{r.pledge ? text.yes : text.no}</Descriptions.Item>
            <Descriptions.Item label={text.submittedAt}>{formatDateTime(r.submittedAt)}</Descriptions.Item>
          </Descriptions>
          {r.message && r.status === 'needs_info' ? (
            <Alert type="warning" showIcon title={r.message} data-testid="birth-message" />
          ) : null}
          {r.message && r.status === 'withdrawn' ? (
            <Alert type="info" showIcon title={`${text.withdrawReason}：${r.message}`} data-testid="birth-message" />
          ) : null}
          <ReasonModal
            open={withdrawing}
            title={text.withdrawTitle}
            description={text.withdrawWhich.replace('{name}', r.personName).replace('{number}', r.number)}
            placeholder={text.reasonPrompt}
            okText={text.withdraw}
            cancelText={text.cancel}
            danger
            loading={act.isPending}
            onCancel={() => setWithdrawing(false)}
            onOk={(reason) => act.mutate({ action: 'withdraw', reason })}
          />
          {r.status === 'registered' ? (
            <Card size="small" title={text.qr}>
              <Space align="start">
                {r.qrDataUrl ? (
                  <img src={r.qrDataUrl} alt={text.qr} width={160} height={160} data-testid="birth-qr" />
                ) : null}
                <Typography.Text type="secondary">
                  {r.exchangeQueued ? text.exchangeQueued : text.exchangeSent}
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
                    placeholder={text.message}
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
                        {text[a]}
                      </Button>
                    ))}
                </Space>
                {act.error ? (
                  <Alert type="error" showIcon title={describeError(act.error)} data-testid="birth-action-error" />
                ) : null}
              </Space>
            </Card>
          ) : null}
          <Card size="small" title={text.prefilled}>
            <Descriptions size="small" column={2}>
              {prefilledRows(r.prefilled, text, lang).map(([label, value]) => (
                <Descriptions.Item key={label} label={label}>
                  {value}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card size="small" title={text.documents}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {r.documents.map((d) => (
                <a key={d.id} href={`/api/birth-registrations/${r.id}/documents/${d.id}`} download={d.fileName}>
                  {DOCUMENT_KINDS[d.documentKind][lang]} · {d.fileName} · {Math.ceil(d.size / 1024)} KB
                </a>
              ))}
              {r.status === 'submitted' || r.status === 'needs_info' ? (
                <Space wrap>
                  <Select
                    style={{ width: 160 }}
                    value={docKind}
                    onChange={setDocKind}
                    options={Object.entries(DOCUMENT_KINDS).map(([value, l]) => ({ value, label: l[lang] }))}
                  />
                  <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                    {text.upload}
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
          <Card size="small" title={text.events}>
            <Timeline
              items={r.events.map((e) => ({
                key: `${e.at}-${e.action}`,
                content: (
                  <span>
                    {formatDateTime(e.at)} · {e.actionLabel[lang]} → {labelOf(text, e.to) ?? e.to}
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
  const { text } = useServiceText();
  const [form] = Form.useForm<NewValues>();
  const born = Form.useWatch('born', form) ?? 'born';
  const work = useWorkText();
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
        title={text.birthExistsTitle}
        description={pending?.message}
        placeholder={text.reasonPrompt}
        okText={text.birthReplaceOk}
        cancelText={text.cancel}
        loading={create.isPending}
        onCancel={() => {
          setPending(null);
          create.reset();
        }}
        onOk={(reason) => pending && create.mutate({ v: pending.values, reason })}
      />
      {personId ? null : (
        <Form.Item
          label={work.pickerLabel}
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? work.pickerPlaceholder : undefined}
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
      <Form.Item name="placeBasis" label={text.placeBasis}>
        <Radio.Group
          options={[
            { value: 'residence', label: text.residence },
            { value: 'hukou', label: text.hukou },
          ]}
        />
      </Form.Item>
      <Form.Item name="childOrder" label={text.childOrder}>
        <InputNumber min={1} max={20} />
      </Form.Item>
      <Form.Item name="born">
        <Segmented
          options={[
            { value: 'born', label: text.childBornOn },
            { value: 'expected', label: text.expectedOn },
          ]}
        />
      </Form.Item>
      {born === 'born' ? (
        <>
          <Form.Item name="childBornOn" label={text.childBornOn} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="childName" label={text.childName}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="childSex" label={text.childSex}>
            <Radio.Group
              options={[
                { value: 'F', label: text.female },
                { value: 'M', label: text.male },
              ]}
            />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="expectedOn" label={text.expectedOn} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      )}
      <Form.Item name="pledge" valuePropName="checked">
        <Checkbox>{text.pledge}</Checkbox>
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
        {text.submit}
      </Button>
    </Form>
  );
}

export default function BirthRegistrationsPage() {
  const { text } = useServiceText();
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
          {text.birthsTitle}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating((v) => !v)} data-testid="birth-new">
          {text.newRegistration}
        </Button>
      </div>
      <Alert type="info" showIcon className="form-alert" title={text.birthsHint} />
      {creating ? (
        <Card className="detail-card" title={text.newRegistration}>
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
            { value: 'all', label: text.all },
            { value: 'submitted', label: text.submitted },
            { value: 'needs_info', label: text.needs_info },
            { value: 'registered', label: text.registered },
            { value: 'withdrawn', label: text.withdrawn },
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
            { title: text.number, dataIndex: 'number', className: 'mono' },
            { title: text.applicant, dataIndex: 'personName' },
            { title: text.childOrder, dataIndex: 'childOrder', width: 70 },
            { title: text.childBornOn, render: (_, r) => r.childBornOn ?? `${text.expectedOn} ${r.expectedOn}` },
            { title: text.channel, render: (_, r) => (r.channel === 'online' ? text.online : text.counter) },
            { title: text.state, render: (_, r) => <StatusTag status={r.status} /> },
            { title: text.submittedAt, render: (_, r) => formatDate(r.submittedAt) },
          ]}
        />
      </Card>
      {open ? <Detail id={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
