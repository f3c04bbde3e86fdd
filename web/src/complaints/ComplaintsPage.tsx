/** 便民维权 for staff: intake, list with deadlines and escalation, reply, review/litigation; change requests; slots. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api';
import { headline } from '../components/errorText';
import { formatDateTime } from '../format';
import { labelOptions } from '../i18n/options';
import {
  assignComplaint,
  type ChangeRow,
  type ComplaintList,
  createComplaint,
  decideContactChange,
  fetchComplaints,
  fetchContactChanges,
  fetchSlots,
  publishSlot,
  recordLegalRequest,
  replyToComplaint,
  type SlotRow,
  type StaffComplaint,
} from './queries';
import RefuseModal from './RefuseModal';

function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiError;
  return <Alert type="error" message={headline(e)} description={e.issues?.map((i) => i.message).join('；')} />;
}

function Detail({ item, assignees }: { item: StaffComplaint; assignees: ComplaintList['assignees'] }) {
  const { t } = useTranslation('complaints');
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['complaints'] });
  const [reply, setReply] = useState('');
  const [legalKind, setLegalKind] = useState('administrative_review');
  const [knownOn, setKnownOn] = useState<Dayjs | null>(null);
  const send = useMutation({
    mutationFn: () => replyToComplaint(item.id, { reply }),
    onSuccess: refresh,
  });
  const assign = useMutation({
    mutationFn: (assigneeId: string) => assignComplaint(item.id, { assigneeId }),
    onSuccess: refresh,
  });
  const legal = useMutation({
    mutationFn: () =>
      recordLegalRequest(item.id, {
        kind: legalKind as Parameters<typeof recordLegalRequest>[1]['kind'],
        knownOn: knownOn?.format('YYYY-MM-DD') ?? '',
      }),
    onSuccess: refresh,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="complaint-detail-body">
        {item.body}
      </Typography.Paragraph>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('contactName')}>{item.contactName ?? item.personName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('contactPhone')}>{item.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assignee')}>
          <Select
            size="small"
            style={{ minWidth: 160 }}
            value={item.assigneeId ?? undefined}
            options={assignees.map((a) => ({ value: a.id, label: a.displayName }))}
            onChange={(v) => assign.mutate(v)}
          />
        </Descriptions.Item>
      </Descriptions>
      {item.attachments.length ? (
        <Space wrap>
          {item.attachments.map((a) => (
            <a key={a.id} href={`/api/complaints/${item.id}/attachments/${a.id}`} download={a.fileName}>
              {a.fileName}
            </a>
          ))}
        </Space>
      ) : null}
      {item.reply ? (
        <Alert
          type="success"
          message={t('reply')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{item.reply}</span>}
        />
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea
            rows={2}
            value={reply}
            placeholder={t('replyPlaceholder')}
            onChange={(e) => setReply(e.target.value)}
            data-testid="staff-reply"
          />
          {/* The reply answers the matter for good (it cannot be edited): ask once before sending. */}
          <Popconfirm
            title={t('confirmReply')}
            okText={t('sendReply')}
            cancelText={t('cancel')}
            okButtonProps={{ id: 'reply-confirm-ok' }}
            disabled={!reply.trim()}
            onConfirm={() => send.mutate()}
          >
            <Button type="primary" loading={send.isPending} disabled={!reply.trim()} data-testid="staff-send-reply">
              {t('sendReply')}
            </Button>
          </Popconfirm>
        </Space.Compact>
      )}
      <ErrorText error={send.error ?? assign.error} />
      {item.rating ? (
        <Typography.Text>
          {t('rating')}：{'★'.repeat(item.rating)} {item.ratingComment ?? ''}
        </Typography.Text>
      ) : null}
      <Space wrap>
        <Typography.Text strong>{t('legal')}</Typography.Text>
        <Select
          size="small"
          value={legalKind}
          onChange={setLegalKind}
          options={[
            { value: 'administrative_review', label: t('review') },
            { value: 'litigation', label: t('litigation') },
          ]}
        />
        <DatePicker size="small" placeholder={t('knownOn')} value={knownOn} onChange={setKnownOn} />
        <Button size="small" disabled={!knownOn} onClick={() => legal.mutate()}>
          {t('record')}
        </Button>
      </Space>
      <ErrorText error={legal.error} />
      {item.legalRequests.map((r) => (
        <div key={r.id}>
          <Tag>{r.kind === 'litigation' ? t('litigation') : t('review')}</Tag>
          {t('knownOn')} {r.knownOn} · {t('deadline')} {r.deadlineOn}（{r.law}）
        </div>
      ))}
    </Space>
  );
}

function Intake() {
  const { t } = useTranslation('complaints');
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: Parameters<typeof createComplaint>[0]) => createComplaint(values),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
    },
  });
  return (
    <Card size="small" title={t('intake')} style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="inline"
        initialValues={{ channel: 'hotline', type: 'consultation', category: 'policy' }}
        onFinish={(v) =>
          // The form's filled-in fields; the server checks them (and names a missing one).
          save.mutate(
            Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as Parameters<
              typeof createComplaint
            >[0],
          )
        }
      >
        <Form.Item name="channel" label={t('channel')}>
          <Radio.Group
            options={[
              { value: 'hotline', label: t('hotline') },
              { value: 'walk_in', label: t('walk_in') },
            ]}
          />
        </Form.Item>
        <Form.Item name="type" label={t('type')}>
          <Radio.Group
            options={[
              { value: 'consultation', label: t('consultation') },
              { value: 'complaint', label: t('complaint') },
            ]}
          />
        </Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Select style={{ width: 140 }} options={labelOptions(t, 'common:complaintCategories')} />
        </Form.Item>
        <Form.Item name="subject" label={t('subject')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contactName" label={t('contactName')}>
          <Input maxLength={50} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('contactPhone')}>
          <Input maxLength={20} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="body" label={t('body')} rules={[{ required: true }]} style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 8 }}>
          {t('save')}
        </Button>
      </Form>
      <ErrorText error={save.error} />
    </Card>
  );
}

