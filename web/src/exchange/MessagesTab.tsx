/** Inbox or outbox of the user's jurisdiction: filters, deadlines, status; a click opens the case thread. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Form,
  Input,
  Modal,
  message,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../api/types';
import DivisionName from '../components/DivisionName';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../persons/labels';
import CaseDrawer from './CaseDrawer';
import { type InquiryPurpose, inquiryText } from './locales';
import { fetchMessages, type MessageRow, replyToMessage } from './queries';
import type { ExchangeStrings } from './strings';

const STATUS_FILTERS = {
  inbox: ['open', 'overdue', 'answered'],
  outbox: ['awaiting_reply', 'overdue', 'pending', 'sent', 'delivered', 'rejected'],
} as const;

type MessageQuery = Query<'/api/exchange/messages'>;

/** A text field of a message's payload (the payload is the peer's JSON, declared as any object). */
const payloadText = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function kindLabel(text: ExchangeStrings, kind: string, event: string | null) {
  return event ? `${text.kinds[kind] ?? kind} · ${text.events[event] ?? event}` : (text.kinds[kind] ?? kind);
}

export default function MessagesTab({ box, text }: { box: 'inbox' | 'outbox'; text: ExchangeStrings }) {
  const { i18n } = useTranslation();
  const purposes = inquiryText(i18n.language);
  const [kind, setKind] = useState<MessageQuery['kind']>();
  const [status, setStatus] = useState<MessageQuery['status']>(box === 'inbox' ? 'open' : undefined);
  const [page, setPage] = useState(1);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [replying, setReplying] = useState<MessageRow | null>(null);
  const list = useQuery({
    queryKey: ['exchange', box, kind, status, page],
    queryFn: () => fetchMessages({ box, kind, status, page, pageSize: 20 }),
  });

  const columns: TableColumnsType<MessageRow> = [
    { title: text.time, dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: text.kind,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{kindLabel(text, r.kind, r.event)}</span>
          {r.payload?.purpose ? (
            <Tag data-testid="message-purpose">
              {purposes.purposes[r.payload.purpose as InquiryPurpose] ?? r.payload.purpose}
            </Tag>
          ) : null}
          {r.urgent ? <Tag color="red">{text.urgent}</Tag> : null}
        </Space>
      ),
    },
    {
      title: text.person,
      render: (_, r) =>
        r.person ? (
          <span>
            {r.person.name} <Typography.Text type="secondary">{r.person.idNumberMasked}</Typography.Text>
          </span>
        ) : payloadText(r.payload?.name) ? (
          <span title={text.notInRegistry}>
            {payloadText(r.payload?.name)}{' '}
            <Typography.Text type="secondary">
              {payloadText(r.payload?.idNumberMasked) ?? text.notInRegistry}
            </Typography.Text>
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: box === 'inbox' ? text.from : text.to,
      render: (_, r) => <DivisionName code={box === 'inbox' ? r.from : r.to} />,
    },
    {
      title: text.due,
      dataIndex: 'dueOn',
      width: 180,
      render: (v: string | null, r) =>
        v ? (
          <Space size={4}>
            <span>{v}</span>
            {r.overdue ? <Tag color="volcano">{text.overdue}</Tag> : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: text.status,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag
            color={
              r.status === 'rejected' ? 'red' : r.status === 'paired' || r.status === 'delivered' ? 'green' : 'blue'
            }
          >
            {text.statuses[r.status] ?? r.status}
          </Tag>
          {r.needsReply && !r.repliedAt && box === 'outbox' ? <Tag>{text.statuses.awaiting_reply}</Tag> : null}
        </Space>
      ),
    },
    { title: text.caseState, dataIndex: 'caseState', render: (v: string | null) => (v ? (text.states[v] ?? v) : '—') },
    ...(box === 'inbox'
      ? [
          {
            title: '',
            width: 90,
            render: (_: unknown, r: MessageRow) =>
              r.needsReply && !r.repliedAt ? (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`reply-${r.id}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    setReplying(r);
                  }}
                >
                  {text.reply}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={text.kind}
          style={{ width: 150 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={Object.entries(text.kinds).map(([value, label]) => ({ value, label }))}
          data-testid={`${box}-kind`}
        />
        <Select
          allowClear
          placeholder={text.status}
          style={{ width: 180 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUS_FILTERS[box].map((value) => ({ value, label: text.statuses[value] ?? value }))}
          data-testid={`${box}-status`}
        />
        <Typography.Text type="secondary">{text.outstandingHint}</Typography.Text>
      </Space>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: text.noMessages }}
          onRow={(r) => ({ onClick: () => setCaseId(r.caseId), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          scroll={{ x: 900 }}
          data-testid={`${box}-table`}
        />
      )}
      <CaseDrawer caseId={caseId} onClose={() => setCaseId(null)} text={text} />
      <ReplyModal row={replying} onClose={() => setReplying(null)} text={text} />
    </>
  );
}

function ReplyModal({ row, onClose, text }: { row: MessageRow | null; onClose: () => void; text: ExchangeStrings }) {
  const [form] = Form.useForm<{ found: boolean; text: string }>();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (body: { found: boolean; text: string }) => replyToMessage(row?.id ?? '', body),
    onSuccess: () => {
      void message.success(text.replied);
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={row !== null}
      title={text.replyTitle}
      onCancel={onClose}
      okText={text.send}
      confirmLoading={send.isPending}
      onOk={() => void form.validateFields().then((v) => send.mutate(v))}
      destroyOnHidden
    >
      {send.isError ? <ErrorState error={send.error} /> : null}
      <Form form={form} layout="vertical" initialValues={{ found: false, text: '' }}>
        <Form.Item name="found" label={text.found} valuePropName="checked">
          <Switch data-testid="reply-found" />
        </Form.Item>
        <Form.Item name="text" label={text.replyText} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="reply-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
