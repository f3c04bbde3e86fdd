/** The separate opt-in for SMS reminders (issue 26 part 5): on or off at any time, like the health consent. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorLine } from './ErrorLine';
import { giveConsent } from './queries';
import type { PortalMe } from './shared';

export function RemindersSwitch({ me }: { me: PortalMe }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const on = Boolean(me.consent.reminders);
  const toggle = useMutation({
    mutationFn: () => giveConsent({ terms: true, health: me.consent.health, reminders: !on }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal'] }),
  });
  return (
    <Card size="small" title={t('remindersTitle')} data-testid="portal-reminders">
      <Space direction="vertical">
        <Typography.Paragraph type="secondary">{t('remindersText')}</Typography.Paragraph>
        <Tag color={on ? 'green' : 'default'}>{on ? t('remindersOn') : t('remindersOff')}</Tag>
        <Button onClick={() => toggle.mutate()} loading={toggle.isPending} data-testid="toggle-reminders">
          {on ? t('remindersDisable') : t('remindersEnable')}
        </Button>
        <ErrorLine error={toggle.error} />
      </Space>
    </Card>
  );
}
