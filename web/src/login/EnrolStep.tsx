import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, List, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../components/States';
import { type Confirmed, confirmEnrolment, startEnrolment } from './queries';
import type { StepResult } from './steps';

/**
 * Binds an authenticator app: scan the QR code (or type the key), confirm one code, then keep the
 * recovery codes, which are shown only this once.
 */
export default function EnrolStep({ onDone }: { onDone: (result: StepResult) => void }) {
  const { t } = useTranslation(['login', 'common']);
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const enrolment = useQuery({
    queryKey: ['totp-enrol'],
    queryFn: startEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: confirmEnrolment,
    onSuccess: setConfirmed,
  });

  if (confirmed) {
    return (
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('steps.recoveryTitle')} description={t('steps.recoveryText')} />
        <List
          size="small"
          bordered
          grid={{ column: 2 }}
          dataSource={confirmed.recoveryCodes}
          renderItem={(code) => (
            <List.Item>
              <Typography.Text code copyable data-testid="recovery-code">
                {code}
              </Typography.Text>
            </List.Item>
          )}
        />
        <Button type="primary" size="large" block onClick={() => onDone(confirmed)} data-testid="recovery-saved">
          {t('steps.recoverySaved')}
        </Button>
      </Space>
    );
  }
  if (enrolment.isPending) return <Spin />;
  if (enrolment.error)
    return <Alert type="error" showIcon title={errorMessage(enrolment.error, t('errors.unknown'))} />;
  return (
    <Form
      layout="vertical"
      name="enrol"
      requiredMark={false}
      onFinish={(v: { code: string }) => confirm.mutate(v.code)}
    >
      <Typography.Paragraph>{t('steps.enrolIntro')}</Typography.Paragraph>
      <div style={{ textAlign: 'center' }}>
        <img src={enrolment.data.qrDataUrl} alt={t('steps.qrAlt')} width={200} height={200} data-testid="totp-qr" />
        <Typography.Paragraph type="secondary">
          {t('steps.manualKey')}{' '}
          <Typography.Text code copyable data-testid="totp-secret">
            {enrolment.data.secret}
          </Typography.Text>
        </Typography.Paragraph>
      </div>
      {confirm.error ? (
        <Alert type="error" showIcon title={errorMessage(confirm.error, t('errors.unknown'))} className="form-alert" />
      ) : null}
      <Form.Item label={t('steps.code')} name="code" rules={[{ required: true, message: t('steps.codeRequired') }]}>
        <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={confirm.isPending}
        data-testid="enrol-submit"
      >
        {t('steps.enrolConfirm')}
      </Button>
    </Form>
  );
}
