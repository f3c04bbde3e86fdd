import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ME_KEY, session, useMe } from '../auth';
import LanguageSwitch from '../components/LanguageSwitch';
import { errorMessage } from '../components/States';
import EnrolStep from '../login/EnrolStep';
import PasswordStep from '../login/PasswordStep';
import { fetchMe, logIn } from '../login/queries';
import type { LoginStage, StepResult } from '../login/steps';
import TotpStep from '../login/TotpStep';

interface LoginValues {
  username: string;
  password: string;
}

interface LoginState {
  from?: string;
  expired?: boolean;
}

export default function LoginPage() {
  const { t } = useTranslation(['login', 'common']);
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const target = state.from && state.from !== '/login' ? state.from : '/';

  const [step, setStep] = useState<LoginStage | null>(null);
  // After a reload mid-login, the server still knows which step the session owes.
  const pending = useQuery({
    queryKey: ['login-stage'],
    queryFn: async () => {
      try {
        return (await fetchMe()).stage;
      } catch {
        return null;
      }
    },
    retry: false,
  });
  const currentStep = step ?? (pending.data && pending.data !== 'full' ? pending.data : null);

  const advance = ({ user, next }: StepResult) => {
    if (next !== 'full') {
      setStep(next);
      return;
    }
    session.clearExpired();
    queryClient.clear();
    queryClient.setQueryData(ME_KEY, user);
    navigate(target, { replace: true });
  };

  const login = useMutation({
    mutationFn: (values: LoginValues) => logIn(values),
    onSuccess: advance,
  });

  if (me.data && !login.isPending && !currentStep) return <Navigate to={target} replace />;

  const stepTitle = {
    totp: t('steps.totpTitle'),
    enrol_totp: t('steps.enrolTitle'),
    change_password: t('steps.passwordTitle'),
  };
  const stepCard =
    currentStep && currentStep !== 'full' ? (
      <Card className="login-card" title={stepTitle[currentStep]} data-testid={`login-step-${currentStep}`}>
        {currentStep === 'totp' ? <TotpStep onDone={advance} /> : null}
        {currentStep === 'enrol_totp' ? <EnrolStep onDone={advance} /> : null}
        {currentStep === 'change_password' ? <PasswordStep onDone={advance} intro={t('steps.passwordIntro')} /> : null}
      </Card>
    ) : null;

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-panel">
        <div className="login-intro">
          <span className="login-mark">{t('shell.brandMark')}</span>
          <Typography.Title level={2} className="login-title">
            {t('app.fullName')}
          </Typography.Title>
          <Typography.Paragraph className="login-tagline">{t('login.tagline')}</Typography.Paragraph>
        </div>
        {stepCard ?? (
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
        )}
      </div>
    </div>
  );
}
