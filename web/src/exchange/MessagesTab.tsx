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
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../api/types';
import DivisionName from '../components/DivisionName';
import { ErrorState } from '../components/States';
import { labelOptions } from '../i18n/options';
import { formatDateTime } from '../persons/labels';
import CaseDrawer from './CaseDrawer';
import { fetchMessages, type MessageRow, replyToMessage } from './queries';

const STATUS_FILTERS = {
  inbox: ['open', 'overdue', 'answered'],
  outbox: ['awaiting_reply', 'overdue', 'pending', 'sent', 'delivered', 'rejected'],
} as const;

type MessageQuery = Query<'/api/exchange/messages'>;

/** A text field of a message's payload (the payload is the peer's JSON, declared as any object). */
const payloadText = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function kindLabel(t: TFunction<'exchange'>, kind: string, event: string | null) {
  return event
    ? `${t(`kinds.${kind}`, { defaultValue: kind })} · ${t(`events.${event}`, { defaultValue: event })}`
    : t(`kinds.${kind}`, { defaultValue: kind });
}

export default function MessagesTab({ box }: { box: 'inbox' | 'outbox' }) {
  const { t } = useTranslation('exchange');
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
    { title: t('time'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('kind'),
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{kindLabel(t, r.kind, r.event)}</span>
          {r.payload?.purpose ? (
            <Tag data-testid="message-purpose">
              {t(`inquiry.purposes.${r.payload.purpose}`, { defaultValue: r.payload.purpose })}
            </Tag>
          ) : null}
          {r.urgent ? <Tag color="red">{t('urgent')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('person'),
      render: (_, r) =>
        r.person ? (
          <span>
            {r.person.name} <Typography.Text type="secondary">{r.person.idNumberMasked}</Typography.Text>
          </span>
        ) : payloadText(r.payload?.name) ? (
          <span title={t('notInRegistry')}>
            {payloadText(r.payload?.name)}{' '}
            <Typography.Text type="secondary">
              {payloadText(r.payload?.idNumberMasked) ?? t('notInRegistry')}
            </Typography.Text>
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: box === 'inbox' ? t('from') : t('to'),
      render: (_, r) => <DivisionName code={box === 'inbox' ? r.from : r.to} />,
    },
    {
      title: t('due'),
      dataIndex: 'dueOn',
      width: 180,
      render: (v: string | null, r) =>
        v ? (
          <Space size={4}>
            <span>{v}</span>
            {r.overdue ? <Tag color="volcano">{t('overdue')}</Tag> : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('status'),
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag
            color={
              r.status === 'rejected' ? 'red' : r.status === 'paired' || r.status === 'delivered' ? 'green' : 'blue'
            }
          >
            {t(`statuses.${r.status}`, { defaultValue: r.status })}
          </Tag>
          {r.needsReply && !r.repliedAt && box === 'outbox' ? <Tag>{t('statuses.awaiting_reply')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('caseState'),
      dataIndex: 'caseState',
      render: (v: string | null) => (v ? t(`states.${v}`, { defaultValue: v }) : '—'),
    },
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
                  {t('reply')}
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
          placeholder={t('kind')}
          style={{ width: 150 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={labelOptions(t, 'kinds')}
          data-testid={`${box}-kind`}
        />
        <Select
          allowClear
          placeholder={t('status')}
          style={{ width: 180 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={STATUS_FILTERS[box].map((value) => ({
            value,
            label: t(`statuses.${value}`, { defaultValue: value }),
          }))}
          data-testid={`${box}-status`}
        />
        <Typography.Text type="secondary">{t('outstandingHint')}</Typography.Text>
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
          locale={{ emptyText: t('noMessages') }}
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
      <CaseDrawer caseId={caseId} onClose={() => setCaseId(null)} />
      <ReplyModal row={replying} onClose={() => setReplying(null)} />
    </>
  );
}

function ReplyModal({ row, onClose }: { row: MessageRow | null; onClose: () => void }) {
  const { t } = useTranslation('exchange');
  const [form] = Form.useForm<{ found: boolean; text: string }>();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (body: { found: boolean; text: string }) => replyToMessage(row?.id ?? '', body),
    onSuccess: () => {
      void message.success(t('replied'));
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={row !== null}
      title={t('replyTitle')}
      onCancel={onClose}
      okText={t('send')}
      confirmLoading={send.isPending}
      onOk={() => void form.validateFields().then((v) => send.mutate(v))}
      destroyOnHidden
    >
      {send.isError ? <ErrorState error={send.error} /> : null}
      <Form form={form} layout="vertical" initialValues={{ found: false, text: '' }}>
        <Form.Item name="found" label={t('found')} valuePropName="checked">
          <Switch data-testid="reply-found" />
        </Form.Item>
        <Form.Item name="text" label={t('replyText')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="reply-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
