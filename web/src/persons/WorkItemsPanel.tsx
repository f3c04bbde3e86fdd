/**
 * The person page's 待办: every open work item for this person (the same rules as the work lists, from
 * GET /api/persons/:id/work-items), each with its action in place. After an action the items and the tabs reload.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, List, Modal, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { keyOf, labelOf } from '../api/narrow';
import { EXCHANGE_ROLES, useUser } from '../auth';
import { isCertificateKind, reissueCertificate } from '../certificates/queries';
import { useCertText } from '../certificates/text';
import ReasonModal from '../components/ReasonModal';
import { ErrorState, Loading } from '../components/States';
import { replyToMessage } from '../exchange/queries';
import { describeError, SERVICE_KINDS, type ServiceKind, useServiceText } from '../services/strings';
import ArrivalCheckModal from './ArrivalCheckModal';
import { fetchWorkItems, type WorkItem, workItemKeys } from './queries';
import ServiceModal from './ServiceModal';
import { useWorkText } from './workText';

type Action =
  | { kind: 'check' }
  | { kind: 'service'; serviceKind: ServiceKind }
  | { kind: 'reply'; messageId: string }
  | { kind: 'renew'; certificateId: string; expiresOn: string };

const ISSUERS = ['county_admin', 'township_officer'];

/** Everything an action can change on the person page. */
export function usePersonRefresh(personId: string) {
  const client = useQueryClient();
  return () => {
    for (const key of [
      workItemKeys.person(personId),
      ['certificates'],
      ['person-services', personId],
      ['person-births', personId],
      ['timeline', personId],
      // The community card lists the same due services beside the visits.
      ['community', 'person-visits', personId],
    ]) {
      void client.invalidateQueries({ queryKey: key });
    }
  };
}

function ReplyModal({ messageId, onDone, onClose }: { messageId: string; onDone: () => void; onClose: () => void }) {
  const text = useWorkText();
  const [form] = Form.useForm<{ found: boolean; text: string }>();
  const send = useMutation({
    mutationFn: (body: { found: boolean; text: string }) => replyToMessage(messageId, body),
    onSuccess: () => {
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={text.replyTitle}
      onCancel={onClose}
      okText={text.send}
      cancelText={text.cancel}
      confirmLoading={send.isPending}
      onOk={() => void form.validateFields().then((v) => send.mutate(v))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ found: true, text: '' }}>
        <Form.Item name="found" label={text.found} valuePropName="checked">
          <Switch data-testid="reply-found" />
        </Form.Item>
        <Form.Item name="text" label={text.replyText} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="reply-text" />
        </Form.Item>
      </Form>
      {send.error ? <Alert type="error" showIcon title={describeError(send.error)} /> : null}
    </Modal>
  );
}

export default function WorkItemsPanel({ personId }: { personId: string }) {
  const text = useWorkText();
  const cert = useCertText();
  const { lang } = useServiceText();
  const user = useUser();
  const refresh = usePersonRefresh(personId);
  const [action, setAction] = useState<Action | null>(null);
  const items = useQuery({
    queryKey: workItemKeys.person(personId),
    queryFn: ({ signal }) => fetchWorkItems(personId, signal),
  });
  const renew = useMutation({
    mutationFn: (input: { certificateId: string; reason: string }) =>
      reissueCertificate(input.certificateId, input.reason),
    onSuccess: () => {
      setAction(null);
      refresh();
    },
  });
  const canIssue = ISSUERS.includes(user.role);
  const canReply = EXCHANGE_ROLES.includes(user.role);

  const button = (item: WorkItem) => {
    const denied = (label: string) => (
      <Tooltip title={text.notAllowed}>
        <Button size="small" disabled>
          {label}
        </Button>
      </Tooltip>
    );
    const go = (label: string, next: Action) => (
      <Button size="small" type="primary" onClick={() => setAction(next)} data-testid={`do-${item.kind}`}>
        {label}
      </Button>
    );
    switch (item.kind) {
      case 'arrival_check':
        return go(text.recordCheck, { kind: 'check' });
      case 'first_checkup':
      case 'periodic_checkup':
        return go(text.recordCheckup, { kind: 'service', serviceKind: 'reproductive_checkup' });
      case 'service_follow_up':
        return go(text.recordService, {
          kind: 'service',
          serviceKind: keyOf(SERVICE_KINDS, item.serviceKind) ?? 'health_education',
        });
      case 'exchange_reply':
        return canReply && item.messageId
          ? go(text.answerInquiry, { kind: 'reply', messageId: item.messageId })
          : denied(text.answerInquiry);
      case 'certificate_offer':
        // An offer to make when she asks or is reached; the certificate card on this page issues it.
        return <Typography.Text type="secondary">{text.offerHint}</Typography.Text>;
      case 'certificate_expiry':
        return canIssue && item.certificateId
          ? go(text.renew, { kind: 'renew', certificateId: item.certificateId, expiresOn: item.dueOn })
          : denied(text.renew);
    }
  };

  const label = (item: WorkItem) =>
    item.kind === 'service_follow_up' && item.serviceKind
      ? `${cert.service_follow_up.split(/[（(]/)[0]?.trim()}${lang === 'en' ? ': ' : '：'}${labelOf(SERVICE_KINDS, item.serviceKind)?.[lang] ?? item.serviceKind}`
      : cert[item.kind];

  return (
    <Card title={text.panelTitle} className="detail-card" size="small" data-testid="work-items">
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.panelEmpty} data-testid="work-items-empty" />
      ) : (
        <List
          size="small"
          dataSource={items.data.items}
          renderItem={(item) => (
            <List.Item
              key={`${item.kind}:${item.dueOn}:${item.certificateId ?? item.messageId ?? item.serviceKind ?? ''}`}
              actions={[button(item)]}
              data-testid={`work-item-${item.kind}`}
            >
              <Space wrap size={8}>
                <Typography.Text strong>{label(item)}</Typography.Text>
                <Tag color={item.status === 'overdue' ? 'red' : 'blue'}>{cert[item.status]}</Tag>
                <Typography.Text type="secondary">
                  {text.dueOn} {item.dueOn}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <ArrivalCheckModal
        personId={personId}
        open={action?.kind === 'check'}
        issueKinds={items.data?.issueKinds.filter(isCertificateKind) ?? []}
        onDone={refresh}
        onClose={() => setAction(null)}
      />
      {action?.kind === 'service' ? (
        <ServiceModal
          personId={personId}
          serviceKind={action.serviceKind}
          open
          onDone={refresh}
          onClose={() => setAction(null)}
        />
      ) : null}
      {action?.kind === 'reply' ? (
        <ReplyModal messageId={action.messageId} onDone={refresh} onClose={() => setAction(null)} />
      ) : null}
      <ReasonModal
        key={action?.kind === 'renew' ? action.certificateId : 'closed'}
        open={action?.kind === 'renew'}
        title={text.renew}
        description={
          action?.kind === 'renew' ? (
            <>
              {cert.reissueWhich.replace('{number}', '').replace('{expiresOn}', action.expiresOn)}
              {renew.error ? <Alert type="error" showIcon title={describeError(renew.error)} /> : null}
            </>
          ) : null
        }
        placeholder={cert.reasonPrompt}
        okText={cert.reissue}
        cancelText={cert.cancel}
        loading={renew.isPending}
        onCancel={() => setAction(null)}
        onOk={(reason) => {
          if (action?.kind === 'renew') renew.mutate({ certificateId: action.certificateId, reason });
        }}
      />
    </Card>
  );
}
