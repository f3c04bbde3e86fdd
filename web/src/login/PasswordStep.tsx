import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { errorMessage } from '../components/States';
import { changePassword } from './queries';
import type { StepResult } from './steps';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** Changing the password: forced for accounts created by an administrator, available to everyone. */
export default function PasswordStep({ onDone, intro }: { onDone: (result: StepResult) => void; intro?: string }) {
  const { t } = useTranslation(['login', 'common']);
  const [form] = Form.useForm<Values>();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: Values) => changePassword({ currentPassword, newPassword }),
    onSuccess: (result) => {
      form.resetFields();
      onDone(result);
    },
    onError: (error) => {
      if (isApiError(error))
        form.setFields(error.issues.map((i) => ({ name: i.path as keyof Values, errors: [i.message] })));
    },
  });
  return (
    <Form form={form} layout="vertical" name="password" requiredMark={false} onFinish={(v) => change.mutate(v)}>
      {intro ? <Typography.Paragraph>{intro}</Typography.Paragraph> : null}
      {change.error ? (
        <Alert type="error" showIcon title={errorMessage(change.error, t('errors.unknown'))} className="form-alert" />
      ) : null}
      <Form.Item
        label={t('steps.currentPassword')}
        name="currentPassword"
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label={t('steps.newPassword')}
        name="newPassword"
        extra={t('steps.passwordRule')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('steps.repeatPassword')}
        name="repeat"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('steps.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="password-submit">
        {t('steps.changePassword')}
      </Button>
    </Form>
  );
}
