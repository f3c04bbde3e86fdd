/** One case as both sides see it on this deployment: its state per side and every message, oldest first. */

import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import DivisionName from '../components/DivisionName';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../persons/labels';
import { kindLabel } from './MessagesTab';
import { fetchCase } from './queries';

/** The message's facts as labelled fields in the reader's words; unknown keys are left out, not shown raw. */
function Facts({ payload }: { payload: Record<string, unknown> }) {
  const { t, i18n } = useTranslation('exchange');
  const items = Object.entries(payload).filter(
    ([k, v]) => i18n.exists(`exchange:fields.${k}`) && v !== null && v !== undefined && typeof v !== 'object',
  );
  if (items.length === 0) return null;
  return (
    <Descriptions size="small" column={1} data-testid="thread-facts">
      {items.map(([k, v]) => (
        <Descriptions.Item key={k} label={t(`fields.${k}`)}>
          {k === 'purpose' ? (
            t(`inquiry.purposes.${String(v)}`, { defaultValue: String(v) })
          ) : k.endsWith('Division') ? (
            <DivisionName code={String(v)} />
          ) : typeof v === 'boolean' ? (
            v ? (
              t('yes')
            ) : (
              t('no')
            )
          ) : (
            String(v)
          )}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export default function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const { t } = useTranslation('exchange');
  const thread = useQuery({
    queryKey: ['exchange', 'case', caseId],
    queryFn: () => fetchCase(caseId ?? ''),
    enabled: caseId !== null,
  });
  return (
    <Drawer open={caseId !== null} onClose={onClose} title={t('thread')} size="large" data-testid="case-drawer">
      {thread.isError ? <ErrorState error={thread.error} /> : null}
      {thread.data ? (
        <>
          {thread.data.cases.map((c) => (
            <Descriptions key={c.side} size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t(`side.${c.side}`, { defaultValue: c.side })}>
                <Space wrap>
                  <Tag
                    color={c.state.startsWith('registered') ? 'green' : 'orange'}
                    data-testid={`case-state-${c.side}`}
                  >
                    {t(`states.${c.state}`, { defaultValue: c.state })}
                  </Tag>
                  {c.person ? (
                    <span>
                      {c.person.name} <Typography.Text type="secondary">{c.person.idNumberMasked}</Typography.Text>
                    </span>
                  ) : null}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('division')}>
                <DivisionName code={c.division} /> ⇄ <DivisionName code={c.counterpart} />
              </Descriptions.Item>
            </Descriptions>
          ))}
          {thread.data.messages.length === 0 ? <Empty /> : null}
          <Timeline
            items={thread.data.messages.map((m) => ({
              color: m.direction === 'in' ? 'blue' : 'green',
              content: (
                <div data-testid="thread-message">
                  <Space wrap size={4}>
                    <Tag>{t(`direction.${m.direction}`)}</Tag>
                    <strong>{kindLabel(t, m.kind, m.event)}</strong>
                    {m.urgent ? <Tag color="red">{t('urgent')}</Tag> : null}
                    <Tag color="blue">{t(`statuses.${m.status}`, { defaultValue: m.status })}</Tag>
                  </Space>
                  <div>
                    <Typography.Text type="secondary">
                      {formatDateTime(m.at)} · <DivisionName code={m.from} /> → <DivisionName code={m.to} />
                      {m.dueOn ? ` · ${t('due')} ${m.dueOn}` : ''}
                    </Typography.Text>
                  </div>
                  <Facts payload={m.payload} />
                </div>
              ),
            }))}
          />
        </>
      ) : null}
    </Drawer>
  );
}
