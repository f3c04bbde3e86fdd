/** 部门接口密钥: keys of the partner departments' status API, created (shown once), watched and revoked. */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { errorLine } from '../components/errorText';
import ReasonModal from '../components/ReasonModal';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../format';
import PostFormModal from './PostFormModal';
import {
  type CreatedDeptKey,
  createDeptKey,
  DEPT_SCOPES,
  type DeptKey,
  type DeptScope,
  fetchDeptKeys,
  type NewDeptKey,
  revokeDeptKey,
} from './queries';
import SecretOnce from './SecretOnce';

/** i18next reads ':' as a namespace separator, so a scope's label key spells it '_'. */
const scopeKey = (scope: DeptScope) => scope.replace(':', '_');

type NewKeyValues = NewDeptKey;

function NewKeyModal(props: { open: boolean; onClose: () => void; onCreated: (key: DeptKey, secret: string) => void }) {
  const { t } = useTranslation('admin');
  const user = useUser();
  const required = (field: string) => [{ required: true, message: t('deptKeys.form.required', { field }) }];
  return (
    <PostFormModal<NewKeyValues, CreatedDeptKey>
      title={t('deptKeys.form.title')}
      open={props.open}
      submit={createDeptKey}
      name="newKey"
      okId="new-key-ok"
      initialValues={{ divisionCode: user.division.code, scopes: ['certificate_status'] }}
      onClose={props.onClose}
      onDone={(result) => props.onCreated(result.key, result.secret)}
    >
      <Form.Item
        name="department"
        label={t('deptKeys.form.department')}
        rules={required(t('deptKeys.form.department'))}
      >
        <Input placeholder={t('deptKeys.form.departmentPlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item name="divisionCode" label={t('deptKeys.form.division')} rules={required(t('deptKeys.form.division'))}>
        <DivisionPicker allowClear={false} />
      </Form.Item>
      <Form.Item name="scopes" label={t('deptKeys.form.scopes')} rules={required(t('deptKeys.form.scopes'))}>
        <Checkbox.Group options={DEPT_SCOPES.map((s) => ({ value: s, label: t(`deptKeys.scopes.${scopeKey(s)}`) }))} />
      </Form.Item>
    </PostFormModal>
  );
}

export default function DeptKeysPage() {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ key: DeptKey; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<DeptKey | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useQuery({ queryKey: ['admin-dept-keys'], queryFn: fetchDeptKeys });

  const revoke = async (key: DeptKey, reason: string) => {
    setBusy(true);
    try {
      await revokeDeptKey(key.id, reason);
      message.success(t('deptKeys.revoked_done'));
      setRevoking(null);
    } catch (error) {
      message.error(t('common.failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['admin-dept-keys'] });
    }
  };

  const columns: TableColumnsType<DeptKey> = [
    { title: t('deptKeys.columns.department'), dataIndex: 'department' },
    { title: t('deptKeys.columns.division'), dataIndex: ['division', 'fullName'] },
    {
      title: t('deptKeys.columns.prefix'),
      dataIndex: 'prefix',
      width: 150,
      render: (v: string) => <Typography.Text code>{v}…</Typography.Text>,
    },
    {
      title: t('deptKeys.columns.scopes'),
      dataIndex: 'scopes',
      width: 180,
      render: (v: DeptScope[]) => v.map((s) => <Tag key={s}>{t(`deptKeys.scopes.${scopeKey(s)}`)}</Tag>),
    },
    {
      title: t('deptKeys.columns.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('deptKeys.columns.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t('common.never')}</Typography.Text>,
    },
    {
      title: t('deptKeys.columns.status'),
      dataIndex: 'revokedAt',
      width: 200,
      render: (v: string | null) =>
        v ? (
          <Tag>{t('deptKeys.revoked', { at: formatDateTime(v) })}</Tag>
        ) : (
          <Tag color="green">{t('deptKeys.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, row) =>
        row.revokedAt ? null : (
          <Button type="link" size="small" danger onClick={() => setRevoking(row)} data-testid="dept-key-revoke">
            {t('deptKeys.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="admin-dept-keys">
      <div>
        <Typography.Title level={3}>{t('deptKeys.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('deptKeys.subtitle')}</Typography.Text>
      </div>
      <Card
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void keys.refetch()}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dept-key-new">
              {t('deptKeys.new')}
            </Button>
          </Space>
        }
      >
        {keys.error ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<DeptKey>
            rowKey="id"
            size="small"
            loading={keys.isPending}
            columns={columns}
            dataSource={keys.data?.items ?? []}
            pagination={false}
            data-testid="dept-keys-table"
          />
        )}
      </Card>
      <NewKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key, secret) => {
          setCreating(false);
          setCreated({ key, secret });
          void client.invalidateQueries({ queryKey: ['admin-dept-keys'] });
        }}
      />
      <SecretOnce
        title={created ? t('deptKeys.createdTitle', { department: created.key.department }) : ''}
        secret={created?.secret ?? null}
        extra={<Typography.Text type="secondary">{t('deptKeys.usage')}</Typography.Text>}
        onClose={() => setCreated(null)}
      />
      {revoking ? (
        <ReasonModal
          open
          title={t('deptKeys.revokeTitle', { department: revoking.department, prefix: revoking.prefix })}
          description={t('deptKeys.revokeBody')}
          placeholder={t('common.reasonPlaceholder')}
          okText={t('deptKeys.revoke')}
          cancelText={t('common.cancel')}
          danger
          loading={busy}
          onOk={(reason) => void revoke(revoking, reason)}
          onCancel={() => setRevoking(null)}
        />
      ) : null}
    </Space>
  );
}
