/** 用户管理: the staff accounts of the administrator's jurisdiction and what may be done to them. */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { errorLine } from '../components/errorText';
import ReasonModal from '../components/ReasonModal';
import { ErrorState } from '../components/States';
import { formatDateTime } from '../format';
import type { Role } from '../types';
import PostFormModal from './PostFormModal';
import {
  actOnUser,
  createUser,
  fetchUsers,
  type NewUser,
  type StaffAccount,
  type UserAction,
  type UserActionResult,
} from './queries';
import SecretOnce from './SecretOnce';

interface Filters {
  q?: string;
  role?: Role;
  status?: 'active' | 'locked' | 'inactive';
}

/** Actions that need a reason open the reason dialog; the others a confirmation. */
const REASONED: Partial<Record<UserAction, 'lock' | 'totpReset' | 'deactivate'>> = {
  lock: 'lock',
  totp_reset: 'totpReset',
  deactivate: 'deactivate',
};

function StatusTags({ user }: { user: StaffAccount }) {
  const { t } = useTranslation('admin');
  const tags = [];
  if (!user.active) tags.push(<Tag key="inactive">{t('users.status.inactive')}</Tag>);
  else if (user.lockedAt)
    tags.push(
      <Tag key="locked" color="red">
        {t('users.status.locked')}
      </Tag>,
    );
  else
    tags.push(
      <Tag key="active" color="green">
        {t('users.status.active')}
      </Tag>,
    );
  if (user.active && user.throttledUntil)
    tags.push(
      <Tag key="throttled" color="orange">
        {t('users.status.throttled', { until: formatDateTime(user.throttledUntil) })}
      </Tag>,
    );
  if (user.mustChangePassword) tags.push(<Tag key="must">{t('users.status.mustChange')}</Tag>);
  if (user.totpEnrolled)
    tags.push(
      <Tag key="totp" color="blue">
        {t('users.status.totp')}
      </Tag>,
    );
  return (
    <Space size={[0, 4]} wrap data-testid="user-status">
      {tags}
    </Space>
  );
}

type NewUserValues = NewUser;

