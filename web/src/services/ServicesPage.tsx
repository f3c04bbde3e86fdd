/**
 * Recording a service (check-up, prenatal care, counselling, health education). Staff see the jurisdiction's
 * recent services and pick the person by search, never by a full ID number (or come from the person page); a
 * provider picks from the people referred to or served by their facility and sees only what the service needs.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useUser } from '../auth';
import { describeError } from '../components/errorText';
import { newIdempotencyKey } from '../components/idempotency';
import PersonPicker from '../components/PersonPicker';
import { fetchPerson } from '../persons/queries';
import { SERVICE_KINDS, type ServiceKind } from './codes';
import OutcomeField, { OUTCOME_KEY } from './OutcomeField';
import PayerReport from './PayerReport';
import {
  fetchFacilities,
  fetchFacilityClient,
  fetchFacilityClients,
  fetchPersonServices,
  recordService,
  type ServiceRecord,
} from './queries';
import RecentServices from './RecentServices';
import TechnicalDetail from './TechnicalDetail';
import TechnicalFields, {
  TECHNICAL_KINDS,
  type TechnicalValues,
  technicalBody,
  useConsentText,
} from './TechnicalFields';

interface FormValues extends TechnicalValues {
  serviceKind: ServiceKind;
  status: 'done' | 'declined';
  serviceDate: Dayjs;
  facilityId?: string;
  outreachEvent?: string;
  providerName?: string;
  consent: boolean;
  contraceptiveInUse?: 'yes' | 'no' | 'unknown';
  nextDueOn?: Dayjs;
  notes?: string;
  outcomeText?: string;
  outcomeResult?: string;
}

function usePerson(personId: string | null, provider: boolean) {
  return useQuery({
    queryKey: ['service-person', personId, provider],
    enabled: Boolean(personId),
    queryFn: async ({ signal }) => {
      if (provider) {
        const r = await fetchFacilityClient(personId ?? '', signal);
        return { person: r.person, services: r.services };
      }
      const [p, s] = await Promise.all([
        fetchPerson(personId ?? '', false, signal).then((person) => ({ person })),
        fetchPersonServices(personId ?? '', signal),
      ]);
      return { person: p.person, services: s.items };
    },
  });
}

/** The fields the table shows, which a provider's view of a service has too. */
type ServiceRow = Pick<
  ServiceRecord,
  'id' | 'serviceKind' | 'status' | 'serviceDate' | 'facilityName' | 'outreachEvent' | 'nextDueOn'
>;

