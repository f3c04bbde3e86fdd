/** The portal's tabs. Each loads its own data from /api/portal/*; free text is shown as text only. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Radio,
  Rate,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../format';
import { BirthRegistrationCard } from './BirthCard';
import { ErrorLine } from './ErrorLine';
import {
  applyForCertificate,
  fetchAccessLog,
  fetchApplications,
  fetchPortalCertificates,
  fetchPortalComplaints,
  giveConsent,
  type PortalComplaint,
  rateComplaint,
  requestContactChange,
  submitComplaint,
} from './queries';
import { RemindersSwitch } from './RemindersSwitch';
import { PORTAL_ME, type PortalMe, usePortalText } from './shared';
import { labels } from './strings';

export function MeTab({ me }: { me: PortalMe }) {
  const { s, lang } = usePortalText();
  const l = labels(lang);
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const change = useMutation({
    mutationFn: () =>
      requestContactChange({ ...(phone ? { phone } : {}), ...(address ? { residenceAddress: address } : {}) }),
    onSuccess: () => {
      setPhone('');
      setAddress('');
      void queryClient.invalidateQueries({ queryKey: PORTAL_ME });
    },
  });
  const consent = useMutation({
    mutationFn: (health: boolean) => giveConsent({ terms: true, health }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal'] }),
  });
  const p = me.person;
  if (!p) return null;
  const status: Record<string, string> = { pending: s.pending, approved: s.approved, rejected: s.rejected };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" data-testid="portal-record">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={s.name}>{p.name}</Descriptions.Item>
          <Descriptions.Item label={s.idNumber}>{p.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label={s.sex}>{p.sex === 'M' ? s.male : s.female}</Descriptions.Item>
          <Descriptions.Item label={s.birth}>{p.birthDate}</Descriptions.Item>
          <Descriptions.Item label={s.hukou}>{p.hukouDivision}</Descriptions.Item>
          <Descriptions.Item label={s.residence}>{p.residenceDivision}</Descriptions.Item>
          <Descriptions.Item label={s.address}>{p.residenceAddress ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={s.phone}>{p.phoneMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={s.arrived}>{p.arrivedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={s.marital}>{l.marital[p.maritalStatus] ?? p.maritalStatus}</Descriptions.Item>
          <Descriptions.Item label={s.children}>{p.children.length}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={s.changeTitle}>
        <Typography.Paragraph type="secondary">{s.changeHint}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => change.mutate()}>
          <Form.Item label={s.newPhone}>
            <Input inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />
          </Form.Item>
          <Form.Item label={s.newAddress}>
            <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
          </Form.Item>
          <Button block htmlType="submit" loading={change.isPending} disabled={!phone && !address}>
            {s.submit}
          </Button>
        </Form>
        <ErrorLine error={change.error} />
        {(me.contactChanges ?? []).map((c) => (
          <div key={c.id} style={{ marginTop: 8 }}>
            <Tag>{status[c.status] ?? c.status}</Tag>
            {[c.phoneMasked, c.residenceAddress].filter(Boolean).join('，')}
          </div>
        ))}
      </Card>
      <Card size="small" title={s.consentManage}>
        <Space direction="vertical">
          <Tag color={me.consent.health ? 'green' : 'default'}>{me.consent.health ? s.healthOn : s.healthOff}</Tag>
          <Button
            onClick={() => consent.mutate(!me.consent.health)}
            loading={consent.isPending}
            data-testid="toggle-health"
          >
            {me.consent.health ? s.revokeHealth : s.grantHealth}
          </Button>
        </Space>
      </Card>
      <RemindersSwitch me={me} />
    </Space>
  );
}

export function CertificatesTab({ suggestedOrder = 1 }: { suggestedOrder?: number }) {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const certs = useQuery({
    queryKey: ['portal', 'certificates'],
    queryFn: fetchPortalCertificates,
  });
  const apps = useQuery({
    queryKey: ['portal', 'applications'],
    queryFn: fetchApplications,
  });
  const [kind, setKind] = useState<'standard' | 'temporary'>('temporary');
  const [purpose, setPurpose] = useState('');
  const apply = useMutation({
    mutationFn: () => applyForCertificate({ kind, ...(purpose ? { purpose } : {}) }),
    onSuccess: () => {
      setPurpose('');
      void queryClient.invalidateQueries({ queryKey: ['portal'] });
    },
  });
  const appStatus: Record<string, string> = { submitted: s.appSubmitted, issued: s.appIssued, rejected: s.appRejected };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={s.certsTitle} loading={certs.isPending}>
        {certs.data?.items.length === 0 ? <Empty description={s.noCerts} /> : null}
        {certs.data?.items.map((c) => (
          <div key={c.id} data-testid="portal-certificate" style={{ textAlign: 'center', marginBottom: 16 }}>
            {c.qrDataUrl ? (
              <>
                <Image src={c.qrDataUrl} width={200} preview={false} alt={c.number} />
                <Typography.Paragraph type="secondary">{s.showQr}</Typography.Paragraph>
              </>
            ) : null}
            <Descriptions column={1} size="small">
              <Descriptions.Item label={s.certNumber}>
                {c.number}{' '}
                <Tag color={c.status === 'valid' ? 'green' : 'default'}>{s.certStatus[c.status] ?? c.status}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={s.validUntil}>{c.expiresOn}</Descriptions.Item>
              <Descriptions.Item label={s.issuer}>{c.issuer}</Descriptions.Item>
            </Descriptions>
          </div>
        ))}
      </Card>
      <Card size="small" title={s.applyTitle}>
        <Typography.Paragraph type="secondary">{s.applyHint}</Typography.Paragraph>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} data-testid="apply-kind">
          <Space direction="vertical">
            <Radio value="standard">{s.standard}</Radio>
            <Radio value="temporary">{s.temporary}</Radio>
          </Space>
        </Radio.Group>
        <Input
          style={{ marginTop: 12 }}
          placeholder={s.purpose}
          value={purpose}
          maxLength={200}
          onChange={(e) => setPurpose(e.target.value)}
        />
        <Button
          block
          type="primary"
          style={{ marginTop: 12 }}
          onClick={() => apply.mutate()}
          loading={apply.isPending}
          data-testid="apply-submit"
        >
          {s.apply}
        </Button>
        <ErrorLine error={apply.error} />
        {apps.data?.items.length ? (
          <List
            size="small"
            header={s.myApplications}
            dataSource={apps.data.items}
            renderItem={(a) => (
              <List.Item data-testid="portal-application">
                {a.kind === 'standard' ? s.standard : s.temporary}
                <Tag>{appStatus[a.status] ?? a.status}</Tag>
                {a.routedToOrigin && a.status === 'submitted' ? (
                  <Typography.Text type="secondary" data-testid="portal-application-routed">
                    {s.appRouted}
                  </Typography.Text>
                ) : null}
                {a.status === 'rejected' && a.note ? (
                  <Typography.Text type="secondary" data-testid="portal-application-reason">
                    {s.appReason}
                    {a.note}
                  </Typography.Text>
                ) : null}
              </List.Item>
            )}
          />
        ) : null}
      </Card>
      <BirthRegistrationCard suggestedOrder={suggestedOrder} />
    </Space>
  );
}

function AttachFile({ complaint }: { complaint: PortalComplaint }) {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      {complaint.attachments.map((a) => (
        <Tag key={a.id}>
          {a.fileName}（{Math.ceil(a.size / 1024)} KB）
        </Tag>
      ))}
      {complaint.attachments.length < 3 ? (
        <Upload
          name="file"
          action={`/api/portal/complaints/${complaint.id}/attachments`}
          accept="image/jpeg,image/png,application/pdf"
          showUploadList={false}
          onChange={(info) => {
            if (info.file.status === 'done') {
              setError(null);
              void queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] });
            } else if (info.file.status === 'error') {
              const body = info.file.response as { error?: { message?: string } } | undefined;
              setError(body?.error?.message ?? s.loadError);
            }
          }}
        >
          <Button size="small">{s.attach}</Button>
        </Upload>
      ) : null}
      {error ? <Typography.Text type="danger"> {error}</Typography.Text> : null}
    </div>
  );
}

function RateReply({ complaint }: { complaint: PortalComplaint }) {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(5);
  const rate = useMutation({
    mutationFn: () => rateComplaint(complaint.id, { rating: value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] }),
  });
  if (complaint.rating) {
    return (
      <div>
        {s.rated}: <Rate disabled value={complaint.rating} />
      </div>
    );
  }
  if (complaint.status !== 'replied') return null;
  return (
    <Space wrap>
      <span>{s.rate}</span>
      <Rate value={value} onChange={setValue} />
      <Button size="small" onClick={() => rate.mutate()} loading={rate.isPending}>
        {s.rateSend}
      </Button>
    </Space>
  );
}

export function ComplaintsTab() {
  const { s, lang } = usePortalText();
  const l = labels(lang);
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['portal', 'complaints'],
    queryFn: fetchPortalComplaints,
  });
  const file = useMutation({
    mutationFn: (values: Parameters<typeof submitComplaint>[0]) => submitComplaint(values),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] });
    },
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={s.complaintTitle}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ type: 'consultation', category: 'policy' }}
          onFinish={(v) => file.mutate(v)}
        >
          <Form.Item name="type">
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio value="consultation">{s.consultation}</Radio>
              <Radio value="complaint" data-testid="complaint-type-complaint">
                {s.complaint}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="category" label={s.category}>
            <Select options={Object.entries(l.category).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="subject" label={s.subject} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} data-testid="complaint-subject" />
          </Form.Item>
          <Form.Item name="body" label={s.body} rules={[{ required: true, min: 5 }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="complaint-body" />
          </Form.Item>
          <Button block type="primary" htmlType="submit" loading={file.isPending} data-testid="complaint-submit">
            {s.send}
          </Button>
        </Form>
        <ErrorLine error={file.error} />
      </Card>
      <Card size="small" title={s.myComplaints} loading={list.isPending}>
        <List
          dataSource={list.data?.items ?? []}
          renderItem={(c) => (
            <List.Item data-testid="portal-complaint">
              <Space direction="vertical" style={{ width: '100%' }}>
                <div>
                  <Tag>{c.type === 'complaint' ? s.complaint : s.consultation}</Tag>
                  <Typography.Text strong>{c.subject}</Typography.Text>
                </div>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {c.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {c.number} · {s.dueBy} {c.dueOn}
                </Typography.Text>
                {c.reply ? (
                  <Alert
                    type="success"
                    message={`${s.reply}（${c.repliedOn}）`}
                    description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.reply}</span>}
                    data-testid="portal-complaint-reply"
                  />
                ) : (
                  <Typography.Text type="secondary">{s.waiting}</Typography.Text>
                )}
                <AttachFile complaint={c} />
                <RateReply complaint={c} />
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

export function AccessTab() {
  const { s, lang } = usePortalText();
  const en = lang.startsWith('en');
  const log = useQuery({
    queryKey: ['portal', 'access'],
    queryFn: fetchAccessLog,
  });
  return (
    <Card size="small" title={s.accessTitle} loading={log.isPending} data-testid="portal-access-log">
      <Typography.Paragraph type="secondary">{s.accessHint}</Typography.Paragraph>
      {log.data?.items.length === 0 ? <Empty description={s.noAccess} /> : null}
      <List
        size="small"
        dataSource={log.data?.items ?? []}
        renderItem={(r) => (
          <List.Item data-testid="portal-access-row">
            <List.Item.Meta
              title={en ? r.who.en : r.who.zh}
              description={[
                formatDateTime(r.at),
                en ? r.what.en : r.what.zh,
                r.purpose ? `${s.accessPurpose}${en ? r.purpose.en : r.purpose.zh}` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
