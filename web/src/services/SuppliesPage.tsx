/**
 * Free contraceptive supply: distribution points with their stock and restock alerts, the ledger of one point
 * (receive, dispense to a consenting person or anonymously, adjust with a reason, transfer), and the stock
 * report per point and per division.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { describeError } from '../components/errorText';
import PersonPicker, { type PickedPerson } from '../components/PersonPicker';
import { formatDateTime } from '../format';
import { ITEMS, type Item, POINT_KINDS } from './codes';
import {
  createPoint,
  fetchPoint,
  fetchPoints,
  fetchStockAlerts,
  fetchStockReport,
  type Movement,
  type Point,
  recordMovement,
  recordTransfer,
} from './queries';

function StockTags({ point }: { point: Point }) {
  const { t } = useTranslation('services');
  return (
    <Space wrap size={[4, 4]}>
      {point.stock.map((s) => (
        <Tag key={s.item} color={s.low ? 'red' : 'green'} data-testid={`stock-${s.item}`}>
          {t(`items.${s.item}`)} {s.balance}
        </Tag>
      ))}
    </Space>
  );
}

interface MovementValues {
  movementKind: 'received' | 'dispensed' | 'adjusted';
  item: Item;
  quantity: number;
  direction?: 'increase' | 'decrease';
  reason?: string;
  mode?: 'anonymous' | 'named';
  consent?: boolean;
  recipients?: number;
}

function PointPanel({ point, points, personId }: { point: Point; points: Point[]; personId: string | null }) {
  const { t } = useTranslation('services');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { t: tp } = useTranslation('persons');
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const [form] = Form.useForm<MovementValues>();
  const [transfer] = Form.useForm<{ toPointId: string; item: Item; quantity: number; reason?: string }>();
  const kind = Form.useWatch('movementKind', form) ?? 'dispensed';
  const mode = Form.useWatch('mode', form) ?? (personId ? 'named' : 'anonymous');
  const detail = useQuery({
    queryKey: ['point', point.id],
    queryFn: ({ signal }) => fetchPoint(point.id, signal),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['point', point.id] });
    void queryClient.invalidateQueries({ queryKey: ['points'] });
    void queryClient.invalidateQueries({ queryKey: ['stock-alerts'] });
    void queryClient.invalidateQueries({ queryKey: ['timeline'] });
  };
  const move = useMutation({
    mutationFn: async (v: MovementValues) => {
      // A named recipient comes from the URL (the person page) or the picker; the server names a missing one.
      const person = v.movementKind === 'dispensed' && v.mode === 'named' ? (personId ?? picked?.id ?? null) : null;
      if (v.movementKind === 'dispensed' && v.mode === 'named' && !person) throw new Error(tp('work.pickerRequired'));
      return recordMovement(point.id, {
        movementKind: v.movementKind,
        item: v.item,
        quantity: v.quantity,
        ...(v.movementKind === 'adjusted' ? { direction: v.direction, reason: v.reason || null } : {}),
        ...(v.movementKind === 'received' && v.reason ? { reason: v.reason } : {}),
        ...(v.movementKind === 'dispensed'
          ? person
            ? { personId: person, consent: Boolean(v.consent) }
            : { recipients: v.recipients ?? 1 }
          : {}),
      });
    },
    onSuccess: () => {
      void message.success(t('saved'));
      form.resetFields(['quantity', 'reason', 'recipients', 'consent']);
      refresh();
    },
  });
  const doTransfer = useMutation({
    mutationFn: (v: { toPointId: string; item: Item; quantity: number; reason?: string }) =>
      recordTransfer(point.id, { ...v, reason: v.reason || null }),
    onSuccess: () => {
      void message.success(t('saved'));
      transfer.resetFields();
      refresh();
    },
  });
  const kindLabel = (m: Movement) =>
    ({
      received: t('received'),
      dispensed: t('dispensed'),
      adjusted: t('adjusted'),
      transferred_in: t('transferredIn'),
      transferred_out: t('transferredOut'),
    })[m.movementKind];
  const itemOptions = ITEMS.map((value) => ({ value, label: t(`items.${value}`) }));
  return (
    <Card
      className="detail-card"
      data-testid="point-panel"
      title={
        <Space wrap>
          <span>{point.name}</span>
          <Tag>{t(`pointKinds.${point.pointKind}`)}</Tag>
          <Typography.Text type="secondary">
            {point.location} · {t('keeper')} {point.keeper}
          </Typography.Text>
        </Space>
      }
      extra={detail.data ? <StockTags point={detail.data.point} /> : null}
    >
      <Space align="start" wrap size={32}>
        <Form<MovementValues>
          form={form}
          name="movement"
          layout="vertical"
          style={{ width: 380 }}
          initialValues={{
            movementKind: 'dispensed',
            item: 'male_condom',
            mode: personId ? 'named' : 'anonymous',
            recipients: 1,
          }}
          onFinish={(v) => move.mutate(v)}
        >
          <Form.Item name="movementKind" label={t('movementKind')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'dispensed', label: t('dispensed') },
                { value: 'received', label: t('received') },
                { value: 'adjusted', label: t('adjusted') },
              ]}
            />
          </Form.Item>
          <Form.Item name="item" label={t('item')}>
            <Select options={itemOptions} data-testid="movement-item" />
          </Form.Item>
          <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} data-testid="movement-quantity" />
          </Form.Item>
          {kind === 'dispensed' ? (
            <>
              <Form.Item name="mode">
                <Radio.Group
                  options={[
                    { value: 'anonymous', label: t('anonymous') },
                    { value: 'named', label: t('toPerson') },
                  ]}
                />
              </Form.Item>
              {mode === 'named' ? (
                <>
                  {personId ? null : (
                    <Form.Item label={tp('work.pickerLabel')}>
                      <PersonPicker value={picked} onChange={setPicked} testId="supply-picker" width={380} />
                    </Form.Item>
                  )}
                  <Form.Item name="consent" valuePropName="checked">
                    <Checkbox data-testid="movement-consent">{t('personConsents')}</Checkbox>
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="recipients" label={t('recipients')}>
                  <InputNumber min={1} max={10000} />
                </Form.Item>
              )}
            </>
          ) : null}
          {kind === 'adjusted' ? (
            <Form.Item name="direction" label={t('direction')} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'increase', label: t('increase') },
                  { value: 'decrease', label: t('decrease') },
                ]}
              />
            </Form.Item>
          ) : null}
          {kind !== 'dispensed' ? (
            <Form.Item name="reason" label={t('reason')}>
              <Input maxLength={200} />
            </Form.Item>
          ) : null}
          {move.error ? (
            <Alert
              type="error"
              showIcon
              title={describeError(move.error)}
              className="form-alert"
              data-testid="movement-error"
            />
          ) : null}
          <Button type="primary" htmlType="submit" loading={move.isPending} data-testid="movement-save">
            {t('save')}
          </Button>
        </Form>
        <Form
          form={transfer}
          name="transfer"
          layout="vertical"
          style={{ width: 300 }}
          initialValues={{ item: 'male_condom' }}
          onFinish={(v) => doTransfer.mutate(v)}
        >
          <Typography.Title level={5}>{t('transfer')}</Typography.Title>
          <Form.Item name="toPointId" label={t('toPoint')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={points.filter((p) => p.id !== point.id).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="item" label={t('item')}>
            <Select options={itemOptions} />
          </Form.Item>
          <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          {doTransfer.error ? (
            <Alert type="error" showIcon title={describeError(doTransfer.error)} className="form-alert" />
          ) : null}
          <Button htmlType="submit" loading={doTransfer.isPending}>
            {t('transfer')}
          </Button>
        </Form>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ledger')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={detail.isPending}
        dataSource={detail.data?.movements ?? []}
        pagination={{ pageSize: 10 }}
        data-testid="ledger"
        columns={[
          { title: t('at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('movementKind'), render: (_, m) => kindLabel(m) },
          { title: t('item'), render: (_, m) => t(`items.${m.item}`) },
          { title: t('quantity'), render: (_, m) => (m.delta > 0 ? `+${m.quantity}` : `−${m.quantity}`) },
          { title: t('balanceAfter'), dataIndex: 'balanceAfter' },
          {
            title: t('reason'),
            render: (_, m) =>
              m.movementKind === 'dispensed'
                ? m.toPerson
                  ? t('named')
                  : `${t('anonymous')} ×${m.recipients ?? 1}`
                : (m.counterpart ?? m.reason ?? '—'),
          },
          { title: t('actor'), dataIndex: 'actor' },
        ]}
      />
    </Card>
  );
}

function AddPointModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('services');
  const user = useUser();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const create = useMutation({
    mutationFn: (v: Parameters<typeof createPoint>[0]) => createPoint(v),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['points'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('addPoint')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ pointKind: 'community', restockThreshold: 20, division: user.division.code }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('pointName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="pointKind" label={t('pointKind')}>
          <Select options={POINT_KINDS.map((value) => ({ value, label: t(`pointKinds.${value}`) }))} />
        </Form.Item>
        <Form.Item name="division" label={t('division')} rules={[{ required: true }]}>
          <DivisionPicker id="point_division" />
        </Form.Item>
        <Form.Item name="location" label={t('location')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="keeper" label={t('keeper')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="restockThreshold" label={t('threshold')}>
          <InputNumber min={0} />
        </Form.Item>
        {create.error ? <Alert type="error" showIcon title={describeError(create.error)} /> : null}
      </Form>
    </Modal>
  );
}

function StockReport() {
  const { t } = useTranslation('services');
  const report = useQuery({
    queryKey: ['stock-report'],
    queryFn: ({ signal }) => fetchStockReport(signal),
  });
  const data = report.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="stock-report">
      <Space wrap>
        {(data?.byItem ?? []).map((i) => (
          <Tag key={i.item} color="blue">
            {t(`items.${i.item}`)} {i.balance}
          </Tag>
        ))}
      </Space>
      <Typography.Title level={5}>{t('byDivision')}</Typography.Title>
      <Table
        size="small"
        rowKey="division"
        loading={report.isPending}
        dataSource={data?.divisions ?? []}
        pagination={false}
        columns={[
          { title: t('division'), dataIndex: 'name' },
          { title: t('pointsCount'), dataIndex: 'points' },
          { title: t('needsRestock'), dataIndex: 'needRestock' },
          { title: t('balance'), dataIndex: 'balance' },
          { title: t('receivedTotal'), dataIndex: 'received' },
          { title: t('dispensedTotal'), dataIndex: 'dispensed' },
          { title: t('recipientsTotal'), dataIndex: 'recipients' },
        ]}
      />
      <Typography.Title level={5}>{t('byPoint')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        dataSource={data?.points ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('pointName'), dataIndex: 'name' },
          { title: t('division'), dataIndex: 'divisionName' },
          { title: t('balance'), dataIndex: 'balance' },
          { title: t('receivedTotal'), dataIndex: 'received' },
          { title: t('dispensedTotal'), dataIndex: 'dispensed' },
          { title: t('recipientsTotal'), dataIndex: 'recipients' },
        ]}
      />
    </Space>
  );
}

export default function SuppliesPage() {
  const { t } = useTranslation('services');
  const [params] = useSearchParams();
  const personId = params.get('personId');
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const points = useQuery({
    queryKey: ['points'],
    queryFn: ({ signal }) => fetchPoints(signal),
  });
  const alerts = useQuery({
    queryKey: ['stock-alerts'],
    queryFn: ({ signal }) => fetchStockAlerts(signal),
  });
  const list = points.data?.items ?? [];
  const current = list.find((p) => p.id === selected) ?? null;
  return (
    <div className="page" data-testid="supplies-page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {t('suppliesTitle')}
        </Typography.Title>
        <Button onClick={() => setAdding(true)}>{t('addPoint')}</Button>
      </div>
      {alerts.data && alerts.data.items.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="restock-alerts"
          title={`${t('alerts')}（${alerts.data.items.length}）`}
          description={alerts.data.items
            .slice(0, 6)
            .map((a) => `${a.pointName} · ${t(`items.${a.item}`)} ${a.balance}/${a.threshold}`)
            .join('；')}
        />
      ) : null}
      <Card className="tabs-card">
        <Tabs
          items={[
            {
              key: 'points',
              label: t('points'),
              children: (
                <>
                  <Table
                    size="small"
                    rowKey="id"
                    loading={points.isPending}
                    dataSource={list}
                    pagination={{ pageSize: 10 }}
                    data-testid="points-table"
                    onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
                    rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
                    columns={[
                      { title: t('pointName'), dataIndex: 'name' },
                      { title: t('pointKind'), render: (_, r) => t(`pointKinds.${r.pointKind}`) },
                      { title: t('division'), dataIndex: 'divisionName' },
                      { title: t('keeper'), dataIndex: 'keeper' },
                      { title: t('stock'), render: (_, r) => <StockTags point={r} /> },
                      {
                        title: '',
                        render: (_, r) =>
                          r.needsRestock ? (
                            <Tag color="red">{t('needsRestock')}</Tag>
                          ) : (
                            <Tag color="green">{t('ok')}</Tag>
                          ),
                      },
                    ]}
                  />
                  {current ? <PointPanel key={current.id} point={current} points={list} personId={personId} /> : null}
                </>
              ),
            },
            { key: 'report', label: t('report'), children: <StockReport /> },
          ]}
          destroyOnHidden
        />
      </Card>
      <AddPointModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
