/** 账户安全: change password, bind an authenticator, log out everywhere. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ME_KEY } from '../auth';
import EnrolStep from '../login/EnrolStep';
import PasswordStep from '../login/PasswordStep';
import { logOutEverywhere } from '../login/queries';

export default function AccountPage() {
  const { t } = useTranslation(['login', 'common']);
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [enrolling, setEnrolling] = useState(false);
  const logoutAll = useMutation({
    mutationFn: logOutEverywhere,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    },
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Card title={t('steps.changePassword')}>
            <PasswordStep onDone={() => void message.success(t('account.passwordChanged'))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Card title={t('steps.enrolTitle')}>
              {enrolling ? (
                <EnrolStep
                  onDone={() => {
                    setEnrolling(false);
                    void message.success(t('account.totpBound'));
                  }}
                />
              ) : (
                <Space direction="vertical">
                  <Typography.Paragraph>{t('account.totpText')}</Typography.Paragraph>
                  <Button onClick={() => setEnrolling(true)} data-testid="start-enrol">
                    {t('account.totpStart')}
                  </Button>
                </Space>
              )}
            </Card>
            <Card title={t('account.sessionsTitle')}>
              <Typography.Paragraph>{t('account.sessionsText')}</Typography.Paragraph>
              <Button danger loading={logoutAll.isPending} onClick={() => logoutAll.mutate()} data-testid="logout-all">
                {t('account.logoutAll')}
              </Button>
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
