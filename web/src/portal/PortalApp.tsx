/**
 * The resident portal (/portal): phone-first, plain language. Sign in with ID number + SMS code, accept the
 * notice (health data consent separate and revocable), then five tabs. Every call goes to /api/portal/*, which
 * derives the person from the session. Text from residents and staff is rendered as text (React escapes it).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { ApiError, api } from '../api';
import LangToggle from '../components/LangToggle';
import { ErrorLine, PORTAL_ME, type PortalMe, usePortalText } from './shared';

// The tabs (lists, uploads, forms) load after sign-in: the sign-in screen a phone opens first stays small.
const PortalHome = lazy(() => import('./PortalHome'));

function SignIn() {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const ask = useMutation({
    mutationFn: () => api('/api/portal/auth/code', { method: 'POST', body: { idNumber }, quiet401: true }),
    onSuccess: () => setSent(true),
  });
  const verify = useMutation({
    mutationFn: () => api('/api/portal/auth/verify', { method: 'POST', body: { idNumber, code }, quiet401: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_ME }),
  });
  return (
    <Card title={s.signInTitle}>
      <Typography.Paragraph type="secondary">{s.signInHint}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => verify.mutate()}>
        <Form.Item label={s.idNumber}>
          <Input
            size="large"
            inputMode="text"
            autoComplete="off"
            maxLength={18}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            data-testid="portal-id"
          />
        </Form.Item>
        <Button block size="large" onClick={() => ask.mutate()} loading={ask.isPending} data-testid="portal-get-code">
          {s.getCode}
        </Button>
        {sent ? (
          <Alert style={{ marginTop: 12 }} type="info" message={s.codeSent} data-testid="portal-code-sent" />
        ) : null}
        <Form.Item label={s.code} style={{ marginTop: 16 }}>
          <Input
            size="large"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            data-testid="portal-code"
          />
        </Form.Item>
        <Button
          block
          type="primary"
          size="large"
          htmlType="submit"
          loading={verify.isPending}
          data-testid="portal-sign-in"
        >
          {s.signIn}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorLine error={ask.error ?? verify.error} />
      </div>
    </Card>
  );
}

function Consent({ me }: { me: PortalMe }) {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState(me.consent.terms);
  const [health, setHealth] = useState(me.consent.health);
  const save = useMutation({
    mutationFn: () => api('/api/portal/consent', { method: 'POST', body: { terms, health } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal'] }),
  });
  return (
    <Card title={s.consentTitle} data-testid="portal-consent">
      <Typography.Paragraph>{s.consentText1}</Typography.Paragraph>
      <Typography.Paragraph>{s.consentText2}</Typography.Paragraph>
      <Typography.Paragraph>{s.consentText3}</Typography.Paragraph>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Checkbox checked={terms} onChange={(e) => setTerms(e.target.checked)} data-testid="consent-terms">
          {s.consentTerms}
        </Checkbox>
        <Checkbox checked={health} onChange={(e) => setHealth(e.target.checked)} data-testid="consent-health">
          {s.consentHealth}
        </Checkbox>
        <Button
          block
          type="primary"
          size="large"
          disabled={!terms}
          loading={save.isPending}
          onClick={() => save.mutate()}
          data-testid="consent-continue"
        >
          {s.consentContinue}
        </Button>
        <ErrorLine error={save.error} />
      </Space>
    </Card>
  );
}

export default function PortalApp() {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: PORTAL_ME,
    retry: false,
    queryFn: async () => {
      try {
        return await api<PortalMe>('/api/portal/me', { quiet401: true });
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
  });
  const signOut = async () => {
    await api('/api/auth/logout', { method: 'POST', quiet401: true });
    queryClient.removeQueries({ queryKey: ['portal'] });
    await queryClient.invalidateQueries({ queryKey: PORTAL_ME });
  };
  let body: React.ReactNode;
  if (me.isPending) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (me.isError) body = <Result status="warning" title={s.loadError} />;
  else if (!me.data) body = <SignIn />;
  else if (!me.data.consent.terms) body = <Consent me={me.data} />;
  else
    body = (
      <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
        <PortalHome me={me.data} />
      </Suspense>
    );
  return (
    <div className="portal">
      <header className="portal-header">
        <Typography.Title level={4} style={{ margin: 0, color: '#fff' }}>
          {s.appTitle}
        </Typography.Title>
        <Space>
          <LangToggle />
          {me.data ? (
            <Button size="small" onClick={() => void signOut()} data-testid="portal-sign-out">
              {s.signOut}
            </Button>
          ) : null}
        </Space>
      </header>
      <main className="portal-main">{body}</main>
    </div>
  );
}