export function ServiceTable({ items }: { items: ServiceRow[] }) {
  const { t } = useTranslation('services');
  const [technical, setTechnical] = useState<string | null>(null);
  if (items.length === 0) return <Empty description={t('noServices')} />;
  return (
    <>
      {technical ? <TechnicalDetail serviceId={technical} onClose={() => setTechnical(null)} /> : null}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        data-testid="service-list"
        columns={[
          { title: t('serviceDate'), dataIndex: 'serviceDate', width: 120 },
          { title: t('serviceKind'), render: (_, r) => t(`serviceKinds.${r.serviceKind}`) },
          {
            title: t('status'),
            render: (_, r) => <Tag color={r.status === 'done' ? 'green' : 'default'}>{t(r.status)}</Tag>,
          },
          { title: t('facility'), render: (_, r) => r.facilityName ?? r.outreachEvent ?? '—' },
          { title: t('nextDue'), dataIndex: 'nextDueOn', render: (v: string | null) => v ?? '—' },
          {
            title: '',
            render: (_, r) =>
              TECHNICAL_KINDS.includes(r.serviceKind) && r.status === 'done' ? (
                <Button size="small" onClick={() => setTechnical(r.id)}>
                  {t('technicalDetail')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function ProviderClients({ onPick }: { onPick: (id: string) => void }) {
  const { t } = useTranslation('services');
  const clients = useQuery({
    queryKey: ['facility-clients'],
    queryFn: ({ signal }) => fetchFacilityClients(signal),
  });
  return (
    <Card title={clients.data?.facility?.name ?? t('clients')} size="small" className="detail-card">
      <Typography.Paragraph type="secondary">{t('clients')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={clients.isPending}
        dataSource={clients.data?.items ?? []}
        locale={{ emptyText: t('noClients') }}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t('person'), dataIndex: 'name' },
          { title: t('pfId'), dataIndex: 'idNumberMasked', className: 'mono' },
          {
            title: t('serviceKind'),
            render: (_, r) =>
              r.referredFor.length ? r.referredFor.map((k) => <Tag key={k}>{t(`serviceKinds.${k}`)}</Tag>) : '—',
          },
          {
            title: '',
            render: (_, r) => (
              <Button size="small" onClick={() => onPick(r.id)}>
                {t('record')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function ServicesPage() {
  const { t } = useTranslation('services');
  const user = useUser();
  const provider = user.role === 'provider';
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const personId = params.get('personId');
  // From the provider's bookings page: the booking the service is recorded against, and its kind.
  const bookingId = params.get('bookingId');
  const bookedKind = (params.get('kind') as ServiceKind | null) ?? 'reproductive_checkup';
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('serviceKind', form) ?? bookedKind;
  const consentText = useConsentText(true);
  const status = Form.useWatch('status', form) ?? 'done';
  const person = usePerson(personId, provider);
  const facilities = useQuery({
    queryKey: ['facilities'],
    queryFn: ({ signal }) => fetchFacilities(signal),
  });

  // One key per filled-in form: a second click sends the same key and gets the first record back.
  const saveKey = useRef(newIdempotencyKey());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new person starts a new form
  useEffect(() => {
    saveKey.current = newIdempotencyKey();
  }, [personId]);

  const pick = (id: string) => setParams({ personId: id });
  const { t: tp } = useTranslation('persons');

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const outcomeKey = OUTCOME_KEY[v.serviceKind];
      const outcomeValue = v.serviceKind === 'reproductive_checkup' ? v.outcomeResult : v.outcomeText;
      return recordService({
        personId: personId ?? '',
        serviceKind: v.serviceKind,
        status: v.status,
        serviceDate: v.serviceDate.format('YYYY-MM-DD'),
        facilityId: provider ? undefined : (v.facilityId ?? null),
        outreachEvent: v.outreachEvent || null,
        providerName: v.providerName || null,
        consent: v.status === 'done' ? Boolean(v.consent) : false,
        contraceptiveInUse:
          v.serviceKind === 'contraceptive_counselling' && v.status === 'done' && v.contraceptiveInUse !== 'unknown'
            ? v.contraceptiveInUse === 'yes'
            : null,
        nextDueOn: v.nextDueOn ? v.nextDueOn.format('YYYY-MM-DD') : null,
        notes: v.notes || null,
        outcome: v.status === 'done' && outcomeValue ? { [outcomeKey]: outcomeValue } : {},
        ...technicalBody(v.serviceKind, v.status, v, consentText.data?.version),
        bookingId: bookingId ?? undefined,
        idempotencyKey: saveKey.current,
      });
    },
    onSuccess: () => {
      // One toast for a double click: the second answer is the same record (keyed, so antd shows it once).
      void message.success({ content: t('saved'), key: 'service-saved' });
      // The form clears after saving, and the next save is a new record with a new key.
      saveKey.current = newIdempotencyKey();
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['service-person', personId] });
      void queryClient.invalidateQueries({ queryKey: ['timeline', personId] });
      void queryClient.invalidateQueries({ queryKey: ['services', 'recent'] });
    },
  });

  const saveError = save.error ? describeError(save.error) : null;
  return (
    <div className="page" data-testid="services-page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {t('servicesTitle')}
        </Typography.Title>
      </div>
      <Alert type="info" showIcon className="form-alert" title={t('servicesHint')} />
      {provider ? <ProviderClients onPick={pick} /> : null}
      {!provider ? (
        <Card size="small" className="detail-card">
          <Space wrap>
            <span>{tp('work.pickerLabel')}</span>
            <PersonPicker
              value={person.data?.person ?? null}
              onChange={(p) => (p ? pick(p.id) : setParams({}))}
              testId="service-picker"
            />
          </Space>
        </Card>
      ) : null}
      {!provider && !personId ? <RecentServices onPick={pick} /> : null}
      {!provider && !personId ? <PayerReport /> : null}
      {person.data ? (
        <Card
          className="detail-card"
          title={
            <Space>
              <span data-testid="service-person">{person.data.person.name}</span>
              <Typography.Text type="secondary" className="mono">
                {person.data.person.idNumberMasked}
              </Typography.Text>
              {!provider ? <Link to={`/persons/${person.data.person.id}`}>{t('detail')}</Link> : null}
            </Space>
          }
        >
          <Form<FormValues>
            form={form}
            layout="vertical"
            name="service"
            initialValues={{
              serviceKind: bookedKind,
              status: 'done',
              serviceDate: dayjs(),
              consent: true,
              contraceptiveInUse: 'unknown',
              // The usual payer of a free basic service; staff change it when someone else pays.
              payer: 'public_health_funds',
            }}
            onFinish={(v) => {
              if (!save.isPending) save.mutate(v);
            }}
            style={{ maxWidth: 720 }}
          >
            <Form.Item name="serviceKind" label={t('serviceKind')} rules={[{ required: true }]}>
              <Select
                options={SERVICE_KINDS.map((value) => ({ value, label: t(`serviceKinds.${value}`) }))}
                data-testid="service-kind"
              />
            </Form.Item>
            <Form.Item name="status" label={t('status')}>
              <Radio.Group
                options={[
                  { value: 'done', label: t('done') },
                  { value: 'declined', label: t('declined') },
                ]}
              />
            </Form.Item>
            <Form.Item name="serviceDate" label={t('serviceDate')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            {!provider ? (
              <Form.Item name="facilityId" label={t('facility')}>
                <Select
                  allowClear
                  options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
                  data-testid="service-facility"
                />
              </Form.Item>
            ) : null}
            <Form.Item name="outreachEvent" label={t('outreachEvent')}>
              <Input maxLength={100} />
            </Form.Item>
            <TechnicalFields kind={kind} status={status} services={person.data.services} />
            {status === 'done' ? (
              <>
                <OutcomeField kind={kind} resultName="outcomeResult" />
                {kind === 'contraceptive_counselling' ? (
                  <Form.Item name="contraceptiveInUse" label={t('contraceptiveInUse')}>
                    <Radio.Group
                      options={[
                        { value: 'yes', label: t('yes') },
                        { value: 'no', label: t('no') },
                        { value: 'unknown', label: t('notAnswered') },
                      ]}
                    />
                  </Form.Item>
                ) : null}
                <Form.Item name="consent" valuePropName="checked">
                  <Checkbox data-testid="service-consent">{t('consent')}</Checkbox>
                </Form.Item>
              </>
            ) : null}
            <Form.Item name="nextDueOn" label={t('nextDueOn')}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="providerName" label={t('providerName')}>
              <Input maxLength={50} />
            </Form.Item>
            {!provider ? (
              <Form.Item name="notes" label={t('notes')}>
                <Input.TextArea maxLength={500} rows={2} />
              </Form.Item>
            ) : null}
            {saveError ? (
              <Alert type="error" showIcon title={saveError} className="form-alert" data-testid="service-error" />
            ) : null}
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              disabled={save.isPending}
              data-testid="service-save"
            >
              {t('save')}
            </Button>
          </Form>
          <Descriptions title={t('services')} style={{ marginTop: 24 }} />
          <ServiceTable items={person.data.services} />
        </Card>
      ) : person.isError ? (
        <Alert type="error" showIcon title={describeError(person.error)} />
      ) : null}
    </div>
  );
}
