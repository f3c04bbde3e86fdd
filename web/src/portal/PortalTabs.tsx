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
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { labelOptions } from '../i18n/options';
import { useLang } from '../lang';
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
import { PORTAL_ME, type PortalMe } from './shared';

export function MeTab({ me }: { me: PortalMe }) {
  const { t } = useTranslation('portal');
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
  const status: Record<string, string> = { pending: t('pending'), approved: t('approved'), rejected: t('rejected') };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" data-testid="portal-record">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('name')}>{p.name}</Descriptions.Item>
          <Descriptions.Item label={t('idNumber')}>{p.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label={t('sex')}>{p.sex === 'M' ? t('male') : t('female')}</Descriptions.Item>
          <Descriptions.Item label={t('birth')}>{p.birthDate}</Descriptions.Item>
          <Descriptions.Item label={t('hukou')}>{p.hukouDivision}</Descriptions.Item>
          <Descriptions.Item label={t('residence')}>{p.residenceDivision}</Descriptions.Item>
          <Descriptions.Item label={t('address')}>{p.residenceAddress ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>{p.phoneMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('arrived')}>{p.arrivedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('marital')}>
            {t(`labels.marital.${p.maritalStatus}`, { defaultValue: p.maritalStatus })}
          </Descriptions.Item>
          <Descriptions.Item label={t('children')}>{p.children.length}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('changeTitle')}>
        <Typography.Paragraph type="secondary">{t('changeHint')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => change.mutate()}>
          <Form.Item label={t('newPhone')}>
            <Input inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />
          </Form.Item>
          <Form.Item label={t('newAddress')}>
            <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
          </Form.Item>
          <Button block htmlType="submit" loading={change.isPending} disabled={!phone && !address}>
            {t('submit')}
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
      <Card size="small" title={t('consentManage')}>
        <Space direction="vertical">
          <Tag color={me.consent.health ? 'green' : 'default'}>
            {me.consent.health ? t('healthOn') : t('healthOff')}
          </Tag>
          <Button
            onClick={() => consent.mutate(!me.consent.health)}
            loading={consent.isPending}
            data-testid="toggle-health"
          >
            {me.consent.health ? t('revokeHealth') : t('grantHealth')}
          </Button>
        </Space>
      </Card>
      <RemindersSwitch me={me} />
    </Space>
  );
}

export function CertificatesTab({ suggestedOrder = 1 }: { suggestedOrder?: number }) {
  const { t } = useTranslation('portal');
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
  const appStatus: Record<string, string> = {
    submitted: t('appSubmitted'),
    issued: t('appIssued'),
    rejected: t('appRejected'),
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('certsTitle')} loading={certs.isPending}>
        {certs.data?.items.length === 0 ? <Empty description={t('noCerts')} /> : null}
        {certs.data?.items.map((c) => (
          <div key={c.id} data-testid="portal-certificate" style={{ textAlign: 'center', marginBottom: 16 }}>
            {c.qrDataUrl ? (
              <>
                <Image src={c.qrDataUrl} width={200} preview={false} alt={c.number} />
                <Typography.Paragraph type="secondary">{t('showQr')}</Typography.Paragraph>
              </>
            ) : null}
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('certNumber')}>
                {c.number}{' '}
                <Tag color={c.status === 'valid' ? 'green' : 'default'}>
                  {t(`certStatus.${c.status}`, { defaultValue: c.status })}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('validUntil')}>{c.expiresOn}</Descriptions.Item>
              <Descriptions.Item label={t('issuer')}>{c.issuer}</Descriptions.Item>
            </Descriptions>
          </div>
        ))}
      </Card>
      <Card size="small" title={t('applyTitle')}>
        <Typography.Paragraph type="secondary">{t('applyHint')}</Typography.Paragraph>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} data-testid="apply-kind">
          <Space direction="vertical">
            <Radio value="standard">{t('standard')}</Radio>
            <Radio value="temporary">{t('temporary')}</Radio>
          </Space>
        </Radio.Group>
        <Input
          style={{ marginTop: 12 }}
          placeholder={t('purpose')}
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
          {t('apply')}
        </Button>
        <ErrorLine error={apply.error} />
        {apps.data?.items.length ? (
          <List
            size="small"
            header={t('myApplications')}
            dataSource={apps.data.items}
            renderItem={(a) => (
              <List.Item data-testid="portal-application">
                {a.kind === 'standard' ? t('standard') : t('temporary')}
                <Tag>{appStatus[a.status] ?? a.status}</Tag>
                {a.routedToOrigin && a.status === 'submitted' ? (
                  <Typography.Text type="secondary" data-testid="portal-application-routed">
                    {t('appRouted')}
                  </Typography.Text>
                ) : null}
                {a.status === 'rejected' && a.note ? (
                  <Typography.Text type="secondary" data-testid="portal-application-reason">
                    {t('appReason')}
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
  const { t } = useTranslation('portal');
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
              setError(body?.error?.message ?? t('loadError'));
            }
          }}
        >
          <Button size="small">{t('attach')}</Button>
        </Upload>
      ) : null}
      {error ? <Typography.Text type="danger"> {error}</Typography.Text> : null}
    </div>
  );
}

