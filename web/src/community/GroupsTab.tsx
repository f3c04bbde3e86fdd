/** Twelve-household groups: list and create (households ticked in duty order, a leader household). */
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import FormModal, { useCommunitySave } from './FormModal';
import { useHouseholds } from './HouseholdsTab';
import { createGroup, fetchGroups, type GroupSummary, type Household } from './queries';

function NewGroupModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('community');
  const user = useUser();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const village = user.division.level === 5 ? user.division.code : undefined;
  const division: string | undefined = Form.useWatch('divisionCode', form) ?? village;
  const [picked, setPicked] = useState<string[]>([]);
  const candidates = useHouseholds({ division, ungrouped: 'true' });
  const save = useCommunitySave(
    (v: { divisionCode: string; name: string; leaderHouseholdId?: string }) =>
      createGroup({ ...v, householdIds: picked, leaderHouseholdId: v.leaderHouseholdId ?? picked[0] ?? '' }),
    (detail) => {
      onClose();
      navigate(`/community/groups/${detail.group.id}`);
    },
  );
  const byId = new Map((candidates.data?.items ?? []).map((h) => [h.id, h]));
  return (
    <FormModal
      title={t('newGroup')}
      open={open}
      onClose={onClose}
      form={form}
      save={save}
      saveId="group-save"
      width={720}
    >
      <Form form={form} layout="vertical" initialValues={{ divisionCode: village }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="divisionCode" label={t('village')} rules={[{ required: true, message: t('required') }]}>
          <DivisionPicker disabled={Boolean(village)} />
        </Form.Item>
        <Form.Item name="name" label={t('groupName')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={60} placeholder={t('groupNamePlaceholder')} data-testid="group-name" />
        </Form.Item>
        <Form.Item label={`${t('chooseHouseholds')}（${picked.length}）`}>
          <Table<Household>
            rowKey="id"
            size="small"
            loading={candidates.isFetching}
            dataSource={candidates.data?.items ?? []}
            pagination={false}
            scroll={{ y: 240 }}
            rowSelection={{
              selectedRowKeys: picked,
              onChange: (keys) => {
                const next = keys.map(String);
                // Keep the order in which households were ticked: that is the duty order.
                setPicked([...picked.filter((k) => next.includes(k)), ...next.filter((k) => !picked.includes(k))]);
              },
            }}
            columns={[
              { title: t('address'), dataIndex: 'address' },
              { title: t('members'), render: (_: unknown, h: Household) => h.members.map((m) => m.name).join('、') },
              {
                title: t('position'),
                render: (_: unknown, h: Household) => (picked.includes(h.id) ? picked.indexOf(h.id) + 1 : ''),
              },
            ]}
            data-testid="group-households"
          />
        </Form.Item>
        <Form.Item
          name="leaderHouseholdId"
          label={t('leader')}
          extra={picked.length > 0 ? undefined : t('chooseHouseholds')}
        >
          <Select
            allowClear
            data-testid="group-leader"
            options={picked.map((id) => ({ value: id, label: byId.get(id)?.address ?? id }))}
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export default function GroupsTab() {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const groups = useQuery({
    queryKey: ['community', 'groups'],
    queryFn: fetchGroups,
  });
  return (
    <div>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="new-group">
        {t('newGroup')}
      </Button>
      <Table<GroupSummary>
        rowKey="id"
        size="small"
        loading={groups.isPending}
        dataSource={groups.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          {
            title: t('groupName'),
            dataIndex: 'name',
            render: (name: string, g: GroupSummary) => (
              <Link to={`/community/groups/${g.id}`} data-testid="group-link">
                {name}
              </Link>
            ),
          },
          { title: t('village'), dataIndex: 'divisionName' },
          { title: t('householdCount'), dataIndex: 'households' },
          { title: t('leader'), dataIndex: 'leaderAddress' },
          { title: t('rosterUntil'), dataIndex: 'rosterUntil', render: (v: string | null) => v ?? '—' },
        ]}
        data-testid="groups-table"
      />
      <NewGroupModal open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
