/**
 * The person page's 待办: every open work item for this person (the same rules as the work lists, from
 * GET /api/persons/:id/work-items), each with its action in place. After an action the items and the tabs reload.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, List, Modal, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { oneOf } from '../api/narrow';
import { EXCHANGE_ROLES, useUser } from '../auth';
import { isCertificateKind, reissueCertificate } from '../certificates/queries';
import { describeError } from '../components/errorText';
import ReasonModal from '../components/ReasonModal';
import { ErrorState, Loading } from '../components/States';
import { replyToMessage } from '../exchange/queries';
import { SERVICE_KINDS, type ServiceKind } from '../services/codes';
import ArrivalCheckModal from './ArrivalCheckModal';
import { fetchWorkItems, type WorkItem, workItemKeys } from './queries';
import ServiceModal from './ServiceModal';

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
  const { t } = useTranslation('persons');
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
      title={t('work.replyTitle')}
      onCancel={onClose}
      okText={t('work.send')}
      cancelText={t('work.cancel')}
      confirmLoading={send.isPending}
      onOk={() => void form.validateFields().then((v) => send.mutate(v))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ found: true, text: '' }}>
        <Form.Item name="found" label={t('work.found')} valuePropName="checked">
          <Switch data-testid="reply-found" />
        </Form.Item>
        <Form.Item name="text" label={t('work.replyText')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="reply-text" />
        </Form.Item>
      </Form>
      {send.error ? <Alert type="error" showIcon title={describeError(send.error)} /> : null}
    </Modal>
  );
}

export default function WorkItemsPanel({ personId }: { personId: string }) {
  const { t } = useTranslation('persons');
  const { t: tc } = useTranslation('certificates');
  const { t: ts } = useTranslation('services');
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
      <Tooltip title={t('work.notAllowed')}>
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
        return go(t('work.recordCheck'), { kind: 'check' });
      case 'first_checkup':
      case 'periodic_checkup':
        return go(t('work.recordCheckup'), { kind: 'service', serviceKind: 'reproductive_checkup' });
      case 'service_follow_up':
        return go(t('work.recordService'), {
          kind: 'service',
          serviceKind: oneOf(item.serviceKind, SERVICE_KINDS) ?? 'health_education',
        });
      case 'exchange_reply':
        return canReply && item.messageId
          ? go(t('work.answerInquiry'), { kind: 'reply', messageId: item.messageId })
          : denied(t('work.answerInquiry'));
      case 'certificate_offer':
        // An offer to make when she asks or is reached; the certificate card on this page issues it.
        return <Typography.Text type="secondary">{t('work.offerHint')}</Typography.Text>;
      case 'certificate_expiry':
        return canIssue && item.certificateId
          ? go(t('work.renew'), { kind: 'renew', certificateId: item.certificateId, expiresOn: item.dueOn })
          : denied(t('work.renew'));
    }
  };

  const label = (item: WorkItem) =>
    item.kind === 'service_follow_up' && item.serviceKind
      ? t('work.serviceFollowUp', { kind: ts(`serviceKinds.${item.serviceKind}`) })
      : tc(item.kind);

  return (
    <Card title={t('work.panelTitle')} className="detail-card" size="small" data-testid="work-items">
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('work.panelEmpty')} data-testid="work-items-empty" />
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
                <Tag color={item.status === 'overdue' ? 'red' : 'blue'}>{tc(item.status)}</Tag>
                <Typography.Text type="secondary">
                  {t('work.dueOn')} {item.dueOn}
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
        title={t('work.renew')}
        description={
          action?.kind === 'renew' ? (
            <>
              {tc('reissueWhich', { number: '', expiresOn: action.expiresOn })}
              {renew.error ? <Alert type="error" showIcon title={describeError(renew.error)} /> : null}
            </>
          ) : null
        }
        placeholder={tc('reasonPrompt')}
        okText={tc('reissue')}
        cancelText={tc('cancel')}
        loading={renew.isPending}
        onCancel={() => setAction(null)}
        onOk={(reason) => {
          if (action?.kind === 'renew') renew.mutate({ certificateId: action.certificateId, reason });
        }}
      />
    </Card>
  );
}
