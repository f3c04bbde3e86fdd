/** An API error in the signed-in portal (antd); the sign-in screen has its own without antd. */
import { Alert } from 'antd';
import { ApiError } from '../api';
import { headline } from '../components/errorText';
import { useLang } from '../lang';

export function ErrorLine({ error }: { error: unknown }) {
  useLang(); // render again in the new language: the headline is translated
  if (!error) return null;
  const message = error instanceof ApiError ? headline(error) : String(error);
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
