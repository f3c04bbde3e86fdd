/** 信息交换: inbox and outbox of the jurisdiction, the indicators, and (for the county) the dead letters. */
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DeadLettersTab from './DeadLettersTab';
import MessagesTab from './MessagesTab';
import RatesTab from './RatesTab';

export { EXCHANGE_ROLES } from '../auth';

export default function ExchangePage() {
  const { t } = useTranslation('exchange');
  const user = useUser();
  const items = [
    { key: 'inbox', label: t('inbox'), children: <MessagesTab box="inbox" /> },
    { key: 'outbox', label: t('outbox'), children: <MessagesTab box="outbox" /> },
    { key: 'rates', label: t('rates'), children: <RatesTab /> },
    ...(user.role === 'county_admin' ? [{ key: 'dead', label: t('deadLetters'), children: <DeadLettersTab /> }] : []),
  ];
  return (
    <Card title={t('title')} data-testid="exchange-page">
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}
