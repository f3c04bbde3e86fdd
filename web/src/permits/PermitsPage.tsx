/**
 * 居住证登记待确认 (issue 26 part 6): registrations public security sent, waiting for the village manager. Confirm
 * registers the person (or moves the one already registered); 查无此人 takes it off the list with a reason.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import DivisionPicker from '../components/DivisionPicker';
import { errorLine } from '../components/errorText';
import ReasonModal from '../components/ReasonModal';
import { ErrorState } from '../components/States';
import {
  type ConfirmBody,
  confirmPermit,
  fetchPermits,
  markPermitNotFound,
  PERMITS_KEY,
  type Permit,
  type PermitStatus,
} from './queries';

const MARITAL = ['unmarried', 'first_marriage', 'remarried', 'divorced', 'widowed'] as const;

interface ConfirmValues {
  hukouDivision?: string;
  maritalStatus?: string;
  residenceDivision?: string;
  phone?: string;
}

function ConfirmModal(props: { permit: Permit | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('permits');
  const { t: tp } = useTranslation('persons');
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfirmValues>();
  const [saving, setSaving] = useState(false);
  const permit = props.permit;
  if (!permit) return null;
  const isNew = permit.match === null;
  const needsResidence = !permit.addressResolved;
  const submit = async (values: ConfirmValues) => {
    setSaving(true);
    try {
      const body = {
        ...values,
        ...(permit.match ? { version: permit.match.version } : {}),
      };
      const answer = await confirmPermit(permit.id, body as ConfirmBody);
      message.success(t(answer.created ? 'registered' : 'updated', { name: answer.person.name }));
      if (answer.duplicates.length > 0) message.warning(t('duplicates', { count: answer.duplicates.length }), 8);
      props.onDone();
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      const fields = ['hukouDivision', 'maritalStatus', 'residenceDivision', 'phone'];
      const named = issues.filter((i) => fields.includes(i.path));
      form.setFields(named.map((i) => ({ name: i.path as keyof ConfirmValues, errors: [i.message] })));
      if (named.length === 0) message.error(t('failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setSaving(false);
    }
  };
  const required = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  return (
    <Modal
      title={t('confirmTitle', { name: permit.name })}
      open
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('confirmOk')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: saving, id: 'permit-confirm-ok' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {isNew ? t('confirmNew') : t('confirmExisting', { name: permit.match?.name })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {permit.address} · {permit.registeredOn}
      </Typography.Paragraph>
      <Form<ConfirmValues> form={form} name="permitConfirm" layout="vertical" onFinish={(v) => void submit(v)}>
        {isNew ? (
          <>
            <Form.Item name="hukouDivision" label={t('form.hukouDivision')} rules={required(t('form.hukouDivision'))}>
              <DivisionPicker />
            </Form.Item>
            <Form.Item name="maritalStatus" label={t('form.maritalStatus')} rules={required(t('form.maritalStatus'))}>
              <Select options={MARITAL.map((m) => ({ value: m, label: tp(`marital.${m}`) }))} />
            </Form.Item>
          </>
        ) : null}
        {needsResidence ? (
          <Form.Item
            name="residenceDivision"
            label={t('form.residenceDivision')}
            rules={required(t('form.residenceDivision'))}
          >
            <DivisionPicker />
          </Form.Item>
        ) : null}
        <Form.Item name="phone" label={t('form.phone')}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PermitsPage() {
  const { t, i18n } = useTranslation('permits');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<PermitStatus>('pending');
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState<Permit | null>(null);
  const [rejecting, setRejecting] = useState<Permit | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: [...PERMITS_KEY, status, page],
    queryFn: () => fetchPermits(status, page),
  });
  const refresh = () => client.invalidateQueries({ queryKey: PERMITS_KEY });

  const markNotFound = async (permit: Permit, reason: string) => {
    setBusy(true);
    try {
      await markPermitNotFound(permit.id, reason);
      message.success(t('notFoundDone'));
      setRejecting(null);
    } catch (error) {
      message.error(t('failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const columns: TableColumnsType<Permit> = [
    { title: t('columns.name'), dataIndex: 'name', width: 100 },
    { title: t('columns.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
    { title: t('columns.address'), dataIndex: 'address' },
    { title: t('columns.registeredOn'), dataIndex: 'registeredOn', width: 110 },
    {
      title: t('columns.division'),
      key: 'division',
      width: 160,
      render: (_, row) => (row.addressResolved ? row.division?.name : <Tag color="orange">{t('unresolved')}</Tag>),
    },
    { title: t('columns.department'), dataIndex: 'department', width: 140 },
    status === 'not_found'
      ? { title: t('columns.reason'), dataIndex: 'reason', width: 180 }
      : {
          title: t('columns.person'),
          key: 'person',
          width: 200,
          render: (_, row) =>
            row.status === 'confirmed' ? (
              <Link to={`/persons/${row.personId}`}>{t('confirmed')}</Link>
            ) : row.match ? (
              t('existing', { name: row.match.name, division: row.match.residenceDivision?.name ?? '' })
            ) : (
              <Typography.Text type="secondary">{t('newPerson')}</Typography.Text>
            ),
        },
    ...(status === 'pending'
      ? [
          {
            title: t('columns.actions'),
            key: 'actions',
            width: 160,
            render: (_: unknown, row: Permit) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setConfirming(row)} data-testid="permit-confirm">
                  {t('confirm')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() => setRejecting(row)}
                  data-testid="permit-not-found"
                >
                  {t('notFound')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const counts = list.data?.counts;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="permits-page">
      <div>
        <Typography.Title level={3}>{t('title')}</Typography.Title>
        {list.data ? (
          <Typography.Text type="secondary">
            {list.data.note[i18n.language.startsWith('en') ? 'en' : 'zh']}
          </Typography.Text>
        ) : null}
      </div>
      <Card
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
            {t('refresh')}
          </Button>
        }
      >
        <Tabs
          activeKey={status}
          onChange={(key) => {
            setStatus(key as PermitStatus);
            setPage(1);
          }}
          items={(['pending', 'confirmed', 'not_found'] as const).map((key) => ({
            key,
            label: `${t(`tabs.${key}`)}${counts ? ` (${counts[key]})` : ''}`,
          }))}
        />
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Permit>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('empty') }}
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
            }}
          />
        )}
      </Card>
      {confirming ? (
        <ConfirmModal
          permit={confirming}
          onClose={() => setConfirming(null)}
          onDone={() => {
            setConfirming(null);
            void refresh();
          }}
        />
      ) : null}
      <ReasonModal
        title={t('notFoundTitle', { name: rejecting?.name ?? '' })}
        open={rejecting !== null}
        description={t('notFoundDescription')}
        placeholder={t('notFoundPlaceholder')}
        okText={t('notFound')}
        cancelText={t('cancel')}
        danger
        loading={busy}
        onOk={(reason) => rejecting && void markNotFound(rejecting, reason)}
        onCancel={() => setRejecting(null)}
      />
    </Space>
  );
}

/** On the work list: how many registrations wait, with a link to them (nothing when none wait). */
export function PendingPermitsBanner() {
  const { t } = useTranslation('permits');
  const navigate = useNavigate();
  const pending = useQuery({
    queryKey: [...PERMITS_KEY, 'pending', 1],
    queryFn: () => fetchPermits('pending', 1),
  });
  const count = pending.data?.counts.pending ?? 0;
  if (count === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="permits-banner"
      title={t('banner', { count })}
      action={
        <Button size="small" type="primary" onClick={() => navigate('/residence-permits')}>
          {t('bannerAction')}
        </Button>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
