/**
 * 发起协查 from a floating person's page: a purpose from the closed list, the consent date of a referral,
 * urgency and an optional note (POST /api/exchange/inquiries).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, message, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXCHANGE_ROLES, useUser } from '../auth';
import { errorMessage } from '../components/States';
import type { Flow } from '../types';
import { INQUIRY_PURPOSES, type InquiryPurpose } from './purposes';
import { sendInquiry } from './queries';

interface Values {
  purpose: InquiryPurpose;
  consentOn?: Dayjs;
  urgent: boolean;
  text?: string;
}

/** The button and its form; shown to township officers and the county for a floating person only. */
export default function InquiryButton({ personId, flow }: { personId: string; flow: Flow }) {
  const { t } = useTranslation(['exchange', 'common']);
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const purpose = Form.useWatch('purpose', form);
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: (v: Values) =>
      sendInquiry({
        personId,
        purpose: v.purpose,
        urgent: v.urgent,
        ...(v.purpose === 'service_referral' && v.consentOn ? { consentOn: v.consentOn.format('YYYY-MM-DD') } : {}),
        ...(v.text?.trim() ? { text: v.text.trim() } : {}),
      }),
    onSuccess: () => {
      void message.success(t('inquiry.sent'));
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      setOpen(false);
    },
  });
  if (flow === 'local' || !EXCHANGE_ROLES.includes(user.role)) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="open-inquiry">
        {t('inquiry.open')}
      </Button>
      <Modal
        open={open}
        title={t('inquiry.title')}
        onCancel={() => setOpen(false)}
        okText={t('inquiry.send')}
        cancelText={t('inquiry.cancel')}
        confirmLoading={send.isPending}
        onOk={() => void form.validateFields().then((v) => send.mutate(v))}
        okButtonProps={{ id: 'inquiry-send' }}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('inquiry.purposeHint')} style={{ marginBottom: 12 }} />
        <Form<Values>
          form={form}
          layout="vertical"
          name="inquiry"
          preserve={false}
          initialValues={{ urgent: false }}
          data-testid="inquiry-form"
        >
          <Form.Item
            name="purpose"
            label={t('inquiry.purpose')}
            rules={[{ required: true, message: t('inquiry.purpose') }]}
          >
            <Select
              data-testid="inquiry-purpose"
              options={INQUIRY_PURPOSES.map((value) => ({ value, label: t(`inquiry.purposes.${value}`) }))}
            />
          </Form.Item>
          {purpose === 'service_referral' ? (
            <Form.Item
              name="consentOn"
              label={t('inquiry.consentOn')}
              extra={t('inquiry.consentHint')}
              rules={[{ required: true, message: t('inquiry.consentOn') }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="inquiry-consent" />
            </Form.Item>
          ) : null}
          <Form.Item name="urgent" label={t('inquiry.urgent')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="text" label={t('inquiry.note')}>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              placeholder={t('inquiry.notePlaceholder')}
              data-testid="inquiry-note"
            />
          </Form.Item>
        </Form>
        {send.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(send.error, t('common:errors.unknown'))}
            data-testid="inquiry-error"
          />
        ) : null}
      </Modal>
    </>
  );
}
