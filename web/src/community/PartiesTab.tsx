/** Employers and landlords: registry, agreements, residents, and the outreach list of whom to contact. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, InputNumber, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { labelOptions } from '../i18n/options';
import { problem, todayIso } from './api';
import FormModal, { useCommunitySave } from './FormModal';
import { addAgreement, createParty, fetchOutreachList, fetchParty, type OutreachRow, type Party } from './queries';

function NewPartyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('community');
  const user = useUser();
  const [form] = Form.useForm();
  const save = useCommunitySave((v: Parameters<typeof createParty>[0]) => createParty(v), onClose, form);
  return (
    <FormModal
      title={t('newParty')}
      open={open}
      onClose={onClose}
      form={form}
      save={save}
      saveId="party-save"
      notice={<Alert type="info" showIcon title={t('noPartyFields')} style={{ marginBottom: 12 }} />}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'employer', divisionCode: user.division.code }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('kind')}>
          <Select options={labelOptions(t, 'labels.partyKind')} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('village')} rules={[{ required: true, message: t('required') }]}>
          <DivisionPicker />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={100} data-testid="party-name" />
        </Form.Item>
        <Form.Item name="address" label={t('address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('contactName')}>
            <Input maxLength={50} data-testid="party-contact" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="industry" label={t('industry')}>
            <Input maxLength={50} />
          </Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}

function AgreementForm({ partyId, onDone }: { partyId: string; onDone: () => void }) {
  const { t } = useTranslation('community');
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: Parameters<typeof addAgreement>[1]) => addAgreement(partyId, v),
    onSuccess: () => {
      form.resetFields();
      onDone();
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: 'onsite_service_days', signedOn: todayIso() }}
      onFinish={(v) => save.mutate(v)}
    >
      {save.error ? <Alert type="error" showIcon title={problem(save.error)} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="kind" label={t('kind')}>
        <Select options={labelOptions(t, 'labels.agreement')} data-testid="agreement-kind" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="signedOn" label={t('signedOn')} rules={[{ required: true, message: t('required') }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('validUntil')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="serviceDaysPerYear" label={t('serviceDays')}>
          <InputNumber min={1} max={366} />
        </Form.Item>
      </Space>
      <Form.Item name="details" label={t('details')}>
        <Input.TextArea maxLength={500} rows={2} data-testid="agreement-details" />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending} data-testid="agreement-save">
        {t('newAgreement')}
      </Button>
    </Form>
  );
}

function PartyDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('community');
  const client = useQueryClient();
  const key = ['community', 'party', id];
  const detail = useQuery({
    queryKey: key,
    queryFn: () => fetchParty(id ?? ''),
    enabled: Boolean(id),
  });
  const d = detail.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={560} title={d?.party.name ?? ''} destroyOnHidden>
      {d ? (
        <div data-testid="party-detail">
          <Typography.Paragraph>
            {t(`labels.partyKind.${d.party.kind}`)} · {d.party.contactName ?? ''} {d.party.contactPhone ?? ''}
            <br />
            {d.party.address ?? ''}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('agreements')}</Typography.Title>
          <List
            size="small"
            dataSource={d.agreements}
            locale={{ emptyText: t('none') }}
            renderItem={(a) => (
              <List.Item>
                <span data-testid="agreement-item">{t(`labels.agreement.${a.kind}`)}</span>
                <span className="muted">
                  {`${a.signedOn}～${a.validUntil ?? ''}${a.serviceDaysPerYear ? t('daysPerYear', { n: a.serviceDaysPerYear }) : ''}`}
                </span>
              </List.Item>
            )}
          />
          <AgreementForm
            partyId={d.party.id}
            onDone={() => void client.invalidateQueries({ queryKey: ['community'] })}
          />
          <Typography.Title
            level={5}
            style={{ marginTop: 16 }}
          >{`${t('residents')}（${d.residents.length}）`}</Typography.Title>
          <List
            size="small"
            dataSource={d.residents}
            locale={{ emptyText: t('none') }}
            renderItem={(r) => (
              <List.Item>
                <Link to={`/persons/${r.id}`}>{r.name}</Link>
                <span className="muted">{r.idNumberMasked}</span>
              </List.Item>
            )}
          />
        </div>
      ) : null}
    </Drawer>
  );
}

export default function PartiesTab() {
  const { t } = useTranslation('community');
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [kind, setKind] = useState<Party['kind'] | undefined>(undefined);
  const list = useQuery({
    queryKey: ['community', 'outreach-list', kind],
    queryFn: () => fetchOutreachList({ kind }),
  });
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-party">
          {t('newParty')}
        </Button>
        <Select
          allowClear
          placeholder={t('kind')}
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={labelOptions(t, 'labels.partyKind')}
        />
      </Space>
      <Typography.Paragraph type="secondary">{`${t('outreachList')}：${t('outreachListHint')}`}</Typography.Paragraph>
      <Table<OutreachRow>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          {
            title: t('name'),
            render: (_: unknown, p: OutreachRow) => (
              <Button type="link" onClick={() => setSelected(p.id)} data-testid="party-link" style={{ padding: 0 }}>
                {p.name}
              </Button>
            ),
          },
          { title: t('kind'), render: (_: unknown, p: OutreachRow) => t(`labels.partyKind.${p.kind}`) },
          {
            title: t('contactName'),
            render: (_: unknown, p: OutreachRow) => `${p.contactName ?? ''} ${p.contactPhone ?? ''}`,
          },
          { title: t('residents'), dataIndex: 'residents' },
          {
            title: t('withServicesDue'),
            dataIndex: 'residentsWithServicesDue',
            render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
          },
          {
            title: t('agreements'),
            render: (_: unknown, p: OutreachRow) =>
              p.agreements.map((a) => <Tag key={a}>{t(`labels.agreement.${a}`)}</Tag>),
          },
          { title: t('lastEvent'), dataIndex: 'lastEventOn', render: (v: string | null) => v ?? '—' },
        ]}
        data-testid="parties-table"
      />
      <NewPartyModal open={open} onClose={() => setOpen(false)} />
      <PartyDrawer id={selected} onClose={() => setSelected(null)} />
    </div>
  );
}
