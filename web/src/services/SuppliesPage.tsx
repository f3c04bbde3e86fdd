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
import { useSearchParams } from 'react-router-dom';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import PersonPicker, { type PickedPerson } from '../components/PersonPicker';
import { formatDateTime } from '../format';
import { useWorkText } from '../persons/workText';
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
import { describeError, ITEMS, POINT_KINDS, useServiceText } from './strings';

type Item = keyof typeof ITEMS;

function StockTags({ point }: { point: Point }) {
  const { lang } = useServiceText();
  return (
    <Space wrap size={[4, 4]}>
      {point.stock.map((s) => (
        <Tag key={s.item} color={s.low ? 'red' : 'green'} data-testid={`stock-${s.item}`}>
          {ITEMS[s.item][lang]} {s.balance}
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
  const { text, lang } = useServiceText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const work = useWorkText();
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
      if (v.movementKind === 'dispensed' && v.mode === 'named' && !person) throw new Error(work.pickerRequired);
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
      void message.success(text.saved);
      form.resetFields(['quantity', 'reason', 'recipients', 'consent']);
      refresh();
    },
  });
  const doTransfer = useMutation({
    mutationFn: (v: { toPointId: string; item: Item; quantity: number; reason?: string }) =>
      recordTransfer(point.id, { ...v, reason: v.reason || null }),
    onSuccess: () => {
      void message.success(text.saved);
      transfer.resetFields();
      refresh();
    },
  });
  const kindLabel = (m: Movement) =>
    ({
      received: text.received,
      dispensed: text.dispensed,
      adjusted: text.adjusted,
      transferred_in: text.transferredIn,
      transferred_out: text.transferredOut,
    })[m.movementKind];
  const itemOptions = Object.entries(ITEMS).map(([value, l]) => ({ value, label: l[lang] }));
  return (
    <Card
      className="detail-card"
      data-testid="point-panel"
      title={
        <Space wrap>
          <span>{point.name}</span>
          <Tag>{POINT_KINDS[point.pointKind][lang]}</Tag>
          <Typography.Text type="secondary">
            {point.location} · {text.keeper} {point.keeper}
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
          <Form.Item name="movementKind" label={text.movementKind}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'dispensed', label: text.dispensed },
                { value: 'received', label: text.received },
                { value: 'adjusted', label: text.adjusted },
              ]}
            />
          </Form.Item>
          <Form.Item name="item" label={text.item}>
            <Select options={itemOptions} data-testid="movement-item" />
          </Form.Item>
          <Form.Item name="quantity" label={text.quantity} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} data-testid="movement-quantity" />
          </Form.Item>
          {kind === 'dispensed' ? (
            <>
              <Form.Item name="mode">
                <Radio.Group
                  options={[
                    { value: 'anonymous', label: text.anonymous },
                    { value: 'named', label: text.toPerson },
                  ]}
                />
              </Form.Item>
              {mode === 'named' ? (
                <>
                  {personId ? null : (
                    <Form.Item label={work.pickerLabel}>
                      <PersonPicker value={picked} onChange={setPicked} testId="supply-picker" width={380} />
                    </Form.Item>
                  )}
                  <Form.Item name="consent" valuePropName="checked">
                    <Checkbox data-testid="movement-consent">{text.personConsents}</Checkbox>
                  </Form.Item>
                </>
              ) : (
                <Form.Item name="recipients" label={text.recipients}>
                  <InputNumber min={1} max={10000} />
                </Form.Item>
              )}
            </>
          ) : null}
          {kind === 'adjusted' ? (
            <Form.Item name="direction" label={text.direction} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'increase', label: text.increase },
                  { value: 'decrease', label: text.decrease },
                ]}
              />
            </Form.Item>
          ) : null}
          {kind !== 'dispensed' ? (
            <Form.Item name="reason" label={text.reason}>
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
            {text.save}
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
          <Typography.Title level={5}>{text.transfer}</Typography.Title>
          <Form.Item name="toPointId" label={text.toPoint} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={points.filter((p) => p.id !== point.id).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="item" label={text.item}>
            <Select options={itemOptions} />
          </Form.Item>
          <Form.Item name="quantity" label={text.quantity} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          {doTransfer.error ? (
            <Alert type="error" showIcon title={describeError(doTransfer.error)} className="form-alert" />
          ) : null}
          <Button htmlType="submit" loading={doTransfer.isPending}>
            {text.transfer}
          </Button>
        </Form>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {text.ledger}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        loading={detail.isPending}
        dataSource={detail.data?.movements ?? []}
        pagination={{ pageSize: 10 }}
        data-testid="ledger"
        columns={[
          { title: text.at, dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: text.movementKind, render: (_, m) => kindLabel(m) },
          { title: text.item, render: (_, m) => ITEMS[m.item][lang] },
          { title: text.quantity, render: (_, m) => (m.delta > 0 ? `+${m.quantity}` : `−${m.quantity}`) },
          { title: text.balanceAfter, dataIndex: 'balanceAfter' },
          {
            title: text.reason,
            render: (_, m) =>
              m.movementKind === 'dispensed'
                ? m.toPerson
                  ? text.named
                  : `${text.anonymous} ×${m.recipients ?? 1}`
                : (m.counterpart ?? m.reason ?? '—'),
          },
          { title: text.actor, dataIndex: 'actor' },
        ]}
      />
    </Card>
  );
}

function AddPointModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { text, lang } = useServiceText();
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
      title={text.addPoint}
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
        <Form.Item name="name" label={text.pointName} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="pointKind" label={text.pointKind}>
          <Select options={Object.entries(POINT_KINDS).map(([value, l]) => ({ value, label: l[lang] }))} />
        </Form.Item>
        <Form.Item name="division" label={text.division} rules={[{ required: true }]}>
          <DivisionPicker id="point_division" />
        </Form.Item>
        <Form.Item name="location" label={text.location} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="keeper" label={text.keeper} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="restockThreshold" label={text.threshold}>
          <InputNumber min={0} />
        </Form.Item>
        {create.error ? <Alert type="error" showIcon title={describeError(create.error)} /> : null}
      </Form>
    </Modal>
  );
}

