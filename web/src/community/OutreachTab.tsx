/** Outreach events (宣传活动) with this year's figures, as the annual summary quotes them. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { labelOptions } from '../i18n/options';
import { todayIso } from './api';
import FormModal, { useCommunitySave } from './FormModal';
import { createOutreachEvent, fetchOutreachEvents, fetchOutreachFigures, type OutreachEvent } from './queries';

function NewEventModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('community');
  const user = useUser();
  const [form] = Form.useForm();
  const save = useCommunitySave(
    (v: Parameters<typeof createOutreachEvent>[0]) => createOutreachEvent(v),
    onClose,
    form,
  );
  return (
    <FormModal title={t('newEvent')} open={open} onClose={onClose} form={form} save={save} saveId="event-save">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'womens_day',
          divisionCode: user.division.code,
          heldOn: todayIso(),
          materialsCount: 0,
          attendance: 0,
          servicesCount: 0,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('eventKind')}>
          <Select options={labelOptions(t, 'labels.eventKind')} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('village')} rules={[{ required: true, message: t('required') }]}>
          <DivisionPicker />
        </Form.Item>
        <Form.Item name="title" label={t('eventTitle')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={100} data-testid="event-title" />
        </Form.Item>
        <Form.Item name="place" label={t('place')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={200} data-testid="event-place" />
        </Form.Item>
        <Form.Item name="heldOn" label={t('heldOn')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="materialsCount" label={t('materialsCount')}>
            <InputNumber min={0} data-testid="event-materials" />
          </Form.Item>
          <Form.Item name="attendance" label={t('attendance')}>
            <InputNumber min={0} data-testid="event-attendance" />
          </Form.Item>
          <Form.Item name="servicesCount" label={t('servicesCount')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Form.Item name="materials" label={t('materials')}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export default function OutreachTab() {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const year = todayIso().slice(0, 4);
  const events = useQuery({
    queryKey: ['community', 'events'],
    queryFn: fetchOutreachEvents,
  });
  const figures = useQuery({
    queryKey: ['community', 'figures', year],
    queryFn: () => fetchOutreachFigures({ from: `${year}-01-01`, to: `${year}-12-31` }),
  });
  return (
    <div>
      {figures.data ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${year}${t('figures')}：${t('figuresLine', figures.data.total)}`}
          data-testid="outreach-figures"
        />
      ) : null}
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="new-event">
        {t('newEvent')}
      </Button>
      <Table<OutreachEvent>
        rowKey="id"
        size="small"
        loading={events.isPending}
        dataSource={events.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('heldOn'), dataIndex: 'heldOn', width: 110 },
          {
            title: t('eventKind'),
            render: (_: unknown, e: OutreachEvent) => t(`labels.eventKind.${e.kind}`),
          },
          { title: t('eventTitle'), dataIndex: 'title' },
          { title: t('place'), render: (_: unknown, e: OutreachEvent) => e.partyName ?? e.place },
          { title: t('materialsCount'), dataIndex: 'materialsCount' },
          { title: t('attendance'), dataIndex: 'attendance' },
          { title: t('servicesCount'), render: (_: unknown, e: OutreachEvent) => e.servicesCount + e.linkedServices },
        ]}
        data-testid="events-table"
      />
      <NewEventModal open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
