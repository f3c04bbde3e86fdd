/** 工作人员业务培训 (issue 26 part 7): the year's sessions with their attending staff; county and townships record. */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useUser } from '../auth';
import { todayIso } from '../community/api';
import DivisionPicker from '../components/DivisionPicker';
import { errorLine } from '../components/errorText';
import { ErrorState } from '../components/States';
import { createTraining, fetchTrainingStaff, fetchTrainings, type NewTraining, type Training } from './queries';

const ORGANISERS = ['county_admin', 'township_officer'];
const KEY = ['trainings'] as const;

function NewTrainingModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('training');
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<NewTraining>();
  const [saving, setSaving] = useState(false);
  const staff = useQuery({
    queryKey: [...KEY, 'staff'],
    queryFn: fetchTrainingStaff,
  });
  const required = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  const submit = async (values: NewTraining) => {
    setSaving(true);
    try {
      await createTraining(values);
      message.success(t('saved'));
      onDone();
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      const named = issues.filter((i) => i.path in values);
      form.setFields(named.map((i) => ({ name: i.path as keyof NewTraining, errors: [i.message] })));
      if (named.length === 0) message.error(t('failed', { message: errorLine(error as { message: string }) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={t('new')}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: saving, id: 'training-save' }}
      destroyOnHidden
    >
      <Form<NewTraining>
        form={form}
        name="training"
        layout="vertical"
        initialValues={{ heldOn: todayIso(), hours: 2, divisionCode: user.division.code, attendeeIds: [] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="title" label={t('form.title')} rules={required(t('form.title'))}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="topic" label={t('form.topic')} rules={required(t('form.topic'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="heldOn" label={t('form.heldOn')} rules={required(t('form.heldOn'))}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="hours" label={t('form.hours')} rules={required(t('form.hours'))}>
            <InputNumber min={0.5} max={200} step={0.5} />
          </Form.Item>
        </Space>
        <Form.Item name="divisionCode" label={t('form.divisionCode')} rules={required(t('form.divisionCode'))}>
          <DivisionPicker allowClear={false} />
        </Form.Item>
        <Form.Item name="attendeeIds" label={t('form.attendeeIds')} rules={required(t('form.attendeeIds'))}>
          <Select
            mode="multiple"
            loading={staff.isPending}
            optionFilterProp="label"
            options={(staff.data?.items ?? []).map((s) => ({
              value: s.id,
              label: `${s.displayName}（${s.division?.name ?? ''}）`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TrainingPage() {
  const { t } = useTranslation('training');
  const user = useUser();
  const client = useQueryClient();
  const thisYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...KEY, year],
    queryFn: () => fetchTrainings(year),
  });
  const canCreate = ORGANISERS.includes(user.role);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="training-page">
      <div>
        <Typography.Title level={3}>{t('title')}</Typography.Title>
        <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
      </div>
      <Card
        title={
          list.data ? <span data-testid="training-totals">{t('totals', { year, ...list.data.totals })}</span> : null
        }
        extra={
          <Space>
            <Select
              aria-label={t('year')}
              value={year}
              onChange={setYear}
              options={[0, 1, 2].map((k) => ({ value: thisYear - k, label: String(thisYear - k) }))}
            />
            {canCreate ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="training-new"
              >
                {t('new')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Training>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('empty') }}
            pagination={false}
            columns={[
              { title: t('columns.heldOn'), dataIndex: 'heldOn', width: 110 },
              { title: t('columns.title'), dataIndex: 'title' },
              { title: t('columns.topic'), dataIndex: 'topic' },
              { title: t('columns.hours'), dataIndex: 'hours', width: 70 },
              { title: t('columns.division'), dataIndex: ['division', 'name'], width: 140 },
              {
                title: t('columns.attendees'),
                key: 'attendees',
                render: (_, row) => row.attendees.map((a) => a.displayName).join('、'),
              },
            ]}
          />
        )}
      </Card>
      {creating ? (
        <NewTrainingModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: KEY });
          }}
        />
      ) : null}
    </Space>
  );
}
