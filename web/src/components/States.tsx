/** Loading, empty and error states used across pages. */
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api';

export function FullPageLoading() {
  return (
    <div className="full-page-center">
      <Spin size="large" />
    </div>
  );
}

export function Loading() {
  return (
    <div className="block-center" data-testid="loading">
      <Spin />
    </div>
  );
}

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
}

/** 404 reads as "not found or no access" (the API hides out-of-scope records), others as a failure to load. */
export function ErrorState({ error, onRetry }: ErrorStateProps) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 404) {
    return (
      <Result
        status="404"
        title={t('states.notFoundTitle')}
        subTitle={errorMessage(error, t('states.notFound'))}
        extra={
          <Link to="/persons">
            <Button type="primary">{t('states.backToList')}</Button>
          </Link>
        }
        data-testid="not-found"
      />
    );
  }
  if (status === 403) {
    return <Result status="403" title={t('states.forbiddenTitle')} subTitle={errorMessage(error, '')} />;
  }
  const correlationId = error instanceof ApiError ? error.correlationId : undefined;
  return (
    <Result
      status="error"
      title={t('states.loadFailed')}
      subTitle={
        <>
          {errorMessage(error, t('errors.unknown'))}
          {correlationId ? <div className="muted">{t('states.correlationId', { id: correlationId })}</div> : null}
        </>
      }
      extra={onRetry ? <Button onClick={onRetry}>{t('states.retry')}</Button> : null}
      data-testid="load-error"
    />
  );
}

export function FullPageError(props: ErrorStateProps) {
  return (
    <div className="full-page-center">
      <ErrorState {...props} />
    </div>
  );
}
