/** The notice a resident accepts once after the first sign-in (health data consent separate and revocable). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { ErrorLine } from './ErrorLine';
import { giveConsent } from './queries';
import { type PortalMe, usePortalText } from './shared';

export function Consent({ me }: { me: PortalMe }) {
  const { s } = usePortalText();
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState(me.consent.terms);
  const [health, setHealth] = useState(me.consent.health);
  const save = useMutation({
    mutationFn: () => giveConsent({ terms, health }),
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