function RateReply({ complaint }: { complaint: PortalComplaint }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [value, setValue] = useState(5);
  const rate = useMutation({
    mutationFn: () => rateComplaint(complaint.id, { rating: value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal', 'complaints'] }),
  });
  if (complaint.rating) {
    return (
      <div>
        {t('rated')}: <Rate disabled value={complaint.rating} />
      </div>
    );
  }
  if (complaint.status !== 'replied') return null;
  return (
    <Space wrap>
      <span>{t('rate')}</span>
      <Rate value={value} onChange={setValue} />
      <Button size="small" onClick={() => rate.mutate()} loading={rate.isPending}>
        {t('rateSend')}
      </Button>
    </Space>
  );
}

export function ComplaintsTab() {
  const { t } = useTranslation('portal');
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
      <Card size="small" title={t('complaintTitle')}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ type: 'consultation', category: 'policy' }}
          onFinish={(v) => file.mutate(v)}
        >
          <Form.Item name="type">
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio value="consultation">{t('consultation')}</Radio>
              <Radio value="complaint" data-testid="complaint-type-complaint">
                {t('complaint')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="category" label={t('category')}>
            <Select options={labelOptions(t, 'common:complaintCategories')} />
          </Form.Item>
          <Form.Item name="subject" label={t('subject')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} data-testid="complaint-subject" />
          </Form.Item>
          <Form.Item name="body" label={t('body')} rules={[{ required: true, min: 5 }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="complaint-body" />
          </Form.Item>
          <Button block type="primary" htmlType="submit" loading={file.isPending} data-testid="complaint-submit">
            {t('send')}
          </Button>
        </Form>
        <ErrorLine error={file.error} />
      </Card>
      <Card size="small" title={t('myComplaints')} loading={list.isPending}>
        <List
          dataSource={list.data?.items ?? []}
          renderItem={(c) => (
            <List.Item data-testid="portal-complaint">
              <Space direction="vertical" style={{ width: '100%' }}>
                <div>
                  <Tag>{c.type === 'complaint' ? t('complaint') : t('consultation')}</Tag>
                  <Typography.Text strong>{c.subject}</Typography.Text>
                </div>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {c.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {c.number} · {t('dueBy')} {c.dueOn}
                </Typography.Text>
                {c.reply ? (
                  <Alert
                    type="success"
                    message={`${t('reply')}（${c.repliedOn}）`}
                    description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.reply}</span>}
                    data-testid="portal-complaint-reply"
                  />
                ) : (
                  <Typography.Text type="secondary">{t('waiting')}</Typography.Text>
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
  const { t } = useTranslation('portal');
  const lang = useLang();
  const en = lang.startsWith('en');
  const log = useQuery({
    queryKey: ['portal', 'access'],
    queryFn: fetchAccessLog,
  });
  return (
    <Card size="small" title={t('accessTitle')} loading={log.isPending} data-testid="portal-access-log">
      <Typography.Paragraph type="secondary">{t('accessHint')}</Typography.Paragraph>
      {log.data?.items.length === 0 ? <Empty description={t('noAccess')} /> : null}
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
                r.purpose ? `${t('accessPurpose')}${en ? r.purpose.en : r.purpose.zh}` : null,
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