function NewUserModal(props: {
  open: boolean;
  roles: Role[];
  onClose: () => void;
  onCreated: (result: UserActionResult) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const user = useUser();
  const required = (field: string) => [{ required: true, message: t('users.form.required', { field }) }];
  return (
    <PostFormModal<NewUserValues, UserActionResult>
      title={t('users.form.title')}
      open={props.open}
      submit={createUser}
      name="newUser"
      okId="new-user-ok"
      initialValues={{ divisionCode: user.division.code }}
      onClose={props.onClose}
      onDone={props.onCreated}
    >
      <Form.Item
        name="username"
        label={t('users.form.username')}
        extra={t('users.form.usernameHelp')}
        rules={required(t('users.form.username'))}
      >
        <Input autoComplete="off" maxLength={64} />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.form.displayName')}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="role" label={t('users.form.role')} rules={required(t('users.form.role'))}>
        <Select options={props.roles.map((r) => ({ value: r, label: tc(`roles.${r}`) }))} />
      </Form.Item>
      <Form.Item name="divisionCode" label={t('users.form.division')} rules={required(t('users.form.division'))}>
        <DivisionPicker allowClear={false} />
      </Form.Item>
      <Typography.Text type="secondary">{t('users.form.passwordNote')}</Typography.Text>
    </PostFormModal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const me = useUser();
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [reasoned, setReasoned] = useState<{ user: StaffAccount; action: UserAction } | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ['admin-users', filters],
    queryFn: () => fetchUsers(filters),
  });

  const run = async (user: StaffAccount, action: UserAction, reason?: string) => {
    setBusy(true);
    try {
      const result = await actOnUser(user.id, action, reason);
      message.success(t(`users.done.${action}`, { name: user.displayName }));
      if (result.temporaryPassword) {
        setSecret({ title: t('users.newPasswordTitle', { name: user.displayName }), value: result.temporaryPassword });
      }
      setReasoned(null);
    } catch (error) {
      message.error(t('common.failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['admin-users'] });
    }
  };

  const confirm = (user: StaffAccount, action: 'password_reset' | 'unlock') => {
    const key = action === 'password_reset' ? 'passwordReset' : 'unlock';
    modal.confirm({
      title: t(`users.confirm.${key}`, { name: user.displayName }),
      content: t(`users.confirm.${key}Body`),
      okText: t(`users.action.${key}`),
      cancelText: t('common.cancel'),
      okButtonProps: { id: 'confirm-ok' },
      onOk: () => run(user, action),
    });
  };

  const columns: TableColumnsType<StaffAccount> = [
    { title: t('users.columns.username'), dataIndex: 'username', width: 150 },
    { title: t('users.columns.displayName'), dataIndex: 'displayName', width: 180 },
    { title: t('users.columns.role'), dataIndex: 'role', width: 150, render: (v: Role) => tc(`roles.${v}`) },
    {
      title: t('users.columns.division'),
      dataIndex: ['division', 'fullName'],
      render: (v: string, row) => <span title={row.division.code}>{v}</span>,
    },
    { title: t('users.columns.status'), key: 'status', width: 220, render: (_, row) => <StatusTags user={row} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 330,
      render: (_, row) =>
        row.manageable && row.active ? (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              onClick={() => confirm(row, 'password_reset')}
              data-testid="user-password-reset"
            >
              {t('users.action.passwordReset')}
            </Button>
            {row.lockedAt || row.throttledUntil ? (
              <Button type="link" size="small" onClick={() => confirm(row, 'unlock')} data-testid="user-unlock">
                {t('users.action.unlock')}
              </Button>
            ) : (
              <Button
                type="link"
                size="small"
                onClick={() => setReasoned({ user: row, action: 'lock' })}
                data-testid="user-lock"
              >
                {t('users.action.lock')}
              </Button>
            )}
            {row.totpEnrolled ? (
              <Button
                type="link"
                size="small"
                onClick={() => setReasoned({ user: row, action: 'totp_reset' })}
                data-testid="user-totp-reset"
              >
                {t('users.action.totpReset')}
              </Button>
            ) : null}
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setReasoned({ user: row, action: 'deactivate' })}
              data-testid="user-deactivate"
            >
              {t('users.action.deactivate')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{row.id === me.id ? t('users.self') : '—'}</Typography.Text>
        ),
    },
  ];

  const reasonKey = reasoned ? REASONED[reasoned.action] : undefined;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="admin-users">
      <div>
        <Typography.Title level={3}>{t('users.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('users.subtitle')}</Typography.Text>
      </div>
      <Card>
        <Form<Filters> layout="inline" onFinish={(v) => setFilters(v)}>
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('users.searchPlaceholder')}
              style={{ width: 180 }}
              aria-label={t('users.searchPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="role">
            <Select
              allowClear
              placeholder={t('users.rolePlaceholder')}
              style={{ width: 180 }}
              options={(list.data?.grantableRoles ?? []).map((r) => ({ value: r, label: tc(`roles.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={t('users.statusPlaceholder')}
              style={{ width: 120 }}
              options={(['active', 'locked', 'inactive'] as const).map((s) => ({
                value: s,
                label: t(`users.filter.${s}`),
              }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.refresh')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-new">
              {t('users.new')}
            </Button>
          </Space>
        </Form>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<StaffAccount>
          rowKey="id"
          size="small"
          loading={list.isPending}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="users-table"
          footer={list.data?.truncated ? () => t('users.truncated') : undefined}
        />
      )}
      <NewUserModal
        open={creating}
        roles={list.data?.grantableRoles ?? []}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          message.success(t('users.created', { username: result.user.username }));
          void client.invalidateQueries({ queryKey: ['admin-users'] });
          if (result.temporaryPassword) {
            setSecret({
              title: t('users.createdTitle', { username: result.user.username }),
              value: result.temporaryPassword,
            });
          }
        }}
      />
      <SecretOnce title={secret?.title ?? ''} secret={secret?.value ?? null} onClose={() => setSecret(null)} />
      {reasoned && reasonKey ? (
        <ReasonModal
          open
          title={t(`users.confirm.${reasonKey}`, { name: reasoned.user.displayName })}
          description={t(`users.confirm.${reasonKey}Body`)}
          placeholder={t('common.reasonPlaceholder')}
          okText={t(`users.action.${reasonKey}`)}
          cancelText={t('common.cancel')}
          danger
          loading={busy}
          onOk={(reason) => void run(reasoned.user, reasoned.action, reason)}
          onCancel={() => setReasoned(null)}
        />
      ) : null}
    </Space>
  );
}