function StockReport() {
  const { text, lang } = useServiceText();
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
            {ITEMS[i.item][lang]} {i.balance}
          </Tag>
        ))}
      </Space>
      <Typography.Title level={5}>{text.byDivision}</Typography.Title>
      <Table
        size="small"
        rowKey="division"
        loading={report.isPending}
        dataSource={data?.divisions ?? []}
        pagination={false}
        columns={[
          { title: text.division, dataIndex: 'name' },
          { title: text.pointsCount, dataIndex: 'points' },
          { title: text.needsRestock, dataIndex: 'needRestock' },
          { title: text.balance, dataIndex: 'balance' },
          { title: text.receivedTotal, dataIndex: 'received' },
          { title: text.dispensedTotal, dataIndex: 'dispensed' },
          { title: text.recipientsTotal, dataIndex: 'recipients' },
        ]}
      />
      <Typography.Title level={5}>{text.byPoint}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        dataSource={data?.points ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: text.pointName, dataIndex: 'name' },
          { title: text.division, dataIndex: 'divisionName' },
          { title: text.balance, dataIndex: 'balance' },
          { title: text.receivedTotal, dataIndex: 'received' },
          { title: text.dispensedTotal, dataIndex: 'dispensed' },
          { title: text.recipientsTotal, dataIndex: 'recipients' },
        ]}
      />
    </Space>
  );
}

export default function SuppliesPage() {
  const { text, lang } = useServiceText();
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
          {text.suppliesTitle}
        </Typography.Title>
        <Button onClick={() => setAdding(true)}>{text.addPoint}</Button>
      </div>
      {alerts.data && alerts.data.items.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="restock-alerts"
          title={`${text.alerts}（${alerts.data.items.length}）`}
          description={alerts.data.items
            .slice(0, 6)
            .map((a) => `${a.pointName} · ${ITEMS[a.item][lang]} ${a.balance}/${a.threshold}`)
            .join('；')}
        />
      ) : null}
      <Card className="tabs-card">
        <Tabs
          items={[
            {
              key: 'points',
              label: text.points,
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
                      { title: text.pointName, dataIndex: 'name' },
                      { title: text.pointKind, render: (_, r) => POINT_KINDS[r.pointKind][lang] },
                      { title: text.division, dataIndex: 'divisionName' },
                      { title: text.keeper, dataIndex: 'keeper' },
                      { title: text.stock, render: (_, r) => <StockTags point={r} /> },
                      {
                        title: '',
                        render: (_, r) =>
                          r.needsRestock ? (
                            <Tag color="red">{text.needsRestock}</Tag>
                          ) : (
                            <Tag color="green">{text.ok}</Tag>
                          ),
                      },
                    ]}
                  />
                  {current ? <PointPanel key={current.id} point={current} points={list} personId={personId} /> : null}
                </>
              ),
            },
            { key: 'report', label: text.report, children: <StockReport /> },
          ]}
          destroyOnHidden
        />
      </Card>
      <AddPointModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
