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
import { labels } from '../portal/strings';
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
import { complaintStrings } from './strings';

function useText() {
  const { i18n } = useTranslation();
  return { c: complaintStrings(i18n.language), l: labels(i18n.language) };
}

function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiError;
  return <Alert type="error" message={headline(e)} description={e.issues?.map((i) => i.message).join('；')} />;
}

function Detail({ item, assignees }: { item: StaffComplaint; assignees: ComplaintList['assignees'] }) {
  const { c } = useText();
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
        <Descriptions.Item label={c.contactName}>{item.contactName ?? item.personName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={c.contactPhone}>{item.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={c.assignee}>
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
          message={c.reply}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{item.reply}</span>}
        />
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Input.TextArea
            rows={2}
            value={reply}
            placeholder={c.replyPlaceholder}
            onChange={(e) => setReply(e.target.value)}
            data-testid="staff-reply"
          />
          {/* The reply answers the matter for good (it cannot be edited): ask once before sending. */}
          <Popconfirm
            title={c.confirmReply}
            okText={c.sendReply}
            cancelText={c.cancel}
            okButtonProps={{ id: 'reply-confirm-ok' }}
            disabled={!reply.trim()}
            onConfirm={() => send.mutate()}
          >
            <Button type="primary" loading={send.isPending} disabled={!reply.trim()} data-testid="staff-send-reply">
              {c.sendReply}
            </Button>
          </Popconfirm>
        </Space.Compact>
      )}
      <ErrorText error={send.error ?? assign.error} />
      {item.rating ? (
        <Typography.Text>
          {c.rating}：{'★'.repeat(item.rating)} {item.ratingComment ?? ''}
        </Typography.Text>
      ) : null}
      <Space wrap>
        <Typography.Text strong>{c.legal}</Typography.Text>
        <Select
          size="small"
          value={legalKind}
          onChange={setLegalKind}
          options={[
            { value: 'administrative_review', label: c.review },
            { value: 'litigation', label: c.litigation },
          ]}
        />
        <DatePicker size="small" placeholder={c.knownOn} value={knownOn} onChange={setKnownOn} />
        <Button size="small" disabled={!knownOn} onClick={() => legal.mutate()}>
          {c.record}
        </Button>
      </Space>
      <ErrorText error={legal.error} />
      {item.legalRequests.map((r) => (
        <div key={r.id}>
          <Tag>{r.kind === 'litigation' ? c.litigation : c.review}</Tag>
          {c.knownOn} {r.knownOn} · {c.deadline} {r.deadlineOn}（{r.law}）
        </div>
      ))}
    </Space>
  );
}

function Intake() {
  const { c, l } = useText();
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
    <Card size="small" title={c.intake} style={{ marginBottom: 16 }}>
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
        <Form.Item name="channel" label={c.channel}>
          <Radio.Group
            options={[
              { value: 'hotline', label: c.hotline },
              { value: 'walk_in', label: c.walk_in },
            ]}
          />
        </Form.Item>
        <Form.Item name="type" label={c.type}>
          <Radio.Group
            options={[
              { value: 'consultation', label: c.consultation },
              { value: 'complaint', label: c.complaint },
            ]}
          />
        </Form.Item>
        <Form.Item name="category" label={c.category}>
          <Select
            style={{ width: 140 }}
            options={Object.entries(l.category).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="subject" label={c.subject} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contactName" label={c.contactName}>
          <Input maxLength={50} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="contactPhone" label={c.contactPhone}>
          <Input maxLength={20} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="body" label={c.body} rules={[{ required: true }]} style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 8 }}>
          {c.save}
        </Button>
      </Form>
      <ErrorText error={save.error} />
    </Card>
  );
}

function ComplaintsTab() {
  const { c, l } = useText();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['complaints', overdue, page],
    queryFn: () => fetchComplaints({ overdue: overdue ? 'true' : undefined, page }),
  });
  const statusText: Record<string, string> = { open: c.open, replied: c.replied, closed: c.closed };
  const channelText: Record<string, string> = { hotline: c.hotline, walk_in: c.walk_in, portal: c.portal };
  return (
    <>
      <Intake />
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={overdue} onChange={setOverdue} /> {c.onlyOverdue}
        {list.data ? (
          <Typography.Text type="secondary">
            {c.deadlineRule.replace('{{n}}', String(list.data.responseWorkingDays))}
          </Typography.Text>
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
          { title: c.number, dataIndex: 'number' },
          { title: c.channel, dataIndex: 'channel', render: (v: string) => channelText[v] ?? v },
          {
            title: c.type,
            dataIndex: 'type',
            render: (v: string, r) =>
              `${v === 'complaint' ? c.complaint : c.consultation} · ${l.category[r.category] ?? r.category}`,
          },
          {
            title: c.subject,
            dataIndex: 'subject',
            render: (v: string) => <span data-testid="staff-complaint-subject">{v}</span>,
          },
          { title: c.received, dataIndex: 'receivedOn' },
          { title: c.due, dataIndex: 'dueOn' },
          {
            title: c.status,
            dataIndex: 'status',
            render: (v: string, r) =>
              r.timing === 'overdue' ? <Tag color="red">{c.overdue}</Tag> : <Tag>{statusText[v] ?? v}</Tag>,
          },
          { title: c.assignee, dataIndex: 'assigneeName', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

function ChangesTab() {
  const { c } = useText();
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
        locale={{ emptyText: c.noPending }}
        pagination={false}
        columns={[
          { title: c.person, render: (_, r) => `${r.name} ${r.idNumberMasked}` },
          { title: c.phoneChange, render: (_, r) => arrow(r.phone) },
          { title: c.addressChange, render: (_, r) => arrow(r.residenceAddress) },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>
                  {c.approve}
                </Button>
                <Button size="small" onClick={() => setRefusing(r)}>
                  {c.reject}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <RefuseModal
        refusing={refusing}
        strings={c}
        loading={decide.isPending}
        onCancel={() => setRefusing(null)}
        onRefuse={(id, note) => decide.mutate({ id, decision: 'reject', note })}
      />
    </>
  );
}

function SlotsTab() {
  const { c, l } = useText();
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
        <Form.Item name="kind" label={c.slotKind} rules={[{ required: true }]}>
          <Select
            style={{ width: 160 }}
            options={Object.entries(l.service).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="facility" label={c.facility} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="startsAt" label={c.startsAt} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="capacity" label={c.capacity}>
          <InputNumber min={1} max={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          {c.publish}
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
          { title: c.slotKind, dataIndex: 'kind', render: (v: string) => l.service[v] ?? v },
          { title: c.facility, dataIndex: 'facility' },
          {
            title: c.startsAt,
            dataIndex: 'startsAt',
            render: (v: string) => formatDateTime(v),
          },
          { title: c.capacity, dataIndex: 'capacity' },
          { title: c.bookedCount, dataIndex: 'booked' },
        ]}
      />
    </>
  );
}

export default function ComplaintsPage() {
  const { c } = useText();
  return (
    <Card title={c.title}>
      <Tabs
        items={[
          { key: 'complaints', label: c.tabComplaints, children: <ComplaintsTab /> },
          { key: 'changes', label: c.tabChanges, children: <ChangesTab /> },
          { key: 'slots', label: c.tabSlots, children: <SlotsTab /> },
        ]}
      />
    </Card>
  );
}
