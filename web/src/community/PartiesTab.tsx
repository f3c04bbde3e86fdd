/** Employers and landlords: registry, agreements, residents, and the outreach list of whom to contact. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, InputNumber, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { problem, todayIso } from './api';
import FormModal, { useCommunitySave } from './FormModal';
import { addAgreement, createParty, fetchOutreachList, fetchParty, type OutreachRow, type Party } from './queries';
import { useCommunityText } from './strings';

function NewPartyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { text, labels } = useCommunityText();
  const user = useUser();
  const [form] = Form.useForm();
  const save = useCommunitySave((v: Parameters<typeof createParty>[0]) => createParty(v), onClose, form);
  return (
    <FormModal
      title={text.newParty}
      open={open}
      onClose={onClose}
      form={form}
      save={save}
      saveId="party-save"
      notice={<Alert type="info" showIcon title={text.noPartyFields} style={{ marginBottom: 12 }} />}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'employer', divisionCode: user.division.code }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={text.kind}>
          <Select options={Object.entries(labels.partyKind).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="divisionCode" label={text.village} rules={[{ required: true, message: text.required }]}>
          <DivisionPicker />
        </Form.Item>
        <Form.Item name="name" label={text.name} rules={[{ required: true, message: text.required }]}>
          <Input maxLength={100} data-testid="party-name" />
        </Form.Item>
        <Form.Item name="address" label={text.address}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={text.contactName}>
            <Input maxLength={50} data-testid="party-contact" />
          </Form.Item>
          <Form.Item name="contactPhone" label={text.contactPhone}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="industry" label={text.industry}>
            <Input maxLength={50} />
          </Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}

function AgreementForm({ partyId, onDone }: { partyId: string; onDone: () => void }) {
  const { text, labels } = useCommunityText();
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
      <Form.Item name="kind" label={text.kind}>
        <Select
          options={Object.entries(labels.agreement).map(([value, label]) => ({ value, label }))}
          data-testid="agreement-kind"
        />
      </Form.Item>
      <Space wrap>
        <Form.Item name="signedOn" label={text.signedOn} rules={[{ required: true, message: text.required }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="validUntil" label={text.validUntil}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="serviceDaysPerYear" label={text.serviceDays}>
          <InputNumber min={1} max={366} />
        </Form.Item>
      </Space>
      <Form.Item name="details" label={text.details}>
        <Input.TextArea maxLength={500} rows={2} data-testid="agreement-details" />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending} data-testid="agreement-save">
        {text.newAgreement}
      </Button>
    </Form>
  );
}

function PartyDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { text, labels } = useCommunityText();
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
            {labels.partyKind[d.party.kind]} · {d.party.contactName ?? ''} {d.party.contactPhone ?? ''}
            <br />
            {d.party.address ?? ''}
          </Typography.Paragraph>
          <Typography.Title level={5}>{text.agreements}</Typography.Title>
          <List
            size="small"
            dataSource={d.agreements}
            locale={{ emptyText: text.none }}
            renderItem={(a) => (
              <List.Item>
                <span data-testid="agreement-item">{labels.agreement[a.kind as keyof typeof labels.agreement]}</span>
                <span className="muted">
                  {`${a.signedOn}～${a.validUntil ?? ''}${a.serviceDaysPerYear ? ` · ${a.serviceDaysPerYear}天/年` : ''}`}
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
          >{`${text.residents}（${d.residents.length}）`}</Typography.Title>
          <List
            size="small"
            dataSource={d.residents}
            locale={{ emptyText: text.none }}
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
  const { text, labels } = useCommunityText();
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
          {text.newParty}
        </Button>
        <Select
          allowClear
          placeholder={text.kind}
          style={{ width: 140 }}
          value={kind}
          onChange={setKind}
          options={Object.entries(labels.partyKind).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Typography.Paragraph type="secondary">{`${text.outreachList}：${text.outreachListHint}`}</Typography.Paragraph>
      <Table<OutreachRow>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          {
            title: text.name,
            render: (_: unknown, p: OutreachRow) => (
              <Button type="link" onClick={() => setSelected(p.id)} data-testid="party-link" style={{ padding: 0 }}>
                {p.name}
              </Button>
            ),
          },
          { title: text.kind, render: (_: unknown, p: OutreachRow) => labels.partyKind[p.kind] },
          {
            title: text.contactName,
            render: (_: unknown, p: OutreachRow) => `${p.contactName ?? ''} ${p.contactPhone ?? ''}`,
          },
          { title: text.residents, dataIndex: 'residents' },
          {
            title: text.withServicesDue,
            dataIndex: 'residentsWithServicesDue',
            render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
          },
          {
            title: text.agreements,
            render: (_: unknown, p: OutreachRow) =>
              p.agreements.map((a) => <Tag key={a}>{labels.agreement[a as keyof typeof labels.agreement]}</Tag>),
          },
          { title: text.lastEvent, dataIndex: 'lastEventOn', render: (v: string | null) => v ?? '—' },
        ]}
        data-testid="parties-table"
      />
      <NewPartyModal open={open} onClose={() => setOpen(false)} />
      <PartyDrawer id={selected} onClose={() => setSelected(null)} />
    </div>
  );
}
