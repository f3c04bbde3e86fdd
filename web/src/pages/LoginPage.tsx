import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { ME_KEY, session, useMe } from '../auth';
import LanguageSwitch from '../components/LanguageSwitch';
import { errorMessage } from '../components/States';
import type { User } from '../types';

interface LoginValues {
  username: string;
  password: string;
}

interface LoginState {
  from?: string;
  expired?: boolean;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const target = state.from && state.from !== '/login' ? state.from : '/';

  const login = useMutation({
    mutationFn: (values: LoginValues) =>
      api<{ user: User }>('/api/auth/login', { method: 'POST', body: values, quiet401: true }),
    onSuccess: ({ user }) => {
      session.clearExpired();
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, user);
      navigate(target, { replace: true });
    },
  });

  if (me.data && !login.isPending) return <Navigate to={target} replace />;

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-panel">
        <div className="login-intro">
          <span className="login-mark">流</span>
          <Typography.Title level={2} className="login-title">
            {t('app.fullName')}
          </Typography.Title>
          <Typography.Paragraph className="login-tagline">{t('login.tagline')}</Typography.Paragraph>
        </div>
        <Card className="login-card" title={t('login.title')}>
          {state.expired && !login.error ? (
            <Alert type="info" showIcon title={t('login.expired')} className="form-alert" />
          ) : null}
          {login.error ? (
            <Alert
              type="error"
              showIcon
              title={errorMessage(login.error, t('errors.unknown'))}
              className="form-alert"
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginValues>
            layout="vertical"
            name="login"
            requiredMark={false}
            onFinish={(values) => login.mutate(values)}
            autoComplete="on"
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={login.isPending}
              data-testid="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" className="login-note">
            {t('login.privacy')}
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
