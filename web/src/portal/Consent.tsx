/** The notice a resident accepts once after the first sign-in (health data consent separate and revocable). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorLine } from './ErrorLine';
import { giveConsent } from './queries';
import type { PortalMe } from './shared';

export function Consent({ me }: { me: PortalMe }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState(me.consent.terms);
  const [health, setHealth] = useState(me.consent.health);
  const save = useMutation({
    mutationFn: () => giveConsent({ terms, health }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal'] }),
  });
  return (
    <Card title={t('consentTitle')} data-testid="portal-consent">
      <Typography.Paragraph>{t('consentText1')}</Typography.Paragraph>
      <Typography.Paragraph>{t('consentText2')}</Typography.Paragraph>
      <Typography.Paragraph>{t('consentText3')}</Typography.Paragraph>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Checkbox checked={terms} onChange={(e) => setTerms(e.target.checked)} data-testid="consent-terms">
          {t('consentTerms')}
        </Checkbox>
        <Checkbox checked={health} onChange={(e) => setHealth(e.target.checked)} data-testid="consent-health">
          {t('consentHealth')}
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
          {t('consentContinue')}
        </Button>
        <ErrorLine error={save.error} />
      </Space>
    </Card>
  );
}
