/** An API error in the signed-in portal (antd); the sign-in screen has its own without antd. */
import { Alert } from 'antd';
import { ApiError } from '../api';

export function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : String(error);
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
