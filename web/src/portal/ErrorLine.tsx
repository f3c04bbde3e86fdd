/** An API error in the signed-in portal (antd); the sign-in screen has its own without antd. */
import { Alert } from 'antd';
import { ApiError } from '../api';
import { headlineIn } from '../components/headline';
import { useLang } from '../lang';

export function ErrorLine({ error }: { error: unknown }) {
  const lang = useLang();
  if (!error) return null;
  const message = error instanceof ApiError ? headlineIn(lang, error) : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert
      type="error"
      showIcon
      message={message}
      description={issues.length ? issues.map((i) => i.message).join('；') : undefined}
      data-testid="portal-error"
    />
  );
}
