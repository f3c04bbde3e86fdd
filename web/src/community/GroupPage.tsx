/** One household group: households in duty order, the monthly roster (generate, print), rules, duty logs. */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/States';
import { problem, todayIso } from './api';
import {
  fetchDutyLogs,
  fetchGroup,
  type GroupDetail,
  generateRoster,
  type Household,
  recordAbsence,
  recordDutyLog,
} from './queries';

function AbsenceButton({ household, onDone }: { household: Household; onDone: () => void }) {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { fromMonth: string; toMonth: string; reason?: string }) => recordAbsence(household.id, v),
    onSuccess: () => {
      setOpen(false);
      onDone();
    },
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('absence')}
      </Button>
      <Modal
        title={`${t('absence')}：${household.address}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('save')}
        cancelText={t('cancel')}
        destroyOnHidden
      >
        {save.error ? <Alert type="error" showIcon title={problem(save.error)} /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="fromMonth" label={t('absenceFrom')} rules={[{ required: true, message: t('required') }]}>
            <Input type="month" />
          </Form.Item>
          <Form.Item name="toMonth" label={t('absenceTo')} rules={[{ required: true, message: t('required') }]}>
            <Input type="month" />
          </Form.Item>
          <Form.Item name="reason" label={t('absenceReason')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function DutyLogs({ groupId }: { groupId: string }) {
  const { t } = useTranslation('community');
  const client = useQueryClient();
  const [form] = Form.useForm();
  const key = ['community', 'duty-logs', groupId];
  const logs = useQuery({
    queryKey: key,
    queryFn: () => fetchDutyLogs(groupId),
  });
  const save = useMutation({
    mutationFn: (v: { dutyDate: string; activities: string; issues?: string }) => recordDutyLog(groupId, v),
    onSuccess: async () => {
      form.resetFields();
      await client.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <Card title={t('dutyLogs')} className="detail-card">
      {save.error ? <Alert type="error" showIcon title={problem(save.error)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="inline" initialValues={{ dutyDate: todayIso() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="dutyDate" rules={[{ required: true, message: t('required') }]}>
          <Input type="date" aria-label={t('dutyDate')} />
        </Form.Item>
        <Form.Item name="activities" rules={[{ required: true, message: t('required') }]} style={{ minWidth: 280 }}>
          <Input placeholder={t('activities')} maxLength={1000} data-testid="duty-activities" />
        </Form.Item>
        <Form.Item name="issues" style={{ minWidth: 200 }}>
          <Input placeholder={t('issues')} maxLength={1000} />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending} data-testid="duty-save">
          {t('addDutyLog')}
        </Button>
      </Form>
      <List
        style={{ marginTop: 12 }}
        dataSource={logs.data?.items ?? []}
        locale={{ emptyText: t('none') }}
        renderItem={(l) => (
          <List.Item>
            <List.Item.Meta
              title={`${l.dutyDate} ${l.householdAddress ?? ''}`}
              description={
                <>
                  <div>{l.activities}</div>
                  {l.issues ? <div className="muted">{`${t('issues')}：${l.issues}`}</div> : null}
                </>
              }
            />
            <span className="muted">{l.recordedBy}</span>
          </List.Item>
        )}
        data-testid="duty-logs"
      />
    </Card>
  );
}

export default function GroupPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('community');
  const client = useQueryClient();
  const key = ['community', 'group', id];
  const detail = useQuery({ queryKey: key, queryFn: () => fetchGroup(id) });
  const nextMonth = todayIso().slice(0, 7);
  const [fromMonth, setFromMonth] = useState(nextMonth);
  const [months, setMonths] = useState(12);
  const generate = useMutation({
    mutationFn: () => generateRoster(id, { fromMonth, months }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const d = detail.data;
  const byId = new Map(d.households.map((h) => [h.id, h]));
  const label = (hid: string | null) => {
    if (!hid) return t('leaderCovers');
    const h = byId.get(hid);
    return h ? `${h.position}. ${h.members[0]?.name ?? ''} ${h.address}` : '—';
  };
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <Link to="/community" className="back-link">
            <ArrowLeftOutlined /> {t('title')}
          </Link>
          <Typography.Title level={3} className="page-title" data-testid="group-title">
            {d.group.name}
          </Typography.Title>
          <Typography.Text type="secondary">{d.group.divisionName}</Typography.Text>
        </div>
        <a href={`/api/household-groups/${id}/roster.pdf?from=${fromMonth}`} target="_blank" rel="noreferrer">
          <Button icon={<PrinterOutlined />} data-testid="roster-pdf">
            {t('printRoster')}
          </Button>
        </a>
      </div>
      <Card title={`${t('households')}（${d.households.length}）`} className="detail-card">
        <Table<Household>
          rowKey="id"
          size="small"
          dataSource={d.households}
          pagination={false}
          columns={[
            { title: t('position'), dataIndex: 'position', width: 60 },
            { title: t('address'), dataIndex: 'address' },
            {
              title: t('members'),
              render: (_: unknown, h: Household) => (
                <Space size={4} wrap>
                  {h.members.map((m) => (
                    <Link key={m.personId} to={`/persons/${m.personId}`}>
                      {m.name}
                    </Link>
                  ))}
                  {h.id === d.group.leaderHouseholdId ? <Tag color="red">{t('leader')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('absence'),
              render: (_: unknown, h: Household) => (
                <Space size={4} wrap>
                  {h.absences.map((a) => (
                    <Tag key={a.id}>{`${a.fromMonth}～${a.toMonth}${a.reason ? ` ${a.reason}` : ''}`}</Tag>
                  ))}
                  <AbsenceButton household={h} onDone={refresh} />
                </Space>
              ),
            },
          ]}
          data-testid="group-household-table"
        />
      </Card>
      <Card title={t('roster')} className="detail-card">
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('fromMonth')}</span>
          <Input
            type="month"
            value={fromMonth}
            onChange={(e) => setFromMonth(e.target.value)}
            style={{ width: 160 }}
            data-testid="roster-from"
          />
          <span>{t('months')}</span>
          <InputNumber min={1} max={24} value={months} onChange={(v) => setMonths(v ?? 12)} />
          <Button
            type="primary"
            loading={generate.isPending}
            onClick={() => generate.mutate()}
            data-testid="roster-generate"
          >
            {t('generate')}
          </Button>
        </Space>
        {generate.error ? <Alert type="error" showIcon title={problem(generate.error)} /> : null}
        <Table
          rowKey="month"
          size="small"
          dataSource={d.roster}
          pagination={false}
          locale={{ emptyText: t('noRoster') }}
          columns={[
            { title: t('month'), dataIndex: 'month', width: 100 },
            {
              title: t('onDuty'),
              render: (_: unknown, r: GroupDetail['roster'][number]) => (
                <span data-testid="roster-duty">{label(r.householdId)}</span>
              ),
            },
            {
              title: t('skipped'),
              render: (_: unknown, r: GroupDetail['roster'][number]) =>
                r.skipped.map((s) => <Tag key={s}>{label(s)}</Tag>),
            },
          ]}
          data-testid="roster-table"
        />
      </Card>
      <Card title={t('rules')} className="detail-card">
        <ol className="rules-list">
          {d.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
      </Card>
      <DutyLogs groupId={id} />
    </div>
  );
}
