/**
 * Records a service for one person without leaving their page: a check-up (given or declined), a counselling
 * follow-up, any kind. The full form with the record list is on the services page.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../components/errorText';
import { newIdempotencyKey } from '../components/idempotency';
import { SERVICE_KINDS, type ServiceKind } from '../services/codes';
import OutcomeField, { OUTCOME_KEY } from '../services/OutcomeField';
import { fetchFacilities, fetchPersonServices, recordService } from '../services/queries';
import TechnicalFields, { type TechnicalValues, technicalBody, useConsentText } from '../services/TechnicalFields';

interface Values extends TechnicalValues {
  serviceKind: ServiceKind;
  status: 'done' | 'declined';
  serviceDate: Dayjs;
  facilityId?: string;
  result?: 'normal' | 'follow_up';
  outcomeText?: string;
  consent: boolean;
  nextDueOn?: Dayjs;
  notes?: string;
}

export default function ServiceModal({
  personId,
  serviceKind,
  open,
  onDone,
  onClose,
}: {
  personId: string;
  serviceKind: ServiceKind;
  open: boolean;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('services');
  const { t: tp } = useTranslation('persons');
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('serviceKind', form) ?? serviceKind;
  const status = Form.useWatch('status', form) ?? 'done';
  const facilities = useQuery({
    queryKey: ['facilities'],
    enabled: open,
    queryFn: ({ signal }) => fetchFacilities(signal),
  });
  const consentText = useConsentText(open);
  const services = useQuery({
    queryKey: ['service-person-list', personId],
    enabled: open && kind === 'technical_follow_up',
    queryFn: ({ signal }) => fetchPersonServices(personId, signal),
  });
  // One key per opening of the form: a double click saves one record (the server returns the first).
  const saveKey = useRef(newIdempotencyKey());
  const save = useMutation({
    mutationFn: (v: Values) => {
      const value = v.serviceKind === 'reproductive_checkup' ? v.result : v.outcomeText?.trim();
      return recordService({
        personId,
        serviceKind: v.serviceKind,
        status: v.status,
        serviceDate: v.serviceDate.format('YYYY-MM-DD'),
        facilityId: v.facilityId ?? null,
        consent: v.status === 'done' ? Boolean(v.consent) : false,
        nextDueOn: v.nextDueOn ? v.nextDueOn.format('YYYY-MM-DD') : null,
        notes: v.notes?.trim() || null,
        outcome: v.status === 'done' && value ? { [OUTCOME_KEY[v.serviceKind]]: value } : {},
        ...technicalBody(v.serviceKind, v.status, v, consentText.data?.version),
        idempotencyKey: saveKey.current,
      });
    },
    onSuccess: () => {
      saveKey.current = newIdempotencyKey();
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={tp('work.serviceTitle')}
      onCancel={onClose}
      okText={t('save')}
      cancelText={tp('work.cancel')}
      confirmLoading={save.isPending}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      okButtonProps={{ id: 'service-modal-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="person-service"
        preserve={false}
        initialValues={{
          serviceKind,
          status: 'done',
          serviceDate: dayjs(),
          consent: true,
          payer: 'public_health_funds',
        }}
        data-testid="service-modal"
      >
        <Form.Item name="serviceKind" label={t('serviceKind')} rules={[{ required: true }]}>
          <Select options={SERVICE_KINDS.map((value) => ({ value, label: t(`serviceKinds.${value}`) }))} />
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
        <Form.Item name="facilityId" label={t('facility')}>
          <Select allowClear options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} />
        </Form.Item>
        <TechnicalFields kind={kind} status={status} services={services.data?.items ?? []} />
        {status === 'done' ? (
          <>
            <OutcomeField kind={kind} resultName="result" />
            <Form.Item name="consent" valuePropName="checked">
              <Checkbox>{t('consent')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="nextDueOn" label={t('nextDueOn')}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="notes" label={t('notes')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
      {save.error ? (
        <Alert type="error" showIcon title={describeError(save.error)} data-testid="service-modal-error" />
      ) : null}
    </Modal>
  );
}
