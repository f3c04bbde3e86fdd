/**
 * The resident portal (/portal): phone-first, plain language. Sign in with ID number + SMS code, accept the
 * notice (health data consent separate and revocable), then five tabs. Every call goes to /api/portal/*, which
 * derives the person from the session. Text from residents and staff is rendered as text (React escapes it).
 * The sign-in screen a phone opens first is plain React (components/Plain.tsx); antd and the tabs load after
 * sign-in (PortalHome.tsx), so the first load stays small (issue 21).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { headline } from '../components/errorText';
import LangToggle from '../components/LangToggle';
import { Alert, Button, Card, Spinner } from '../components/Plain';
import { useLang } from '../lang';
import { askCode, fetchPortalMe, signOutPortal, verifyCode } from './queries';
import { PORTAL_ME } from './shared';
import { RESEND_SECONDS, useCountdown } from './useCountdown';

const PortalHome = lazy(() => import('./PortalHome'));

/** An error of the sign-in step: the message, and the fields' messages under it. */
function SignInError({ error }: { error: unknown }) {
  useLang(); // render again in the new language: the headline is translated
  if (!error) return null;
  const message = error instanceof ApiError ? headline(error) : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert tone="error" testId="portal-error">
      <div className="v-alert-title">{message}</div>
      {issues.length ? <div className="v-alert-description">{issues.map((i) => i.message).join('；')}</div> : null}
    </Alert>
  );
}

function SignIn() {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const wait = useCountdown();
  const ask = useMutation({
    mutationFn: () => askCode(idNumber),
    onSuccess: () => {
      setSent(true);
      wait.start(RESEND_SECONDS);
    },
  });
  const verify = useMutation({
    mutationFn: () => verifyCode(idNumber, code),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_ME }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!verify.isPending) verify.mutate();
  };
  return (
    <Card title={t('signInTitle')}>
      <p className="v-secondary">{t('signInHint')}</p>
      <form onSubmit={submit}>
        <div className="v-field">
          <label className="v-label" htmlFor="portal-id">
            {t('idNumber')}
          </label>
          <input
            id="portal-id"
            className="v-input large"
            inputMode="text"
            autoComplete="off"
            maxLength={18}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            data-testid="portal-id"
          />
        </div>
        <Button
          block
          large
          busy={ask.isPending}
          disabled={wait.left > 0}
          onClick={() => ask.mutate()}
          testId="portal-get-code"
        >
          {wait.left > 0 ? t('resendIn', { n: wait.left }) : t('getCode')}
        </Button>
        {sent ? (
          <Alert tone="info" testId="portal-code-sent">
            {t('codeSent')}
          </Alert>
        ) : null}
        <div className="v-field" style={{ marginTop: 16 }}>
          <label className="v-label" htmlFor="portal-code">
            {t('code')}
          </label>
          <input
            id="portal-code"
            className="v-input large"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            data-testid="portal-code"
          />
        </div>
        <Button
          block
          primary
          large
          submit
          busy={verify.isPending}
          onClick={() => verify.mutate()}
          testId="portal-sign-in"
        >
          {t('signIn')}
        </Button>
      </form>
      <div style={{ marginTop: 12 }}>
        <SignInError error={ask.error ?? verify.error} />
      </div>
    </Card>
  );
}

export default function PortalApp() {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: PORTAL_ME,
    retry: false,
    queryFn: async () => {
      try {
        return await fetchPortalMe();
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
  });
  const signOut = async () => {
    await signOutPortal();
    queryClient.removeQueries({ queryKey: ['portal'] });
    await queryClient.invalidateQueries({ queryKey: PORTAL_ME });
  };
  let body: React.ReactNode;
  if (me.isPending) body = <Spinner />;
  else if (me.isError)
    body = (
      <Alert tone="warning" testId="portal-load-error">
        {t('loadError')}
      </Alert>
    );
  else if (!me.data) body = <SignIn />;
  else
    body = (
      <Suspense fallback={<Spinner />}>
        <PortalHome me={me.data} />
      </Suspense>
    );
  return (
    <div className="portal">
      <header className="portal-header">
        <h1 className="portal-title">{t('appTitle')}</h1>
        <div className="portal-header-tools">
          <LangToggle />
          {me.data ? (
            <Button small onClick={() => void signOut()} testId="portal-sign-out">
              {t('signOut')}
            </Button>
          ) : null}
        </div>
      </header>
      <main className="portal-main">{body}</main>
    </div>
  );
}
