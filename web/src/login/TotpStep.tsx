import { SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../components/States';
import { verifyTotp } from './queries';
import type { StepResult } from './steps';

/** Second factor: the 6-digit code from the authenticator app, or a recovery code. */
export default function TotpStep({ onDone }: { onDone: (result: StepResult) => void }) {
  const { t } = useTranslation(['login', 'common']);
  const verify = useMutation({
    mutationFn: verifyTotp,
    onSuccess: onDone,
  });
  return (
    <Form layout="vertical" name="totp" requiredMark={false} onFinish={(v: { code: string }) => verify.mutate(v.code)}>
      <Typography.Paragraph>{t('steps.totpIntro')}</Typography.Paragraph>
      {verify.error ? (
        <Alert type="error" showIcon title={errorMessage(verify.error, t('errors.unknown'))} className="form-alert" />
      ) : null}
      <Form.Item label={t('steps.code')} name="code" rules={[{ required: true, message: t('steps.codeRequired') }]}>
        <Input
          prefix={<SafetyOutlined />}
          size="large"
          autoComplete="one-time-code"
          inputMode="numeric"
          autoFocus
          maxLength={20}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending} data-testid="totp-submit">
        {t('steps.verify')}
      </Button>
      <Typography.Paragraph type="secondary" className="login-note">
        {t('steps.recoveryHint')}
      </Typography.Paragraph>
    </Form>
  );
}