function ComplaintsTab() {
  const { t } = useTranslation('complaints');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['complaints', overdue, page],
    queryFn: () => fetchComplaints({ overdue: overdue ? 'true' : undefined, page }),
  });
  const statusText: Record<string, string> = { open: t('open'), replied: t('replied'), closed: t('closed') };
  const channelText: Record<string, string> = { hotline: t('hotline'), walk_in: t('walk_in'), portal: t('portal') };
  return (
    <>
      <Intake />
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={overdue} onChange={setOverdue} /> {t('onlyOverdue')}
        {list.data ? (
          <Typography.Text type="secondary">{t('deadlineRule', { n: list.data.responseWorkingDays })}</Typography.Text>
        ) : null}
      </Space>
      <Table<StaffComplaint>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        expandable={{
          expandedRowRender: (item) => <Detail item={item} assignees={list.data?.assignees ?? []} />,
          expandRowByClick: true,
        }}
        columns={[
          { title: t('number'), dataIndex: 'number' },
          { title: t('channel'), dataIndex: 'channel', render: (v: string) => channelText[v] ?? v },
          {
            title: t('type'),
            dataIndex: 'type',
            render: (v: string, r) =>
              `${v === 'complaint' ? t('complaint') : t('consultation')} · ${t(`common:complaintCategories.${r.category}`, { defaultValue: r.category })}`,
          },
          {
            title: t('subject'),
            dataIndex: 'subject',
            render: (v: string) => <span data-testid="staff-complaint-subject">{v}</span>,
          },
          { title: t('received'), dataIndex: 'receivedOn' },
          { title: t('due'), dataIndex: 'dueOn' },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (v: string, r) =>
              r.timing === 'overdue' ? <Tag color="red">{t('overdue')}</Tag> : <Tag>{statusText[v] ?? v}</Tag>,
          },
          { title: t('assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

function ChangesTab() {
  const { t } = useTranslation('complaints');
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['contact-changes'],
    queryFn: fetchContactChanges,
  });
  const [refusing, setRefusing] = useState<ChangeRow | null>(null);
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      decideContactChange(v.id, { decision: v.decision, ...(v.note ? { note: v.note } : {}) }),
    onSuccess: () => {
      setRefusing(null);
      return queryClient.invalidateQueries({ queryKey: ['contact-changes'] });
    },
  });
  const arrow = (v: { from: string | null; to: string | null }) => (v.to ? `${v.from ?? '—'} → ${v.to}` : '—');
  return (
    <>
      <ErrorText error={decide.error} />
      <Table<ChangeRow>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('noPending') }}
        pagination={false}
        columns={[
          { title: t('person'), render: (_, r) => `${r.name} ${r.idNumberMasked}` },
          { title: t('phoneChange'), render: (_, r) => arrow(r.phone) },
          { title: t('addressChange'), render: (_, r) => arrow(r.residenceAddress) },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>
                  {t('approve')}
                </Button>
                <Button size="small" onClick={() => setRefusing(r)}>
                  {t('reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <RefuseModal
        refusing={refusing}
        loading={decide.isPending}
        onCancel={() => setRefusing(null)}
        onRefuse={(id, note) => decide.mutate({ id, decision: 'reject', note })}
      />
    </>
  );
}

function SlotsTab() {
  const { t } = useTranslation('complaints');
  const [form] = Form.useForm();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['service-slots'],
    queryFn: fetchSlots,
  });
  const publish = useMutation({
    mutationFn: (v: { kind: string; facility: string; startsAt: Dayjs; capacity: number }) =>
      publishSlot({
        kind: v.kind as Parameters<typeof publishSlot>[0]['kind'],
        facility: v.facility,
        capacity: v.capacity,
        startsAt: v.startsAt.toISOString(),
      }),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['service-slots'] });
    },
  });
  return (
    <>
      <Form form={form} layout="inline" onFinish={(v) => publish.mutate(v)} initialValues={{ capacity: 10 }}>
        <Form.Item name="kind" label={t('slotKind')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={labelOptions(t, 'services:serviceKinds')} />
        </Form.Item>
        <Form.Item name="facility" label={t('facility')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="startsAt" label={t('startsAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="capacity" label={t('capacity')}>
          <InputNumber min={1} max={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          {t('publish')}
        </Button>
      </Form>
      <ErrorText error={publish.error} />
      <Table<SlotRow>
        style={{ marginTop: 12 }}
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('slotKind'),
            dataIndex: 'kind',
            render: (v: string) => t(`services:serviceKinds.${v}`, { defaultValue: v }),
          },
          { title: t('facility'), dataIndex: 'facility' },
          {
            title: t('startsAt'),
            dataIndex: 'startsAt',
            render: (v: string) => formatDateTime(v),
          },
          { title: t('capacity'), dataIndex: 'capacity' },
          { title: t('bookedCount'), dataIndex: 'booked' },
        ]}
      />
    </>
  );
}

export default function ComplaintsPage() {
  const { t } = useTranslation('complaints');
  return (
    <Card title={t('title')}>
      <Tabs
        items={[
          { key: 'complaints', label: t('tabComplaints'), children: <ComplaintsTab /> },
          { key: 'changes', label: t('tabChanges'), children: <ChangesTab /> },
          { key: 'slots', label: t('tabSlots'), children: <SlotsTab /> },
        ]}
      />
    </Card>
  );
}
