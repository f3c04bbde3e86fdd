/** 交换状态: `liudong exchange status` as a page — queues, dead letters, the bus and the peers' last-seen times. */
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorState, Loading } from '../components/States';
import { formatDateTime } from '../format';
import { fetchExchangeStatus } from './queries';

export default function ExchangeStatusPage() {
  const { t } = useTranslation('admin');
  const status = useQuery({
    queryKey: ['admin-exchange-status'],
    queryFn: fetchExchangeStatus,
    refetchInterval: 30_000,
  });
  const s = status.data;
  /** Milliseconds in the largest unit that keeps the number readable (demo data can lag by days). */
  const duration = (ms: number) => {
    const units = [
      ['d', 86_400_000],
      ['h', 3_600_000],
      ['min', 60_000],
      ['s', 1000],
    ] as const;
    for (const [unit, size] of units) {
      if (ms >= size) return t(`exchange.lag.${unit}`, { n: Math.round((ms / size) * 10) / 10 });
    }
    return t('exchange.lag.ms', { n: Math.round(ms) });
  };
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : t('common.never'));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="admin-exchange-status">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <div>
          <Typography.Title level={3}>{t('exchange.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('exchange.subtitle')}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void status.refetch()} loading={status.isFetching}>
          {t('common.refresh')}
        </Button>
      </Space>
      {status.error ? <ErrorState error={status.error} onRetry={() => void status.refetch()} /> : null}
      {!s && !status.error ? <Loading /> : null}
      {s ? (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={t('exchange.outboxPending')} value={s.outboxPending} data-testid="status-outbox" />
                <Typography.Text type="secondary">
                  {s.outboxFailing ? t('exchange.outboxFailing', { n: s.outboxFailing }) : null}
                  {s.oldestPendingAt ? ` ${t('exchange.oldest', { at: when(s.oldestPendingAt) })}` : null}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Card>
                <Statistic title={t('exchange.awaitingReplies')} value={s.awaitingReplies} />
              </Card>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Card>
                <Statistic title={t('exchange.inboxOpen')} value={s.inboxOpen} />
              </Card>
            </Col>
            <Col xs={12} md={12} xl={5}>
              <Card>
                <Statistic
                  title={t('exchange.deadLetters')}
                  value={s.deadLetters}
                  valueStyle={s.deadLetters > 0 ? { color: '#cf1322' } : undefined}
                  data-testid="status-dead-letters"
                />
                <Link to="/exchange">{t('exchange.openDeadLetters')}</Link>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Card>
                <Statistic
                  title={t('exchange.meanLag')}
                  value={s.meanLagMsLastHour === null ? '—' : duration(s.meanLagMsLastHour)}
                />
              </Card>
            </Col>
          </Row>
          <Card title={t('exchange.deployment')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('exchange.kid')}>
                <Typography.Text code copyable>
                  {s.deployment.kid}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('exchange.divisions')}>
                {s.deployment.divisions.length ? s.deployment.divisions.join(', ') : t('exchange.allDivisions')}
              </Descriptions.Item>
              <Descriptions.Item label={t('exchange.nats')} span={2}>
                {s.nats.configured
                  ? t('exchange.natsStream', { stream: s.nats.stream, prefix: s.nats.subjectPrefix })
                  : t('exchange.natsOff')}
              </Descriptions.Item>
            </Descriptions>
            {s.consumers.state === 'unreachable' ? (
              <Alert type="error" showIcon title={t('exchange.unreachable', { detail: s.consumers.detail })} />
            ) : null}
            {s.consumers.state === 'ok' ? (
              <Table
                rowKey="consumer"
                size="small"
                pagination={false}
                title={() => t('exchange.consumers')}
                dataSource={s.consumers.items}
                columns={[
                  { title: t('exchange.consumer'), dataIndex: 'consumer' },
                  { title: t('exchange.pending'), dataIndex: 'pending' },
                  { title: t('exchange.ackPending'), dataIndex: 'ackPending' },
                  { title: t('exchange.redelivered'), dataIndex: 'redelivered' },
                ]}
              />
            ) : null}
          </Card>
          <Card title={t('exchange.peers')}>
            {s.peers.length === 0 ? (
              <Typography.Text type="secondary" data-testid="status-no-peers">
                {t('exchange.noPeers')}
              </Typography.Text>
            ) : (
              <Table
                rowKey="kid"
                size="small"
                pagination={false}
                dataSource={s.peers}
                data-testid="status-peers"
                columns={[
                  { title: t('exchange.peerName'), dataIndex: 'name' },
                  {
                    title: t('exchange.kid'),
                    dataIndex: 'kid',
                    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                  },
                  {
                    title: t('exchange.peerDivisions'),
                    dataIndex: 'divisions',
                    render: (v: string[]) => v.map((d) => <Tag key={d}>{d}</Tag>),
                  },
                  { title: t('exchange.lastSeen'), dataIndex: 'lastSeen', render: (v: string | null) => when(v) },
                  { title: t('exchange.messages'), dataIndex: 'messages' },
                ]}
              />
            )}
            {s.unknownPeersSeen.length ? (
              <Table
                rowKey="kid"
                size="small"
                pagination={false}
                title={() => t('exchange.unknownPeers')}
                dataSource={s.unknownPeersSeen}
                columns={[
                  { title: t('exchange.kid'), dataIndex: 'kid' },
                  { title: t('exchange.lastSeen'), dataIndex: 'lastSeen', render: (v: string) => when(v) },
                  { title: t('exchange.messages'), dataIndex: 'messages' },
                ]}
              />
            ) : null}
          </Card>
        </>
      ) : null}
    </Space>
  );
}
